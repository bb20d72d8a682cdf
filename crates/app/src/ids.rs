//! Application-generated ids. From the high bits down, an id is the second it was made (since
//! 2024-01-01), the writer number of the process that made it (6 bits) and a count within that
//! second (16 bits). They stay below 2^53, so a browser's JavaScript reads them exactly from
//! JSON numbers (until about 2058).
//!
//! The server and every CLI command write to one database, often in the same second (an import
//! while the office works; several servers of a cluster). Each running process holds its own
//! writer number on a lease in the database (`id_writers`), so no two processes alive at once
//! can make the same id; within a process the count is a plain counter. A process that makes
//! more than 65,536 ids in a second goes on in the next second, and one whose time goes back
//! keeps to the latest second it used: its ids never repeat. A writer number is taken again only
//! after its last holder's last second, so ids do not repeat across holders either.

use crate::clock::{Clock, SystemClock};
use crate::{App, AppError};
use jinguo_db::id_writers::{self, Lease};
use rand::Rng;
use std::sync::Mutex;
use std::time::Duration;

const EPOCH_2024_SECS: u64 = 1_704_067_200;
const WRITER_BITS: u32 = 6;
const COUNT_BITS: u32 = 16;
/// How many processes can write at once.
pub const WRITERS: i64 = 1 << WRITER_BITS;
/// A lease outlives a few missed renewals; one left by a process that crashed frees itself.
const LEASE_MS: i64 = 3 * 60_000;
const RENEW_EVERY: Duration = Duration::from_secs(30);

pub struct IdGenerator {
    /// A random name for this process in `id_writers`.
    holder: String,
    next: Mutex<Next>,
}

/// Where the next id comes from.
struct Next {
    writer: u64,
    second: u64,
    count: u64,
}

impl Default for IdGenerator {
    /// A generator on a random writer number until it takes one on a lease (`take_writer`):
    /// enough for a process that is the only writer, such as a unit test's.
    fn default() -> Self {
        let mut rng = crate::random::fast();
        IdGenerator {
            holder: format!("{:016x}", rng.gen::<u64>()),
            next: Mutex::new(Next {
                writer: rng.gen_range(0..WRITERS as u64),
                second: 0,
                count: 0,
            }),
        }
    }
}

impl IdGenerator {
    /// A new id, made at `now_ms` (an earlier time counts as the latest second already used).
    pub fn next(&self, now_ms: i64) -> i64 {
        let second = (now_ms.max(0) as u64 / 1000).saturating_sub(EPOCH_2024_SECS);
        let mut next = self.lock();
        if second > next.second {
            next.second = second;
            next.count = 0;
        } else if next.count == 1 << COUNT_BITS {
            next.second += 1;
            next.count = 0;
        }
        let id =
            (next.second << (WRITER_BITS + COUNT_BITS)) | (next.writer << COUNT_BITS) | next.count;
        next.count += 1;
        id as i64
    }

    /// The writer number in the ids made from now on.
    pub fn writer(&self) -> i64 {
        self.lock().writer as i64
    }

    /// Makes ids with the writer number of `lease`, after every second its previous holder used
    /// and after every second this generator used (it may hold the same number again).
    fn hold(&self, lease: Lease) {
        let mut next = self.lock();
        next.writer = lease.writer as u64;
        next.second = (next.second + 1).max(lease.last_second as u64 + 1);
        next.count = 0;
    }

    fn last_second(&self) -> i64 {
        self.lock().second as i64
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Next> {
        // The state is three numbers written together: a panic elsewhere cannot leave it torn.
        self.next.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A lease runs on the time of the machine, not on the application's clock: it is about which
/// processes are running now, while tests move the application's clock through months.
fn lease_now() -> i64 {
    SystemClock.now_ms()
}

/// Takes a writer number on a lease for this process; `false` when all `WRITERS` are held.
pub async fn take_writer(app: &App) -> Result<bool, AppError> {
    let now = lease_now();
    let lease = id_writers::take(
        &mut app.db.ex(),
        WRITERS,
        &app.ids.holder,
        now,
        now + LEASE_MS,
    )
    .await?;
    Ok(lease.map(|lease| app.ids.hold(lease)).is_some())
}

/// Extends this process's lease, or takes another writer number if it ran out and was taken.
pub async fn renew_writer(app: &App) -> Result<bool, AppError> {
    let now = lease_now();
    let ids = &app.ids;
    let renewed = id_writers::renew(
        &mut app.db.ex(),
        ids.writer(),
        &ids.holder,
        now + LEASE_MS,
        ids.last_second(),
    )
    .await?;
    if renewed {
        return Ok(true);
    }
    tracing::warn!(
        writer = ids.writer(),
        "the id writer's lease ran out; taking another"
    );
    take_writer(app).await
}

/// Gives the writer number back as the process ends, for the next process to take at once.
pub async fn give_back_writer(app: &App) -> Result<(), AppError> {
    let ids = &app.ids;
    id_writers::give_back(
        &mut app.db.ex(),
        ids.writer(),
        &ids.holder,
        lease_now(),
        ids.last_second(),
    )
    .await?;
    Ok(())
}

/// Renews the lease while the process runs (the task ends with the runtime).
pub fn keep_writer(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RENEW_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            match renew_writer(&app).await {
                Ok(true) => {}
                Ok(false) => tracing::error!("every id writer number is held by another process"),
                Err(e) => tracing::warn!(error = %e, "could not renew the id writer's lease"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_writer(writer: i64, last_second: i64) -> IdGenerator {
        let ids = IdGenerator::default();
        ids.hold(Lease {
            writer,
            last_second,
        });
        ids
    }

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

    #[test]
    fn two_writers_in_the_same_second_never_make_the_same_id() {
        let (one, two) = (on_writer(1, 0), on_writer(2, 0));
        let made: std::collections::HashSet<i64> = (0..5_000)
            .flat_map(|_| [one.next(1_800_000_000_000), two.next(1_800_000_000_000)])
            .collect();
        assert_eq!(made.len(), 10_000);
    }

    #[test]
    fn an_earlier_time_never_repeats_an_id() {
        let ids = on_writer(3, 0);
        let now = ids.next(1_800_000_000_000);
        let back_dated = ids.next(1_700_000_000_000);
        assert!(
            back_dated > now,
            "a back-dated id keeps to the latest second"
        );
    }

    #[test]
    fn more_ids_than_a_second_holds_go_on_in_the_next_second() {
        let ids = on_writer(4, 0);
        let at = 1_800_000_000_000;
        let made: Vec<i64> = (0..(1 << COUNT_BITS) + 10).map(|_| ids.next(at)).collect();
        assert!(made.windows(2).all(|w| w[0] < w[1]));
        // The next second's own ids come after the borrowed ones.
        assert!(ids.next(at + 1_000) > *made.last().expect("ids"));
    }

    #[test]
    fn a_writer_number_taken_again_starts_after_its_last_holders_last_second() {
        let first = on_writer(5, 0);
        let at = 1_800_000_000_000;
        let theirs: Vec<i64> = (0..100).map(|_| first.next(at)).collect();
        let second = on_writer(5, first.last_second());
        assert!(second.next(at) > *theirs.iter().max().expect("ids"));
    }
}
