//! Deterministic feature hashing.
//!
//! A feature is a template id plus the bytes of its parts ("w=" + word): hashed to a `u64`
//! key that is never 0 (0 marks an empty slot in [`crate::LinearModel`]). The hash is the same
//! on every platform and in every run, so a model trained here scores the same everywhere.

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

#[inline]
fn mix(h: u64, v: u64) -> u64 {
    let m = (h ^ v).wrapping_mul(K1);
    m.rotate_left(29).wrapping_mul(K2)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h.max(1)
}

/// Hash `bytes` into a running state.
#[inline]
pub fn add_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(word));
    }
    // The length keeps "ab" + "c" apart from "a" + "bc".
    mix(mix(h, tail(chunks.remainder())), bytes.len() as u64)
}

/// The last bytes of a part (fewer than 8) as a little-endian word padded with zeros, read as
/// two overlapping loads rather than copied into a buffer (which costs a `memcpy` call, and
/// most parts are short words).
#[inline]
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        // Bytes 4..n are the top n - 4 bytes of the last four.
        let low = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let high = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(low) | (u64::from(high) >> (8 * (8 - n))) << 32
    } else if n >= 2 {
        let low = u16::from_le_bytes([rest[0], rest[1]]);
        let high = u16::from_le_bytes([rest[n - 2], rest[n - 1]]);
        u64::from(low) | (u64::from(high) >> (8 * (4 - n))) << 16
    } else {
        rest.first().map_or(0, |&b| u64::from(b))
    }
}

/// The key of a feature: a template id and its parts.
#[inline]
pub fn feature(template: u32, parts: &[&[u8]]) -> u64 {
    let mut h = mix(0x5851_F42D_4C95_7F2D, template as u64);
    for part in parts {
        h = add_bytes(h, part);
    }
    finish(h)
}

/// The key of a feature with one part.
#[inline]
pub fn feature1(template: u32, part: &[u8]) -> u64 {
    finish(add_bytes(mix(0x5851_F42D_4C95_7F2D, template as u64), part))
}

/// The key of a feature whose parts are already keys or small ids (tags, labels, positions).
#[inline]
pub fn feature_ids(template: u32, ids: &[u64]) -> u64 {
    let mut h = mix(0x5851_F42D_4C95_7F2D, template as u64);
    for &id in ids {
        h = mix(h, id);
    }
    finish(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_nonzero_and_distinguish_parts() {
        let a = feature(1, &[b"ab", b"c"]);
        assert_eq!(a, feature(1, &[b"ab", b"c"]));
        assert_ne!(a, feature(1, &[b"a", b"bc"]));
        assert_ne!(a, feature(2, &[b"ab", b"c"]));
        assert_ne!(feature1(3, b""), 0);
        assert_eq!(feature1(4, b"word"), feature(4, &[b"word"]));
        assert_ne!(feature_ids(5, &[1, 2]), feature_ids(5, &[2, 1]));
    }

    #[test]
    fn tails_are_the_zero_padded_bytes() {
        let bytes: Vec<u8> = (1..=40u8).map(|b| b.wrapping_mul(37)).collect();
        for start in 0..8 {
            for len in 0..8 {
                let rest = &bytes[start..start + len];
                let mut word = [0u8; 8];
                word[..len].copy_from_slice(rest);
                assert_eq!(tail(rest), u64::from_le_bytes(word), "{rest:?}");
            }
        }
        assert_eq!(tail(&[0xff; 7]), 0x00ff_ffff_ffff_ffff);
    }

    #[test]
    fn few_collisions_on_many_keys() {
        let mut keys: Vec<u64> = (0..200_000u32)
            .map(|i| feature(7, &[format!("w{i}").as_bytes()]))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 200_000);
    }
}
