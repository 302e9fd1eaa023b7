//! Typed JSON access to the KV port.

use crate::error::Error;
use dream_core::ports::{KvStore, PortError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads and decodes a JSON value.
pub async fn get<T: DeserializeOwned>(kv: &dyn KvStore, key: &str) -> Result<Option<T>, Error> {
    match kv.get(key).await? {
        None => Ok(None),
        Some(s) => serde_json::from_str(&s)
            .map(Some)
            .map_err(|e| PortError(format!("KV value {key} is unreadable: {e}")).into()),
    }
}

/// Encodes and writes a JSON value.
pub async fn put<T: Serialize>(kv: &dyn KvStore, key: &str, value: &T) -> Result<(), Error> {
    let s = serde_json::to_string(value).map_err(|e| PortError(e.to_string()))?;
    Ok(kv.put(key, &s).await?)
}
