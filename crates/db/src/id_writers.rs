//! The leases on id writer numbers (migration 22): a process takes one when it opens the
//! database, renews it while it runs and gives it back when it ends. `jinguo_app::ids` says why.

use crate::{sql, DbError, Exec};

/// A writer number held, and the last second its previous holder's ids used (0 if none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub writer: i64,
    pub last_second: i64,
}

/// Takes for `holder`, until `expires_at`, the lowest writer number below `writers` that nobody
/// holds at `now` (never taken, given back, or its lease run out); `None` when all are held.
/// Each claim is one statement that succeeds for one process only, so two processes starting
/// at once take two numbers.
pub async fn take(
    ex: &mut Exec<'_>,
    writers: i64,
    holder: &str,
    now: i64,
    expires_at: i64,
) -> Result<Option<Lease>, DbError> {
    let held: Vec<(i64, i64)> = ex
        .fetch_all(sql("SELECT writer, expires_at FROM id_writers"))
        .await?
        .iter()
        .map(|r| Ok((r.get("writer")?, r.get("expires_at")?)))
        .collect::<Result<_, DbError>>()?;
    for writer in 0..writers {
        let claim = match held.iter().find(|(w, _)| *w == writer) {
            None => sql(
                "INSERT INTO id_writers (writer, holder, expires_at, last_second) \
                 VALUES ($1, $2, $3, 0) ON CONFLICT (writer) DO NOTHING RETURNING last_second",
            )
            .bind(writer)
            .bind(holder)
            .bind(expires_at),
            Some((_, until)) if *until <= now => {
                sql("UPDATE id_writers SET holder = $2, expires_at = $3 \
                 WHERE writer = $1 AND expires_at <= $4 RETURNING last_second")
                .bind(writer)
                .bind(holder)
                .bind(expires_at)
                .bind(now)
            }
            Some(_) => continue,
        };
        if let Some(row) = ex.fetch_optional(claim).await? {
            let last_second = row.get("last_second")?;
            return Ok(Some(Lease {
                writer,
                last_second,
            }));
        }
    }
    Ok(None)
}

/// Extends `holder`'s lease on `writer` to `expires_at`, recording the last second its ids
/// used; `false` when the lease is no longer theirs (it ran out and another process took it).
pub async fn renew(
    ex: &mut Exec<'_>,
    writer: i64,
    holder: &str,
    expires_at: i64,
    last_second: i64,
) -> Result<bool, DbError> {
    let changed = ex
        .execute(
            sql("UPDATE id_writers SET expires_at = $3, last_second = $4 \
                 WHERE writer = $1 AND holder = $2")
            .bind(writer)
            .bind(holder)
            .bind(expires_at)
            .bind(last_second),
        )
        .await?;
    Ok(changed == 1)
}

/// Gives `writer` back at `now`: the next process may take it, starting after `last_second`.
pub async fn give_back(
    ex: &mut Exec<'_>,
    writer: i64,
    holder: &str,
    now: i64,
    last_second: i64,
) -> Result<(), DbError> {
    renew(ex, writer, holder, now, last_second)
        .await
        .map(|_| ())
}
