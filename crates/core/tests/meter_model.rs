//! Property test of the meter against a model: for any interleaving of track (with and
//! without idempotency keys), check, plan changes and the passing of time, the meter never
//! counts past a limit, never loses an acknowledged increment, and replays answer as the
//! first call did.

use dream_core::memory::MemStore;
use dream_core::meter::{apply, MeterRequest, MeterResponse, TrackOutcome, IDEMPOTENCY_TTL_MS};
use dream_core::period::month_of;
use dream_core::tiers::{Tier, TierLimits};
use proptest::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Op {
    Track { user: usize, amount: u64, key: Option<u8> },
    Check { user: usize, amount: u64 },
    SetPlan { user: usize, plan: usize },
    Wait { ms: i64 },
}

const PLANS: [&str; 3] = ["free", "pro", "max"];
const USERS: [&str; 3] = ["ann", "ben", "cy"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, 1..6u64, proptest::option::of(0..4u8)).prop_map(|(user, amount, key)| Op::Track { user, amount, key }),
        2 => (0..3usize, 1..6u64).prop_map(|(user, amount)| Op::Check { user, amount }),
        1 => (0..3usize, 0..3usize).prop_map(|(user, plan)| Op::SetPlan { user, plan }),
        1 => prop_oneof![0..120_000i64, 0..(40 * 86_400_000i64)].prop_map(|ms| Op::Wait { ms }),
    ]
}

fn tiers(free: i64) -> TierLimits {
    let t = |name: &str, limit: Option<i64>| Tier {
        name: name.into(),
        display_name: name.into(),
        limit,
        price_cents: 0,
        ..Tier::default()
    };
    TierLimits::of(&[t("free", Some(free)), t("pro", Some(40)), t("max", None)])
}

#[derive(Default, Clone)]
struct ModelUser {
    plan: Option<usize>,
    used: u64,
    period_end: i64,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn meter_matches_the_model(free in 0..15i64, ops in proptest::collection::vec(op(), 1..120)) {
        let limits = tiers(free);
        let mut store = MemStore::default();
        let mut now = 1_795_262_400_000i64;
        let mut model: HashMap<usize, ModelUser> = HashMap::new();
        let mut remembered: HashMap<(usize, u8), (TrackOutcome, u64, i64)> = HashMap::new();
        for op in ops {
            match op {
                Op::Wait { ms } => now += ms,
                Op::SetPlan { user, plan } => {
                    let req = MeterRequest::SetPlan { user: USERS[user].into(), plan: PLANS[plan].into(), tiers: limits.clone() };
                    apply(&mut store, &req, now).unwrap();
                    let m = model.entry(user).or_default();
                    if now >= m.period_end { m.used = 0; m.period_end = month_of(now).end_ms; }
                    m.plan = Some(plan);
                }
                Op::Check { user, amount } => {
                    let req = MeterRequest::Check { user: USERS[user].into(), amount, tiers: limits.clone(), guard: None };
                    let MeterResponse::Check { allowed, usage } = apply(&mut store, &req, now).unwrap() else { panic!("check") };
                    let m = model.get(&user).cloned().unwrap_or_default();
                    let used = if now >= m.period_end { 0 } else { m.used };
                    prop_assert_eq!(usage.used, used);
                    prop_assert_eq!(allowed, usage.limit.is_none_or(|l| used + amount <= l));
                }
                Op::Track { user, amount, key } => {
                    let req = MeterRequest::Track {
                        user: USERS[user].into(),
                        amount,
                        idempotency_key: key.map(|k| format!("k{k}")),
                        tiers: limits.clone(),
                        rate_per_minute: 1_000_000,
                        reserve: 0,
                        returns: vec![],
                    };
                    let MeterResponse::Track { outcome, replayed, .. } = apply(&mut store, &req, now).unwrap() else { panic!("track") };
                    let prior = key.and_then(|k| remembered.get(&(user, k)).filter(|(_, _, exp)| *exp > now).cloned());
                    if let Some((first, first_amount, _)) = prior {
                        if first_amount == amount {
                            prop_assert!(replayed);
                            prop_assert_eq!(&outcome, &first);
                        } else {
                            prop_assert!(!replayed);
                            prop_assert_eq!(&outcome, &TrackOutcome::KeyReused, "a reused key with another amount");
                        }
                        continue;
                    }
                    prop_assert!(!replayed);
                    let m = model.entry(user).or_default();
                    if now >= m.period_end { m.used = 0; m.period_end = month_of(now).end_ms; }
                    let limit = limits.limit_of(m.plan.map(|p| PLANS[p]).unwrap_or("free"));
                    match &outcome {
                        TrackOutcome::Accepted { usage } => {
                            m.used += amount;
                            prop_assert!(limit.is_none_or(|l| m.used <= l), "counted past the limit");
                            prop_assert_eq!(usage.used, m.used, "lost or extra increment");
                        }
                        TrackOutcome::LimitExceeded { usage } => {
                            prop_assert!(limit.is_some_and(|l| m.used + amount > l), "refused below the limit");
                            prop_assert_eq!(usage.used, m.used);
                        }
                        TrackOutcome::RateLimited { .. } | TrackOutcome::KeyReused => {
                            prop_assert!(false, "unexpected {:?}", outcome)
                        }
                    }
                    // Only counted calls are remembered under their key.
                    if let (Some(k), TrackOutcome::Accepted { .. }) = (key, &outcome) {
                        remembered.insert((user, k), (outcome.clone(), amount, now + IDEMPOTENCY_TTL_MS));
                    }
                }
            }
        }
    }
}
