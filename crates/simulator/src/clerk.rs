//! A Clerk instance: an RSA key pair, its JWKS, and session tokens signed with it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use dream_core::jwt::{Jwk, Jwks};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What to put in a minted token; unset fields get Clerk-like defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MintRequest {
    pub sub: String,
    #[serde(default)]
    pub azp: Option<String>,
    /// Lifetime in seconds (default 3600).
    #[serde(default)]
    pub ttl_secs: Option<i64>,
    #[serde(default)]
    pub public_metadata: Option<serde_json::Value>,
    /// The session the token belongs to (default: one per instance).
    #[serde(default)]
    pub sid: Option<String>,
    /// Overrides for tests of refused tokens.
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub iat: Option<i64>,
}

/// A Clerk instance's signing identity.
#[derive(Clone)]
pub struct Instance {
    pub name: String,
    pub issuer: String,
    key: RsaPrivateKey,
    kid: String,
    encoding: EncodingKey,
}

#[derive(Serialize)]
struct Claims<'a> {
    sub: &'a str,
    iss: &'a str,
    azp: Option<&'a str>,
    exp: i64,
    nbf: i64,
    iat: i64,
    sid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_metadata: Option<&'a serde_json::Value>,
}

impl Instance {
    /// Loads the instance key from `dir/clerk-<name>.pem`, creating it the first time.
    pub fn load_or_create(dir: &Path, name: &str, issuer: String) -> Result<Instance, String> {
        let path = dir.join(format!("clerk-{name}.pem"));
        let key = match std::fs::read_to_string(&path) {
            Ok(pem) => RsaPrivateKey::from_pkcs1_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(_) => {
                let key = Self::generate()?;
                let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|e| e.to_string())?;
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                std::fs::write(&path, pem.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
                key
            }
        };
        Self::from_key(name, issuer, key)
    }

    /// An instance with a fresh key that is never written anywhere.
    pub fn ephemeral(name: &str, issuer: String) -> Result<Instance, String> {
        Self::from_key(name, issuer, Self::generate()?)
    }

    fn generate() -> Result<RsaPrivateKey, String> {
        RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(|e| e.to_string())
    }

    fn from_key(name: &str, issuer: String, key: RsaPrivateKey) -> Result<Instance, String> {
        let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|e| e.to_string())?;
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| e.to_string())?;
        let digest = Sha256::digest(key.n().to_bytes_be());
        let kid = format!("ins_{}", dream_core::keys::hex(&digest[..8]));
        Ok(Instance { name: name.to_owned(), issuer, key, kid, encoding })
    }

    /// The instance's Backend API secret key (`sk_test_…`): derived from its signing key, so it
    /// is as stable as the instance and never written anywhere (`dream-sim clerk-secret`).
    pub fn backend_secret(&self) -> String {
        let digest = Sha256::digest([b"dream-sim backend api".as_slice(), &self.key.n().to_bytes_be()].concat());
        format!("sk_test_{}", dream_core::keys::hex(&digest[..24]))
    }

    /// The key id tokens carry.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public JWKS document.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: vec![Jwk {
                kty: "RSA".into(),
                kid: Some(self.kid.clone()),
                alg: Some("RS256".into()),
                use_: Some("sig".into()),
                n: Some(URL_SAFE_NO_PAD.encode(self.key.n().to_bytes_be())),
                e: Some(URL_SAFE_NO_PAD.encode(self.key.e().to_bytes_be())),
            }],
        }
    }

    /// The public key as PEM (tests use it to forge HS256 tokens keyed with it).
    pub fn public_pem(&self) -> String {
        self.key.to_public_key().to_pkcs1_pem(LineEnding::LF).unwrap_or_default()
    }

    /// A signed session token, as Clerk would issue it.
    pub fn mint(&self, req: &MintRequest, now_secs: i64) -> Result<String, String> {
        let iat = req.iat.unwrap_or(now_secs);
        let claims = Claims {
            sub: &req.sub,
            iss: req.iss.as_deref().unwrap_or(&self.issuer),
            azp: req.azp.as_deref(),
            exp: req.exp.unwrap_or(now_secs + req.ttl_secs.unwrap_or(3600)),
            nbf: req.nbf.unwrap_or(now_secs - 10),
            iat,
            sid: req.sid.clone().unwrap_or_else(|| format!("sess_{}", &self.kid[4..])),
            public_metadata: req.public_metadata.as_ref(),
        };
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".into());
        encode(&header, &claims, &self.encoding).map_err(|e| e.to_string())
    }
}

/// Seconds since the epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The same token with one bit of its signature flipped (still well-formed base64url), for
/// tests of signature checking.
pub fn tamper_signature(token: &str) -> String {
    let Some((signed, sig)) = token.rsplit_once('.') else { return token.to_owned() };
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap_or_default();
    let middle = bytes.len() / 2;
    if let Some(b) = bytes.get_mut(middle) {
        *b ^= 0x01;
    }
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(bytes))
}
