//! Single-use values with an expiry (pending Connect OAuth states): stored once, taken once.

use crate::meter::{maybe_purge, MeterStore};
use crate::objects::{read, to_json};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

/// A call to a single-use store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OnceRequest {
    /// Stores `value` under `key` until `expires_at_ms`, to be taken once.
    Put { key: String, value: String, expires_at_ms: i64 },
    /// Removes and returns the value under `key` if it has not expired.
    Take { key: String },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OnceResponse {
    Stored,
    Taken { value: Option<String> },
}

#[derive(Serialize, Deserialize)]
struct OnceRecord {
    expires_at_ms: i64,
    value: String,
}

fn once_key(key: &str) -> String {
    format!("o:{key}")
}

/// Applies one call at `now_ms`.
pub fn apply(store: &mut dyn MeterStore, req: &OnceRequest, now_ms: i64) -> Result<OnceResponse, PortError> {
    match req {
        OnceRequest::Put { key, value, expires_at_ms } => {
            let rec = OnceRecord { expires_at_ms: *expires_at_ms, value: value.clone() };
            store.put(&once_key(key), &to_json(&rec)?, Some(*expires_at_ms))?;
            maybe_purge(store, now_ms)?;
            Ok(OnceResponse::Stored)
        }
        OnceRequest::Take { key } => {
            let k = once_key(key);
            let rec: Option<OnceRecord> = read(store, &k)?;
            if rec.is_some() {
                store.delete(&k)?;
            }
            Ok(OnceResponse::Taken { value: rec.filter(|r| r.expires_at_ms > now_ms).map(|r| r.value) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    const NOW: i64 = 1_795_000_000_000;

    #[test]
    fn values_are_taken_once_and_expire() {
        let mut s = MemStore::default();
        let put = |k: &str, exp: i64| OnceRequest::Put { key: k.into(), value: "v".into(), expires_at_ms: exp };
        let take = |k: &str| OnceRequest::Take { key: k.into() };
        apply(&mut s, &put("a", NOW + 1000), NOW).unwrap();
        apply(&mut s, &put("b", NOW + 1000), NOW).unwrap();
        assert_eq!(apply(&mut s, &take("a"), NOW).unwrap(), OnceResponse::Taken { value: Some("v".into()) });
        assert_eq!(apply(&mut s, &take("a"), NOW).unwrap(), OnceResponse::Taken { value: None });
        assert_eq!(apply(&mut s, &take("b"), NOW + 1000).unwrap(), OnceResponse::Taken { value: None });
        assert_eq!(apply(&mut s, &take("never"), NOW).unwrap(), OnceResponse::Taken { value: None });
    }
}
