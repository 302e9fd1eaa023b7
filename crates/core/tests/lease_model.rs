//! Property test of allowance leases: isolates (each a `LeaseBook`, driven the way
//! `dream_services::objects::UsageShard::track` drives it) track, read and die in any order
//! against one shard. The calls acknowledged never pass the limit, the shard never shows
//! fewer than were acknowledged, and once every live isolate has handed its leases back the
//! count is exact: what was acknowledged plus what died unused in killed isolates.

use dream_core::lease::{Giving, LeaseBook, LEASE_FLOOR};
use dream_core::memory::MemStore;
use dream_core::meter::{apply, MeterRequest, MeterResponse, TrackOutcome};
use dream_core::tiers::TierLimits;
use proptest::prelude::*;
use std::collections::HashMap;

const SHARD: &str = "plt:test:usage:0";
const USERS: [&str; 2] = ["ann", "ben"];
const ISOLATES: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    /// `times` tracks of `amount` in a row.
    Track {
        iso: usize,
        user: usize,
        amount: u64,
        times: u32,
    },
    Read {
        iso: usize,
        user: usize,
    },
    Kill {
        iso: usize,
    },
    Wait {
        ms: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..ISOLATES, 0..2usize, 1..4u64, 1..80u32).prop_map(|(iso, user, amount, times)| Op::Track { iso, user, amount, times }),
        2 => (0..ISOLATES, 0..2usize).prop_map(|(iso, user)| Op::Read { iso, user }),
        1 => (0..ISOLATES).prop_map(|iso| Op::Kill { iso }),
        2 => (0..300i64).prop_map(|ms| Op::Wait { ms }),
    ]
}

fn limits(limit: Option<u64>) -> TierLimits {
    TierLimits { default_tier: "free".into(), limits: [("free".into(), limit)].into(), meter: None, alerts: vec![] }
}

/// One isolate: its book, and the size of each lease it holds (to know what dies with it).
#[derive(Default)]
struct Isolate {
    book: LeaseBook,
    leased: HashMap<(String, u64), u64>,
}

impl Isolate {
    /// Hands back `which` leases to the shard; answers nothing, like a `Settle` call.
    fn settle(&mut self, store: &mut MemStore, which: Giving<'_>, now: i64) {
        let returns = self.book.returns(SHARD, which, now);
        for r in &returns {
            self.leased.remove(&(r.user.clone(), r.id));
        }
        if !returns.is_empty() {
            apply(store, &MeterRequest::Settle { returns }, now).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn used(store: &mut MemStore, user: &str, tiers: &TierLimits, now: i64) -> u64 {
    match apply(store, &MeterRequest::Usage { user: user.into(), tiers: tiers.clone(), guard: None }, now) {
        Ok(MeterResponse::Usage { usage }) => usage.used,
        other => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn leases_never_pass_the_limit_nor_lose_a_count(
        limit in proptest::option::of(LEASE_FLOOR..3 * LEASE_FLOOR),
        ops in proptest::collection::vec(op(), 1..150),
    ) {
        let tiers = limits(limit);
        let mut store = MemStore::default();
        // Mid-month, so no period turns over during a run (waits add up to under a minute).
        let mut now = 1_794_000_000_000i64;
        let mut isolates: Vec<Isolate> = (0..ISOLATES).map(|_| Isolate::default()).collect();
        let mut acked: HashMap<&str, u64> = HashMap::new();
        let mut died_unused: HashMap<String, u64> = HashMap::new();
        for op in ops {
            match op {
                Op::Wait { ms } => now += ms,
                Op::Kill { iso } => {
                    // What the dead isolate used of its leases is known only to it: the
                    // shard keeps the rest counted.
                    let gone = std::mem::take(&mut isolates[iso]);
                    let mut book = gone.book;
                    for r in book.returns(SHARD, Giving::All, now) {
                        let amount = gone.leased.get(&(r.user.clone(), r.id)).copied().unwrap_or(0);
                        *died_unused.entry(r.user).or_default() += amount - r.used_amount;
                    }
                }
                Op::Read { iso, user } => {
                    let name = USERS[user];
                    isolates[iso].settle(&mut store, Giving::AndUser(name), now);
                    let shown = used(&mut store, name, &tiers, now);
                    let a = acked.get(name).copied().unwrap_or(0);
                    prop_assert!(shown >= a, "shows {} with {} acknowledged", shown, a);
                }
                Op::Track { iso, user, amount, times } => {
                    let name = USERS[user];
                    for _ in 0..times {
                        let isolate = &mut isolates[iso];
                        let outcome = match isolate.book.admit(SHARD, name, amount, now) {
                            Some(local) => local,
                            None => {
                                let reserve = isolate.book.want(SHARD, name, now);
                                let returns = isolate.book.returns(SHARD, Giving::Spent, now);
                                for r in &returns {
                                    isolate.leased.remove(&(r.user.clone(), r.id));
                                }
                                let req = MeterRequest::Track {
                                    user: name.into(), amount, idempotency_key: None, tiers: tiers.clone(),
                                    rate_per_minute: 1_000_000, reserve, returns,
                                };
                                let MeterResponse::Track { outcome, lease, .. } = apply(&mut store, &req, now).unwrap_or_else(|e| panic!("{e}")) else {
                                    panic!("not a track answer")
                                };
                                match (&outcome, lease) {
                                    (TrackOutcome::Accepted { usage }, Some(l)) => {
                                        isolate.leased.insert((name.to_owned(), l.id), l.amount);
                                        let shown = isolate.book.hold(SHARD, name, l, usage.clone());
                                        prop_assert!(shown.used <= usage.used);
                                    }
                                    (TrackOutcome::LimitExceeded { usage }, _) => {
                                        prop_assert!(limit.is_some_and(|l| usage.used + amount > l), "refused below the limit");
                                        isolate.book.refused(SHARD, name, amount, &outcome, now);
                                    }
                                    _ => {}
                                }
                                outcome
                            }
                        };
                        if matches!(outcome, TrackOutcome::Accepted { .. }) {
                            let a = acked.entry(name).or_default();
                            *a += amount;
                            prop_assert!(limit.is_none_or(|l| *a <= l), "{} acknowledged over the limit", a);
                        }
                    }
                }
            }
        }
        for isolate in &mut isolates {
            isolate.settle(&mut store, Giving::All, now);
        }
        for name in USERS {
            let expected = acked.get(name).copied().unwrap_or(0) + died_unused.get(name).copied().unwrap_or(0);
            prop_assert_eq!(used(&mut store, name, &tiers, now), expected, "{} not exact once every lease is back", name);
        }
    }
}
