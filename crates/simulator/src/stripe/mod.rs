//! The Stripe half of the simulator: the API subset dream-api calls, in Stripe's wire
//! format; hosted Checkout and portal pages; Connect OAuth; signed webhook delivery.
//!
//! State lives in memory, and on disk when the setup names a state file (the server's, in its
//! state dir: a restart keeps the books; see [`persist`]). Time is the wall clock plus an
//! offset that tests move forward to end billing periods.

pub mod api;
pub mod deliver;
pub mod form;
pub mod hosted;
pub mod objects;
mod ops;
mod payments;
mod persist;
mod schedules;

pub use deliver::{HttpTransport, Transport};
pub use ops::StripeError;

use dream_core::ports::Clock;
use rand::Rng;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

/// The platform's own account id in the simulator.
pub const PLATFORM_ACCOUNT: &str = "acct_1DreamPlatform00";

/// A webhook endpoint: where events go and the secret they are signed with.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub secret: String,
    /// Receives connected accounts' events (a Connect endpoint) rather than the platform's own.
    pub connect: bool,
}

impl Endpoint {
    /// A new endpoint for `url` with a fresh signing secret.
    pub fn new(url: &str, connect: bool) -> Endpoint {
        Endpoint { id: new_id("we"), url: url.into(), secret: format!("whsec_{}", random(32)), connect }
    }
}

/// How the simulated Stripe is set up.
#[derive(Debug, Clone)]
pub struct StripeSetup {
    /// The platform's test-mode secret key (`sk_test_…`).
    pub test_secret: String,
    /// The platform's live-mode secret key, if live mode is exercised.
    pub live_secret: Option<String>,
    /// The platform's Connect client id (`ca_…`).
    pub client_id: String,
    /// Endpoints registered from the start.
    pub endpoints: Vec<Endpoint>,
    /// First retry delay of a failed delivery, doubled per attempt.
    pub retry_base_ms: u64,
    /// Delivery attempts per event and endpoint.
    pub max_attempts: u32,
    /// Deliver in the background after each call (the server); tests deliver explicitly.
    pub auto_deliver: bool,
    /// Where the books are kept across restarts (`None`: in memory only).
    pub state_file: Option<std::path::PathBuf>,
}

impl StripeSetup {
    /// A setup with these keys, no endpoints, and quick local retries.
    pub fn new(test_secret: &str, client_id: &str) -> StripeSetup {
        StripeSetup {
            test_secret: test_secret.into(),
            live_secret: None,
            client_id: client_id.into(),
            endpoints: vec![],
            retry_base_ms: 250,
            max_attempts: 6,
            auto_deliver: true,
            state_file: None,
        }
    }
}

/// The objects of one account in one mode.
#[derive(Default)]
pub(crate) struct Book {
    pub objects: BTreeMap<String, Value>,
}

/// One delivery of one event to one endpoint, as tests see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    pub event_id: String,
    pub event_type: String,
    pub endpoint: String,
    pub attempts: u32,
    pub last_status: Option<u16>,
    pub delivered: bool,
}

pub(crate) struct State {
    /// How far the whole simulated Stripe's clock was moved.
    pub offset_secs: i64,
    /// How far one account's clock was moved on top (a test clock per account, so tests
    /// sharing a simulator do not move each other's time).
    pub account_offsets: HashMap<String, i64>,
    /// (account, livemode) → objects.
    pub books: BTreeMap<(String, bool), Book>,
    /// Connected accounts and whether they are still connected.
    pub connected: BTreeMap<String, bool>,
    /// OAuth codes → (account, livemode, used).
    pub codes: HashMap<String, (String, bool, bool)>,
    /// Secret keys (platform and OAuth access tokens) → (account, livemode).
    pub keys: HashMap<String, (String, bool)>,
    pub endpoints: Vec<Endpoint>,
    /// Events not yet handed to the deliverer (all of them while delivery is held).
    pub outbox: Vec<Value>,
    pub hold: bool,
    pub deliveries: Vec<Delivery>,
    /// Every OAuth access and refresh token handed out (tests look for leaks of them).
    pub issued_tokens: Vec<String>,
    /// (account, livemode, key) → (request fingerprint, status, body).
    pub idempotency: HashMap<(String, bool, String), (String, u16, Value)>,
}

impl State {
    /// Simulated time of `account` given the wall clock.
    pub fn now_for(&self, wall: i64, account: &str) -> i64 {
        wall + self.offset_secs + self.account_offsets.get(account).copied().unwrap_or(0)
    }
}

/// The simulated Stripe.
pub struct Stripe {
    pub base_url: String,
    pub setup: StripeSetup,
    pub(crate) state: Mutex<State>,
    pub(crate) transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
}

impl Stripe {
    /// A Stripe reachable at `base_url`, delivering webhooks through `transport`, telling
    /// the time by `clock` (wall time in the server, the tests' clock in tests).
    pub fn new(
        base_url: String,
        setup: StripeSetup,
        transport: Arc<dyn Transport>,
        clock: Arc<dyn Clock>,
    ) -> Result<Arc<Stripe>, String> {
        let mut keys = HashMap::new();
        keys.insert(setup.test_secret.clone(), (PLATFORM_ACCOUNT.to_owned(), false));
        if let Some(live) = &setup.live_secret {
            keys.insert(live.clone(), (PLATFORM_ACCOUNT.to_owned(), true));
        }
        let mut state = State {
            offset_secs: 0,
            account_offsets: HashMap::new(),
            books: BTreeMap::new(),
            connected: BTreeMap::new(),
            codes: HashMap::new(),
            keys,
            endpoints: setup.endpoints.clone(),
            outbox: vec![],
            hold: false,
            deliveries: vec![],
            issued_tokens: vec![],
            idempotency: HashMap::new(),
        };
        if let Some(path) = &setup.state_file {
            persist::load(&mut state, path)?;
        }
        Ok(Arc::new(Stripe { base_url, setup, state: Mutex::new(state), transport, clock }))
    }

    /// Writes the books to the state file, if there is one (a failure is reported, not fatal:
    /// the simulator keeps serving from memory).
    pub(crate) fn save(&self) {
        if let Some(path) = &self.setup.state_file {
            if let Err(e) = persist::save(&self.lock(), path) {
                eprintln!("dream-sim: could not save the simulated Stripe: {e}");
            }
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The clock's time in seconds: what webhook signatures are made with.
    pub fn wall(&self) -> i64 {
        self.clock.now_ms().div_euclid(1000)
    }

    /// Simulated time of `account` (wall time moved by [`api`]'s clock advance), seconds.
    pub fn now_for(&self, account: &str) -> i64 {
        let wall = self.wall();
        self.lock().now_for(wall, account)
    }

    /// Registers a webhook endpoint (as `POST /v1/webhook_endpoints` does).
    pub fn add_endpoint(&self, url: &str, connect: bool) -> Endpoint {
        let e = Endpoint::new(url, connect);
        self.lock().endpoints.push(e.clone());
        e
    }

    /// Every OAuth token handed out so far.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.lock().issued_tokens.clone()
    }

    /// Every delivery attempted so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.lock().deliveries.clone()
    }
}

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` random base62 characters.
pub fn random(n: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..n).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

/// A fresh object id with Stripe's prefix (`prod_…`, `price_…`).
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_1{}", random(23))
}
