//! Micro-benchmarks of the per-request work in core: key parsing + checksum + hash, JWT
//! verification with a cached key, the meter's track decision and the webhook signature
//! check. (`just bench`)

use criterion::{criterion_group, criterion_main, Criterion};
use dream_core::jwt::{verify, JwtPolicy};
use dream_core::keys::{generate_key, hash_secret, parse_key, KeyKind};
use dream_core::memory::{MemStore, SeqRandom};
use dream_core::meter::{apply, MeterRequest};
use dream_core::stripe_signature::{sign, verify as verify_signature};
use dream_core::tiers::{Tier, TierLimits};
use dream_core::Mode;
use dream_sim::clerk::{Instance, MintRequest};
use std::hint::black_box;

fn keys(c: &mut Criterion) {
    let sk = generate_key(&SeqRandom::new(1), KeyKind::Secret, Mode::Live);
    c.bench_function("key_parse_checksum_hash", |b| {
        b.iter(|| {
            let k = parse_key(black_box(&sk)).unwrap_or_else(|e| panic!("{e:?}"));
            black_box(hash_secret(k.raw))
        })
    });
}

fn jwt(c: &mut Criterion) {
    let inst = Instance::ephemeral("bench", "https://clerk.bench".into()).unwrap_or_else(|e| panic!("{e}"));
    let now = 1_800_000_000;
    let token = inst
        .mint(&MintRequest { sub: "user_1".into(), azp: Some("https://app".into()), ..Default::default() }, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let jwks = inst.jwks();
    let policy = JwtPolicy { issuer: "https://clerk.bench".into(), authorized_parties: vec!["https://app".into()] };
    c.bench_function("jwt_verify_cached_key", |b| b.iter(|| black_box(verify(black_box(&token), &jwks, &policy, now))));
}

fn meter(c: &mut Criterion) {
    let mut store = MemStore::default();
    let free =
        Tier { name: "free".into(), display_name: "Free".into(), limit: None, price_cents: 0, ..Tier::default() };
    let req = MeterRequest::Track {
        user: "user_1".into(),
        amount: 1,
        idempotency_key: None,
        tiers: TierLimits::of(&[free]),
        rate_per_minute: u32::MAX,
        reserve: 0,
        returns: vec![],
    };
    let mut now = 1_800_000_000_000i64;
    c.bench_function("meter_track_decision", |b| {
        b.iter(|| {
            now += 1;
            black_box(apply(&mut store, black_box(&req), now))
        })
    });
}

fn webhook(c: &mut Criterion) {
    let body =
        br#"{"id":"evt_1","object":"event","type":"customer.subscription.updated","data":{"object":{"id":"sub_1"}}}"#;
    let now = 1_800_000_000;
    let header = sign("whsec_bench", now, body);
    c.bench_function("webhook_signature_check", |b| {
        b.iter(|| black_box(verify_signature(black_box(&header), body, "whsec_bench", now)))
    });
}

criterion_group!(benches, keys, jwt, meter, webhook);
criterion_main!(benches);
