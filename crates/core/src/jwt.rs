//! Session JWT rules (Clerk's format): RS256 only, key from a JWKS by `kid`, issuer, expiry
//! and not-before with a small leeway, and the authorized party (`azp`).

use crate::error::ErrorCode;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECS: i64 = 5;

/// One public key of a JWKS document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
}

/// A JWKS document (`/.well-known/jwks.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The RSA key with this `kid`.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid) && k.kty == "RSA")
    }
}

/// What a token must satisfy besides its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JwtPolicy {
    /// Exact `iss`.
    pub issuer: String,
    /// Accepted `azp` values; empty accepts any (and a missing `azp`).
    pub authorized_parties: Vec<String>,
}

/// The claims of a Clerk session token that dream-api reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionClaims {
    pub sub: String,
    pub iss: String,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Custom claim from the session-token template: the user's public metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
}

impl SessionClaims {
    /// Whether the person is bound to `platform_id` in the shared Clerk app: it is one of
    /// `public_metadata.platformIds` (a person may use several platforms of a deployment), or
    /// the single `public_metadata.platformId` of the original product's binding.
    pub fn bound_to(&self, platform_id: &str) -> bool {
        let Some(meta) = self.public_metadata.as_ref() else { return false };
        let listed = meta.get("platformIds").and_then(|v| v.as_array()).into_iter().flatten();
        meta.get("platformId").into_iter().chain(listed).any(|v| v.as_str() == Some(platform_id))
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    Malformed,
    /// Header `alg` is not RS256 (`none`, HS256, …).
    Algorithm,
    /// No `kid`, or none in the JWKS matches it.
    UnknownKey,
    /// The signature does not verify.
    Signature,
    Expired,
    NotYetValid,
    Issuer,
    AuthorizedParty,
}

impl JwtError {
    /// Stable error code for the API.
    pub fn code(&self) -> ErrorCode {
        match self {
            JwtError::Malformed => ErrorCode::TokenMalformed,
            JwtError::Algorithm => ErrorCode::TokenAlgorithmNotAllowed,
            JwtError::UnknownKey => ErrorCode::TokenKeyUnknown,
            JwtError::Signature => ErrorCode::TokenSignatureInvalid,
            JwtError::Expired => ErrorCode::TokenExpired,
            JwtError::NotYetValid => ErrorCode::TokenNotYetValid,
            JwtError::Issuer => ErrorCode::TokenIssuerInvalid,
            JwtError::AuthorizedParty => ErrorCode::TokenAuthorizedPartyInvalid,
        }
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            JwtError::Malformed => "the session token is not a well-formed JWT",
            JwtError::Algorithm => "the session token must be signed with RS256",
            JwtError::UnknownKey => "the session token was signed by an unknown key",
            JwtError::Signature => "the session token's signature is invalid",
            JwtError::Expired => "the session token has expired",
            JwtError::NotYetValid => "the session token is not valid yet",
            JwtError::Issuer => "the session token was issued by another issuer",
            JwtError::AuthorizedParty => "the session token was issued for another application (azp)",
        };
        f.write_str(msg)
    }
}

/// The `kid` a token names, after pinning its algorithm to RS256.
pub fn token_kid(token: &str) -> Result<String, JwtError> {
    let header = decode_header(token).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::InvalidAlgorithmName => JwtError::Algorithm,
        _ => {
            // `alg: none` and other unknown names fail header parsing; tell them apart from junk.
            if header_alg(token).is_some() {
                JwtError::Algorithm
            } else {
                JwtError::Malformed
            }
        }
    })?;
    if header.alg != Algorithm::RS256 {
        return Err(JwtError::Algorithm);
    }
    header.kid.ok_or(JwtError::UnknownKey)
}

fn header_alg(token: &str) -> Option<String> {
    use base64::Engine;
    let part = token.split('.').next()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("alg")?.as_str().map(str::to_owned)
}

/// Verifies `token` against `jwks` and `policy` at `now_secs`.
pub fn verify(token: &str, jwks: &Jwks, policy: &JwtPolicy, now_secs: i64) -> Result<SessionClaims, JwtError> {
    let c = verify_signature(token, jwks)?;
    check_claims(&c, policy, now_secs)?;
    Ok(c)
}

/// The claims of `token` if its RS256 signature is by a key of `jwks` (nothing else checked:
/// see [`check_claims`]). The costly half of [`verify`]: its answer may be kept for a token.
pub fn verify_signature(token: &str, jwks: &Jwks) -> Result<SessionClaims, JwtError> {
    let kid = token_kid(token)?;
    let jwk = jwks.find(&kid).ok_or(JwtError::UnknownKey)?;
    let (Some(n), Some(e)) = (&jwk.n, &jwk.e) else { return Err(JwtError::UnknownKey) };
    let key = DecodingKey::from_rsa_components(n, e).map_err(|_| JwtError::UnknownKey)?;
    let mut validation = Validation::new(Algorithm::RS256);
    // Time, issuer and azp are checked by `check_claims` against the injected clock and policy.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = decode::<SessionClaims>(token, &key, &validation).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::InvalidSignature => JwtError::Signature,
        jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => JwtError::Algorithm,
        _ => JwtError::Malformed,
    })?;
    Ok(data.claims)
}

/// Issuer, lifetime (±[`LEEWAY_SECS`]), authorized party and subject of signed claims at `now_secs`.
pub fn check_claims(c: &SessionClaims, policy: &JwtPolicy, now_secs: i64) -> Result<(), JwtError> {
    if c.iss != policy.issuer {
        return Err(JwtError::Issuer);
    }
    // Saturating: the claims are the issuer's, and may be anything.
    if now_secs > c.exp.saturating_add(LEEWAY_SECS) {
        return Err(JwtError::Expired);
    }
    if matches!(c.nbf, Some(nbf) if now_secs.saturating_add(LEEWAY_SECS) < nbf) {
        return Err(JwtError::NotYetValid);
    }
    if !policy.authorized_parties.is_empty()
        && !c.azp.as_ref().is_some_and(|azp| policy.authorized_parties.iter().any(|p| p == azp))
    {
        return Err(JwtError::AuthorizedParty);
    }
    if c.sub.is_empty() {
        return Err(JwtError::Malformed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_bound_to_the_platforms_their_metadata_lists() {
        let claims = |meta: serde_json::Value| SessionClaims {
            sub: "user_1".into(),
            iss: "https://clerk.test".into(),
            exp: 0,
            nbf: None,
            iat: None,
            azp: None,
            sid: None,
            public_metadata: Some(meta),
        };
        let both = claims(serde_json::json!({"platformIds": ["plt_a", "plt_b"]}));
        assert!(both.bound_to("plt_a") && both.bound_to("plt_b") && !both.bound_to("plt_c"));
        let original = claims(serde_json::json!({"platformId": "plt_a"}));
        assert!(original.bound_to("plt_a") && !original.bound_to("plt_b"));
        assert!(!claims(serde_json::json!({"platformIds": "plt_a"})).bound_to("plt_a"), "a list, not a string");
        assert!(!claims(serde_json::json!({})).bound_to("plt_a"));
    }
}
