//! Randomness comes from here, as time comes from `clock.rs`: `clippy.toml` refuses the RNG
//! constructors everywhere else, so every random value in jinguo is found by one grep.

// The one module allowed to make RNGs.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use rand::rngs::{OsRng, ThreadRng};

/// Keys and secrets: straight from the operating system.
pub fn os() -> OsRng {
    OsRng
}

/// Nonces, receipts and challenges: a CSPRNG seeded from the operating system, without a system
/// call per value (bulk imports seal many fields).
pub fn fast() -> ThreadRng {
    rand::thread_rng()
}
