//! Small key/value settings of the installation (key check value, demo flag).

use crate::{sql, DbError, Exec};

pub async fn get(ex: &mut Exec<'_>, key: &str) -> Result<Option<String>, DbError> {
    let row = ex
        .fetch_optional(sql("SELECT value FROM settings WHERE key = $1").bind(key))
        .await?;
    row.map(|r| r.get("value")).transpose()
}

pub async fn set(ex: &mut Exec<'_>, key: &str, value: &str) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value),
    )
    .await?;
    Ok(())
}
