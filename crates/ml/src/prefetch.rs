//! A software prefetch: ask the processor to bring a value's cache line in without waiting
//! for it. Model lookups touch many random cache lines per decision; issuing every prefetch
//! first and reading afterwards lets the misses overlap. A plain load would do the same only
//! until the reorder buffer fills (it cannot retire before its data arrives); a prefetch
//! retires at once.

/// Hint that `value` will be read soon. A no-op on targets without a prefetch instruction.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(any(
        target_arch = "x86_64",
        all(target_arch = "x86", target_feature = "sse")
    ))]
    {
        #[cfg(target_arch = "x86")]
        use std::arch::x86::{_mm_prefetch, _MM_HINT_T0};
        #[cfg(target_arch = "x86_64")]
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint: it never faults, reads nothing into the program
        // and writes nothing, whatever the address; this one comes from a live reference.
        // SSE, which the instruction needs, is part of every x86-64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>()) };
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "x86", target_feature = "sse")
    )))]
    {
        let _ = value;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefetching_changes_nothing() {
        let values = vec![7u64; 1000];
        for v in &values {
            super::prefetch(v);
        }
        assert_eq!(values.iter().sum::<u64>(), 7000);
    }
}
