//! The one non-cryptographic hash, for spreading names over a fixed number of slots.

/// FNV-1a of `s`: stable across builds and platforms, so a slot never moves between isolates.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
