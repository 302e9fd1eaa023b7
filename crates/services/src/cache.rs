//! A per-isolate cache with a bound on staleness, for data that is read on every request
//! but changes rarely (JWKS documents, platform configurations).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Values by key, each remembered with the instant it was fetched.
pub struct TtlCache<V> {
    entries: Mutex<HashMap<String, (i64, Arc<V>)>>,
    max_entries: usize,
}

impl<V> TtlCache<V> {
    /// A cache holding at most `max_entries` values (it starts over when full).
    pub fn new(max_entries: usize) -> Self {
        TtlCache { entries: Mutex::new(HashMap::new()), max_entries }
    }

    /// The value under `key` if it was fetched less than `ttl_ms` before `now_ms`, with its age.
    pub fn get(&self, key: &str, now_ms: i64, ttl_ms: i64) -> Option<(i64, Arc<V>)> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (fetched, v) = entries.get(key)?;
        let age = now_ms - fetched;
        (0..ttl_ms).contains(&age).then(|| (age, v.clone()))
    }

    /// Remembers `value` as fetched at `now_ms`.
    pub fn insert(&self, key: &str, now_ms: i64, value: Arc<V>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.max_entries && !entries.contains_key(key) {
            // Crude but bounded: a full cache starts over rather than tracking recency.
            entries.clear();
        }
        entries.insert(key.to_owned(), (now_ms, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_the_cache_stays_bounded() {
        let c = TtlCache::new(2);
        c.insert("a", 1000, Arc::new(1));
        assert_eq!(c.get("a", 1500, 1000).map(|(age, v)| (age, *v)), Some((500, 1)));
        assert!(c.get("a", 2000, 1000).is_none());
        assert!(c.get("a", 999, 1000).is_none(), "a clock going backwards must not serve the entry");
        c.insert("b", 1000, Arc::new(2));
        c.insert("c", 1000, Arc::new(3));
        assert!(c.get("a", 1000, 1000).is_none());
        assert!(c.get("c", 1000, 1000).is_some());
    }
}
