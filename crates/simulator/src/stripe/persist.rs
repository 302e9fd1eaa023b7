//! The simulated Stripe's books on disk (`<state dir>/stripe.json`), so restarting `just dev`
//! keeps connected accounts, products, prices, customers and subscriptions that dream-api's
//! KV still names. Written after every call that can change them (atomically: a temporary
//! file renamed over the old one); events still waiting for delivery are not kept.

use super::{Book, State};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What is kept across restarts.
#[derive(Serialize, Deserialize, Default)]
struct Saved {
    offset_secs: i64,
    account_offsets: HashMap<String, i64>,
    /// (account, livemode, objects by id).
    books: Vec<(String, bool, BTreeMap<String, Value>)>,
    connected: BTreeMap<String, bool>,
    codes: HashMap<String, (String, bool, bool)>,
    /// (key, account, livemode): OAuth access tokens handed out (the platform's keys come from
    /// the setup at every start).
    keys: Vec<(String, String, bool)>,
    issued_tokens: Vec<String>,
    /// (account, livemode, key, request fingerprint, status, body).
    idempotency: Vec<(String, bool, String, String, u16, Value)>,
}

/// Writes the state to `path`.
pub(crate) fn save(state: &State, path: &Path) -> Result<(), String> {
    let saved = Saved {
        offset_secs: state.offset_secs,
        account_offsets: state.account_offsets.clone(),
        books: state.books.iter().map(|((a, l), b)| (a.clone(), *l, b.objects.clone())).collect(),
        connected: state.connected.clone(),
        codes: state.codes.clone(),
        keys: state.keys.iter().map(|(k, (a, l))| (k.clone(), a.clone(), *l)).collect(),
        issued_tokens: state.issued_tokens.clone(),
        idempotency: state
            .idempotency
            .iter()
            .map(|((a, l, k), (fp, s, b))| (a.clone(), *l, k.clone(), fp.clone(), *s, b.clone()))
            .collect(),
    };
    let text = serde_json::to_string(&saved).map_err(|e| e.to_string())?;
    crate::files::write_atomically(path, &text)
}

/// Reads what `save` wrote into `state` (nothing if there is no file yet).
pub(crate) fn load(state: &mut State, path: &Path) -> Result<(), String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let saved: Saved = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    state.offset_secs = saved.offset_secs;
    state.account_offsets = saved.account_offsets;
    state.books = saved.books.into_iter().map(|(a, l, objects)| ((a, l), Book { objects })).collect();
    state.connected = saved.connected;
    state.codes = saved.codes;
    for (k, a, l) in saved.keys {
        state.keys.entry(k).or_insert((a, l));
    }
    state.issued_tokens = saved.issued_tokens;
    state.idempotency = saved.idempotency.into_iter().map(|(a, l, k, fp, s, b)| ((a, l, k), (fp, s, b))).collect();
    Ok(())
}
