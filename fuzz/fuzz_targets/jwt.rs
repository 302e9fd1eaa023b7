//! Session tokens from the Authorization header (after 8 bytes of `now`): header and claims
//! decoding never panics at any `now`,
//! and nothing that is not RS256 signed by a known key gets through.
#![no_main]

use dream_core::jwt::{token_kid, verify, Jwk, Jwks, JwtPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((now, data)) = input.split_first_chunk::<8>() else { return };
    let now = i64::from_le_bytes(*now);
    let Ok(token) = std::str::from_utf8(data) else { return };
    let _ = token_kid(token);
    // A syntactically valid RSA key that signed nothing the fuzzer can produce.
    let jwks = Jwks {
        keys: vec![Jwk {
            kty: "RSA".into(),
            kid: Some("k1".into()),
            alg: Some("RS256".into()),
            use_: Some("sig".into()),
            n: Some("sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw".into()),
            e: Some("AQAB".into()),
        }],
    };
    let policy = JwtPolicy { issuer: "https://clerk.example".into(), authorized_parties: vec![] };
    assert!(verify(token, &jwks, &policy, now).is_err());
});
