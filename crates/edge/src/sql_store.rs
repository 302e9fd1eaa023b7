//! A meter shard's storage: one SQLite table inside its Durable Object. SQLite calls in a
//! Durable Object are synchronous, so a whole meter operation runs without yielding.

use dream_core::meter::{MeterStore, ShardFigures, UserFigures};
use dream_core::ports::PortError;
use serde::Deserialize;
use worker::{SqlStorage, SqlStorageValue};

/// [`MeterStore`] over the object's SQL storage.
pub struct SqlMeterStore<'a>(pub &'a SqlStorage);

#[derive(Deserialize)]
struct Row {
    k: String,
    v: String,
}

#[derive(Deserialize)]
struct Value {
    v: String,
}

/// Whole-row replacement as an upsert: `INSERT OR REPLACE` deletes the row and inserts it under
/// a new rowid, which rewrites the key index and moves the row to the table's last page on every
/// track; the upsert updates it where it is (the same columns, unset ones to NULL as before).
macro_rules! replace_in_place {
    ($insert:literal) => {
        concat!(
            $insert,
            " ON CONFLICT(k) DO UPDATE SET v = excluded.v, exp = excluded.exp, n = excluded.n, pe = excluded.pe, \
             s = excluded.s"
        )
    };
}

fn err(e: worker::Error) -> PortError {
    PortError(format!("meter storage: {e}"))
}

/// The end of the key range of `prefix` (every key starting with it sorts below).
fn range_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Where the name after `prefix` starts in a key, as SQLite's 1-based `substr` counts.
fn name_start(prefix: &str) -> SqlStorageValue {
    SqlStorageValue::Integer(prefix.chars().count() as i64 + 1)
}

fn integer(n: usize) -> SqlStorageValue {
    SqlStorageValue::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

impl SqlMeterStore<'_> {
    /// The `(k, v)` rows `query` selects.
    fn rows(&self, query: &str, args: Vec<SqlStorageValue>) -> Result<Vec<(String, String)>, PortError> {
        let rows: Vec<Row> = self.0.exec(query, args).map_err(err)?.to_array().map_err(err)?;
        Ok(rows.into_iter().map(|r| (r.k, r.v)).collect())
    }

    /// Creates the table on first use.
    pub fn init(sql: &SqlStorage) -> Result<(), PortError> {
        sql.exec("CREATE TABLE IF NOT EXISTS meter (k TEXT PRIMARY KEY, v TEXT NOT NULL, exp INTEGER)", None)
            .map_err(err)?;
        sql.exec("CREATE INDEX IF NOT EXISTS meter_exp ON meter (exp) WHERE exp IS NOT NULL", None).map_err(err)?;
        // A user's figures beside their row (`UserFigures`): used, period end, subscribed.
        // Tables made before they existed get the columns once, filled from the rows' JSON.
        if sql.exec("SELECT n, pe, s FROM meter LIMIT 0", None).is_err() {
            for column in ["n INTEGER", "pe INTEGER", "s INTEGER"] {
                sql.exec(&format!("ALTER TABLE meter ADD COLUMN {column}"), None).map_err(err)?;
            }
            sql.exec(
                "UPDATE meter SET n = json_extract(v, '$.used'), pe = json_extract(v, '$.period.end_ms'), \
                 s = (json_extract(v, '$.billing.subscription') IS NOT NULL) WHERE k >= 'u:' AND k < 'u;'",
                None,
            )
            .map_err(err)?;
        }
        sql.exec("CREATE INDEX IF NOT EXISTS meter_rank ON meter (n) WHERE n IS NOT NULL", None).map_err(err)?;
        sql.exec("CREATE INDEX IF NOT EXISTS meter_subscribed ON meter (k) WHERE s = 1", None).map_err(err)?;
        Ok(())
    }
}

impl MeterStore for SqlMeterStore<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, PortError> {
        let rows: Vec<Value> =
            self.0.exec("SELECT v FROM meter WHERE k = ?", vec![key.into()]).map_err(err)?.to_array().map_err(err)?;
        Ok(rows.into_iter().next().map(|r| r.v))
    }
    fn put(&mut self, key: &str, value: &str, expires_at_ms: Option<i64>) -> Result<(), PortError> {
        let exp: SqlStorageValue = match expires_at_ms {
            Some(t) => SqlStorageValue::Float(t as f64),
            None => SqlStorageValue::Null,
        };
        self.0
            .exec(
                replace_in_place!("INSERT INTO meter (k, v, exp) VALUES (?, ?, ?)"),
                vec![key.into(), value.into(), exp],
            )
            .map_err(err)?;
        Ok(())
    }
    fn put_user(&mut self, key: &str, value: &str, f: UserFigures) -> Result<(), PortError> {
        self.0
            .exec(
                replace_in_place!("INSERT INTO meter (k, v, exp, n, pe, s) VALUES (?, ?, NULL, ?, ?, ?)"),
                vec![
                    key.into(),
                    value.into(),
                    SqlStorageValue::Integer(i64::try_from(f.used).unwrap_or(i64::MAX)),
                    SqlStorageValue::Integer(f.period_end_ms),
                    SqlStorageValue::Integer(i64::from(f.subscribed)),
                ],
            )
            .map_err(err)?;
        Ok(())
    }
    fn user_figures(&self, prefix: &str, now_ms: i64, top: usize) -> Result<ShardFigures, PortError> {
        // Walks the index on `n` from the top, skipping users whose period is over, and stops
        // at `top` (only user rows have `n`).
        let mut top = self.rows(
            "SELECT k, v FROM meter WHERE n IS NOT NULL AND pe > ? ORDER BY n DESC LIMIT ?",
            vec![SqlStorageValue::Integer(now_ms), integer(top)],
        )?;
        top.retain(|(k, _)| k.starts_with(prefix));
        let mut subscribed = self.rows("SELECT k, v FROM meter WHERE s = 1 ORDER BY k", vec![])?;
        subscribed.retain(|(k, _)| k.starts_with(prefix));
        Ok(ShardFigures { top, subscribed })
    }
    fn delete(&mut self, key: &str) -> Result<(), PortError> {
        self.0.exec("DELETE FROM meter WHERE k = ?", vec![key.into()]).map_err(err)?;
        Ok(())
    }
    fn clear(&mut self) -> Result<(), PortError> {
        self.0.exec("DELETE FROM meter", None).map_err(err)?;
        Ok(())
    }
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, PortError> {
        // Range scan instead of LIKE: no escaping of '%'/'_' in user ids needed.
        let end = range_end(prefix);
        self.rows("SELECT k, v FROM meter WHERE k >= ? AND k < ? ORDER BY k", vec![prefix.into(), end.as_str().into()])
    }
    fn page(
        &self,
        prefix: &str,
        after: &str,
        contains: &str,
        limit: usize,
    ) -> Result<Vec<(String, String)>, PortError> {
        let (start, end) = (format!("{prefix}{after}"), range_end(prefix));
        self.rows(
            "SELECT k, v FROM meter WHERE k > ? AND k < ? AND instr(substr(k, ?), ?) > 0 ORDER BY k LIMIT ?",
            vec![start.as_str().into(), end.as_str().into(), name_start(prefix), contains.into(), integer(limit)],
        )
    }
    fn count(&self, prefix: &str, contains: &str) -> Result<u64, PortError> {
        #[derive(Deserialize)]
        struct Count {
            n: f64,
        }
        let end = range_end(prefix);
        let range = vec![prefix.into(), end.as_str().into()];
        // Without a search the primary key's index answers alone, no function per row.
        let cursor = if contains.is_empty() {
            self.0.exec("SELECT COUNT(*) AS n FROM meter WHERE k >= ? AND k < ?", range)
        } else {
            let query = "SELECT COUNT(*) AS n FROM meter WHERE k >= ? AND k < ? AND instr(substr(k, ?), ?) > 0";
            self.0.exec(query, [range, vec![name_start(prefix), contains.into()]].concat())
        };
        let rows: Vec<Count> = cursor.map_err(err)?.to_array().map_err(err)?;
        Ok(rows.first().map_or(0, |c| c.n as u64))
    }
    fn add(&mut self, key: &str, amount: i64) -> Result<i64, PortError> {
        // One statement: insert or add, and read the new total back.
        let rows: Vec<Value> = self
            .0
            .exec(
                "INSERT INTO meter (k, v, exp) VALUES (?, ?, NULL) ON CONFLICT(k) DO UPDATE SET \
                 v = CAST(CAST(meter.v AS INTEGER) + CAST(excluded.v AS INTEGER) AS TEXT) RETURNING v",
                vec![key.into(), amount.to_string().into()],
            )
            .map_err(err)?
            .to_array()
            .map_err(err)?;
        let v = rows.into_iter().next().map(|r| r.v).unwrap_or_default();
        v.parse::<i64>().map_err(|e| PortError(format!("counter {key}: {v:?}: {e}")))
    }
    fn purge_expired(&mut self, now_ms: i64) -> Result<(), PortError> {
        self.0
            .exec("DELETE FROM meter WHERE exp IS NOT NULL AND exp <= ?", vec![SqlStorageValue::Float(now_ms as f64)])
            .map_err(err)?;
        Ok(())
    }
}
