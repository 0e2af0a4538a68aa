//! The allocator around start-up.
//!
//! Loading decompresses four model files and the gazetteer on parallel threads; each builds
//! its tables from buffers it then frees. mimalloc keeps freed memory for a while before it
//! hands it back to the system (its purge delay, 1 s by default), so the buffers of all the
//! loaders stayed resident together and made start-up the process's peak: 280–340 MiB where
//! the loaded models take under 200. While the models load, freed memory is handed back at
//! once; afterwards the default delay, which keeps the analysis fast, comes back.

use libmimalloc_sys::{mi_collect, mi_option_get, mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (libmimalloc-sys names only the
/// options of mimalloc 2); a test checks it still holds the documented default.
const PURGE_DELAY: mi_option_t = 15;

/// Run `load` with freed memory returned to the system at once.
pub fn with_prompt_release<T>(load: impl FnOnce() -> T) -> T {
    // SAFETY: options are plain integers in mimalloc's option table, read on every purge;
    // setting one from any thread at any time is allowed.
    let delay = unsafe { mi_option_get(PURGE_DELAY) };
    unsafe { mi_option_set(PURGE_DELAY, 0) };
    let loaded = load();
    // SAFETY: as above; `mi_collect` only frees memory that nothing references any more.
    unsafe {
        mi_collect(true);
        mi_option_set(PURGE_DELAY, delay);
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test: the option is process-wide, and tests run in parallel.
    #[test]
    fn loading_sets_the_purge_delay_to_zero_and_restores_it() {
        // mimalloc 3 documents `purge_delay` as 1000 ms by default; another index would
        // hold another option's default.
        let before = unsafe { mi_option_get(PURGE_DELAY) };
        assert_eq!(
            before, 1000,
            "option {PURGE_DELAY} is not mimalloc's purge delay"
        );
        let during = with_prompt_release(|| unsafe { mi_option_get(PURGE_DELAY) });
        assert_eq!(during, 0);
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, before);
    }
}
