//! Application-generated ids: time-ordered (seconds since 2024-01-01 in the high bits) with a
//! per-process random start and counter in the low 22 bits, so the CLI and the server can create
//! records at once without colliding. They stay below 2^53, so a browser's JavaScript reads them
//! exactly from JSON numbers (until about 2058).

use rand::Rng;
use std::sync::atomic::{AtomicU64, Ordering};

const EPOCH_2024_SECS: u64 = 1_704_067_200;
const LOW_BITS: u32 = 22;

pub struct IdGenerator {
    counter: AtomicU64,
}

impl Default for IdGenerator {
    fn default() -> Self {
        IdGenerator {
            counter: AtomicU64::new(crate::random::fast().gen::<u64>()),
        }
    }
}

impl IdGenerator {
    pub fn next(&self, now_ms: i64) -> i64 {
        let since_epoch = (now_ms as u64 / 1000).saturating_sub(EPOCH_2024_SECS);
        let low = self.counter.fetch_add(1, Ordering::Relaxed) & ((1 << LOW_BITS) - 1);
        ((since_epoch << LOW_BITS) | low) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_grow_with_time() {
        let ids = IdGenerator::default();
        let a = ids.next(1_800_000_000_000);
        let b = ids.next(1_800_000_000_000);
        let later = ids.next(1_800_000_001_000);
        assert_ne!(a, b);
        assert!(later > a && later > b);
        assert!(a > 0);
        assert!(
            ids.next(2_700_000_000_000) < 1 << 53,
            "JSON-safe until 2055 at least"
        );
    }
}
