//! Untrusted integers meeting time never panic, in any build profile: a webhook's `t`, a
//! session token's `exp`/`nbf`, at the extremes of `i64` and at any `now`.

use dream_core::jwt::{verify as verify_jwt, JwtError, JwtPolicy};
use dream_core::stripe_signature::{sign, verify, SignatureError};
use dream_sim::clerk::{Instance, MintRequest};

const NOWS: [i64; 5] = [i64::MIN, -1, 0, 1_800_000_000, i64::MAX];

#[test]
fn stripe_signature_timestamps_at_the_extremes() {
    let body = b"{}";
    for t in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
        for now in NOWS {
            let header = sign("whsec_x", t, body);
            let verdict = verify(&header, body, "whsec_x", now);
            let close = now.checked_sub(t).and_then(i64::checked_abs).is_some_and(|d| d <= 300);
            assert_eq!(verdict.is_ok(), close, "t={t} now={now}");
            if !close {
                assert_eq!(verdict, Err(SignatureError::Stale));
            }
        }
    }
}

#[test]
fn token_times_at_the_extremes() {
    let issuer = "https://clerk.test".to_owned();
    let clerk = Instance::ephemeral("time", issuer.clone()).unwrap_or_else(|e| panic!("{e}"));
    let policy = JwtPolicy { issuer, authorized_parties: vec![] };
    for (exp, nbf) in
        [(i64::MAX, None), (i64::MIN, None), (1_800_000_100, Some(i64::MIN)), (1_800_000_100, Some(i64::MAX))]
    {
        let req = MintRequest { sub: "user_1".into(), exp: Some(exp), nbf, iat: Some(i64::MIN), ..Default::default() };
        let token = clerk.mint(&req, 1_800_000_000).unwrap_or_else(|e| panic!("{e}"));
        for now in NOWS {
            match verify_jwt(&token, &clerk.jwks(), &policy, now) {
                Ok(_) | Err(JwtError::Expired | JwtError::NotYetValid) => {}
                Err(other) => panic!("exp={exp} nbf={nbf:?} now={now}: {other:?}"),
            }
        }
    }
}
