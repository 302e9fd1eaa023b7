//! In-memory ports: what the native route tests run against, and a reference for the
//! Cloudflare adapters' behaviour.

use crate::meter::MeterStore;
use crate::objects::{current_copy, dispatch, KvCopy, ObjectName, ObjectRequest, ObjectResponse};
use crate::ports::{Clock, HttpClient, HttpRequest, HttpResponse, KvStore, Objects, PortError, Random};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another test thread must not cascade into every later call.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Workers KV stand-in.
#[derive(Default)]
pub struct MemoryKv {
    map: Mutex<BTreeMap<String, String>>,
    /// Time to live (seconds) of keys written with one.
    ttls: Mutex<BTreeMap<String, u64>>,
    /// Reads so far (tests count what the hot path costs).
    reads: std::sync::atomic::AtomicU64,
}

impl MemoryKv {
    /// Every stored key and value (tests inspect what was persisted).
    pub fn dump(&self) -> Vec<(String, String)> {
        lock(&self.map).iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// How many reads have been made.
    pub fn reads(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The time to live `key` was last written with (`None`: it never expires).
    pub fn ttl_of(&self, key: &str) -> Option<u64> {
        lock(&self.ttls).get(key).copied()
    }
}

#[async_trait]
impl KvStore for MemoryKv {
    async fn get(&self, key: &str) -> Result<Option<String>, PortError> {
        self.reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(lock(&self.map).get(key).cloned())
    }
    async fn put(&self, key: &str, value: &str) -> Result<(), PortError> {
        lock(&self.ttls).remove(key);
        lock(&self.map).insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    async fn put_expiring(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), PortError> {
        lock(&self.ttls).insert(key.to_owned(), ttl_secs);
        lock(&self.map).insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), PortError> {
        lock(&self.ttls).remove(key);
        lock(&self.map).remove(key);
        Ok(())
    }
}

/// One shard's storage as a sorted map with optional expiry.
#[derive(Default, Debug, Clone)]
pub struct MemStore {
    map: BTreeMap<String, (String, Option<i64>)>,
}

impl MeterStore for MemStore {
    fn get(&self, key: &str) -> Result<Option<String>, PortError> {
        Ok(self.map.get(key).map(|(v, _)| v.clone()))
    }
    fn put(&mut self, key: &str, value: &str, expires_at_ms: Option<i64>) -> Result<(), PortError> {
        self.map.insert(key.to_owned(), (value.to_owned(), expires_at_ms));
        Ok(())
    }
    fn delete(&mut self, key: &str) -> Result<(), PortError> {
        self.map.remove(key);
        Ok(())
    }
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, PortError> {
        Ok(self
            .map
            .range(prefix.to_owned()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, (v, _))| (k.clone(), v.clone()))
            .collect())
    }
    fn purge_expired(&mut self, now_ms: i64) -> Result<(), PortError> {
        self.map.retain(|_, (_, exp)| exp.is_none_or(|e| e > now_ms));
        Ok(())
    }
}

/// Durable Object stand-in: one [`MemStore`] per object, each call applied under a lock,
/// then the KV copies it named written from the store's current state, one writer per
/// object at a time (as the Durable Object shell does).
pub struct MemoryObjects {
    objects: Mutex<HashMap<String, MemStore>>,
    publishing: Mutex<HashMap<String, Arc<futures::lock::Mutex<()>>>>,
    kv: Arc<dyn KvStore>,
    clock: Arc<dyn Clock>,
    calls: AtomicUsize,
    /// Each object's alarm, as its calls last set it ([`crate::objects::Applied::wake_at`]).
    alarms: Mutex<std::collections::BTreeMap<ObjectName, i64>>,
}

impl MemoryObjects {
    /// Objects reading time from `clock` and keeping their copies in `kv`.
    pub fn new(kv: Arc<dyn KvStore>, clock: Arc<dyn Clock>) -> Self {
        MemoryObjects {
            objects: Mutex::new(HashMap::new()),
            publishing: Mutex::new(HashMap::new()),
            kv,
            clock,
            calls: AtomicUsize::new(0),
            alarms: Mutex::new(std::collections::BTreeMap::new()),
        }
    }
    /// The objects whose alarm is due now; each alarm is taken (rung), as a Durable
    /// Object's is when its handler starts.
    pub fn due_alarms(&self) -> Vec<ObjectName> {
        let now = self.clock.now_ms();
        let mut alarms = lock(&self.alarms);
        let due: Vec<ObjectName> = alarms.iter().filter(|(_, t)| **t <= now).map(|(n, _)| n.clone()).collect();
        for n in &due {
            alarms.remove(n);
        }
        due
    }
    /// When the earliest alarm is set, if any.
    pub fn next_alarm(&self) -> Option<i64> {
        lock(&self.alarms).values().min().copied()
    }
    /// How many calls objects have served (tests count round trips).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
    /// Every stored object entry (tests inspect what was persisted).
    pub fn dump(&self) -> Vec<(String, String)> {
        let objects = lock(&self.objects);
        let mut out = Vec::new();
        for (name, store) in objects.iter() {
            for (k, (v, _)) in store.map.iter() {
                out.push((format!("{name}/{k}"), v.clone()));
            }
        }
        out
    }
    /// How many objects exist (tests check that refused calls create none).
    pub fn count(&self) -> usize {
        lock(&self.objects).len()
    }
}

#[async_trait]
impl Objects for MemoryObjects {
    async fn call(&self, name: &ObjectName, req: &ObjectRequest) -> Result<ObjectResponse, PortError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let applied = {
            let mut objects = lock(&self.objects);
            let store = objects.entry(name.as_str().to_owned()).or_default();
            dispatch(store, name, req, self.clock.now_ms())?
        };
        if let Some(t) = applied.wake_at {
            lock(&self.alarms).insert(name.clone(), t);
        }
        if !applied.copies.is_empty() {
            let gate = lock(&self.publishing).entry(name.as_str().to_owned()).or_default().clone();
            let _held = gate.lock().await;
            for copy in &applied.copies {
                let current = {
                    let objects = lock(&self.objects);
                    match objects.get(name.as_str()) {
                        Some(store) => current_copy(store, copy)?,
                        None => None,
                    }
                };
                match current {
                    Some(KvCopy { key, value: Some(v) }) => self.kv.put(&key, &v).await?,
                    Some(KvCopy { key, value: None }) => self.kv.delete(&key).await?,
                    None => {}
                }
            }
        }
        Ok(applied.response)
    }
}

/// A clock the test sets.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock reading `ms`.
    pub fn new(ms: i64) -> Self {
        ManualClock(AtomicI64::new(ms))
    }
    /// Moves time forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Deterministic, non-cryptographic randomness for tests (splitmix64).
pub struct SeqRandom(AtomicU64);

impl SeqRandom {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SeqRandom(AtomicU64::new(seed))
    }
}

impl Random for SeqRandom {
    fn fill(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let mut z = self.0.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::SeqCst).wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// Outbound HTTP answered from a fixed table; counts calls so tests can see caching.
#[derive(Default)]
pub struct StaticHttp {
    routes: Mutex<HashMap<String, HttpResponse>>,
    calls: AtomicU64,
}

impl StaticHttp {
    /// Answers `GET url` with `status` and `body`.
    pub fn set(&self, url: &str, status: u16, body: &str) {
        lock(&self.routes).insert(url.to_owned(), HttpResponse { status, body: body.as_bytes().to_vec() });
    }
    /// How many requests were made.
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl HttpClient for StaticHttp {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, PortError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if req.method != "GET" {
            return Err(PortError(format!("StaticHttp answers GET only, not {} {}", req.method, req.url)));
        }
        let resp =
            lock(&self.routes).get(&req.url).cloned().ok_or_else(|| PortError(format!("no route to {}", req.url)))?;
        // As the Workers adapter does: an answer over the request's limit is an error.
        if resp.body.len() > req.limits.max_body_bytes {
            return Err(PortError(format!("{} answered more than {} bytes", req.url, req.limits.max_body_bytes)));
        }
        Ok(resp)
    }
}
