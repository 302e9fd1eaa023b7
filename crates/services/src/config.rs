//! Deployment configuration, read from worker vars (or a map in tests).

use crate::stripe::StripeConfig;
use dream_core::jwt::JwtPolicy;
use dream_core::ApiError;
use dream_core::ErrorCode;

/// One Clerk instance: how its session tokens are verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkInstance {
    pub policy: JwtPolicy,
    pub jwks_url: String,
}

/// The hosted end-user sign-up and sign-in pages (api-multi `/signup`, `/signin`): the shared
/// Clerk app's browser SDK for the page, its Backend API for binding and hand-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedSignIn {
    /// Backend API secret key (`END_USER_CLERK_SECRET_KEY`, a secret).
    pub secret_key: String,
    /// Backend API base, before `/v1/…` (`END_USER_CLERK_API_URL`, default Clerk's).
    pub api_url: String,
    /// The app's publishable key for Clerk's browser SDK (`END_USER_CLERK_PUBLISHABLE_KEY`).
    pub publishable_key: String,
    /// Clerk's browser SDK script (`END_USER_CLERK_JS_URL`).
    pub js_url: String,
    /// The origin the pages are served from (`SIGN_UP_ORIGIN`): the `azp` their tokens carry.
    pub origin: String,
}

/// Settings of one deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The dashboard's Clerk app: developers sign in there; only front-auth-api and oauth-api
    /// read it (`CLERK_ISSUER` + `CLERK_JWKS_URL`, both or neither).
    pub developer_clerk: Option<ClerkInstance>,
    /// The shared Clerk app for end users of platforms that do not bring their own; only
    /// api-multi reads it (`END_USER_CLERK_ISSUER` + `END_USER_CLERK_JWKS_URL`, both or neither).
    pub end_user_clerk: Option<ClerkInstance>,
    /// The hosted end-user sign-up (api-multi only; needs `end_user_clerk` too).
    pub hosted_sign_in: Option<HostedSignIn>,
    /// Clerk user ids of the deployment's admins.
    pub admin_user_ids: Vec<String>,
    /// Browser origins allowed to call the developer API (the dashboard).
    pub dashboard_origins: Vec<String>,
    /// Allow `http://` JWKS URLs in platform settings (local development only).
    pub allow_insecure_jwks: bool,
    /// Stripe: API base, keys, webhook secrets, Connect settings.
    pub stripe: StripeConfig,
    /// Metered test-mode calls one platform may make per UTC day (`TEST_MODE_DAILY_CALLS`,
    /// default [`dream_core::plans::TEST_MODE_DAILY_CALLS`]).
    pub test_mode_daily_calls: u64,
    /// Developer webhooks: the signing key secrets are derived from and the retry pace
    /// (`WEBHOOK_SIGNING_KEY`, `WEBHOOK_FIRST_RETRY_MS`); `None`: endpoints cannot be made.
    pub webhooks: Option<crate::webhooks::WebhookKeys>,
}

fn list(v: Option<String>) -> Vec<String> {
    v.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl Config {
    /// Reads the configuration through `var` (worker vars/secrets by name).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        // A Clerk instance is configured by its issuer and JWKS URL together, or not at all.
        let clerk = |prefix: &str| -> Result<Option<ClerkInstance>, String> {
            let get = |name: &str| var(&format!("{prefix}{name}")).filter(|v| !v.is_empty());
            match (get("CLERK_ISSUER"), get("CLERK_JWKS_URL")) {
                (Some(issuer), Some(jwks_url)) => Ok(Some(ClerkInstance {
                    policy: JwtPolicy { issuer, authorized_parties: list(get("CLERK_AUTHORIZED_PARTIES")) },
                    jwks_url,
                })),
                (None, None) => Ok(None),
                _ => Err(format!("set both {prefix}CLERK_ISSUER and {prefix}CLERK_JWKS_URL, or neither")),
            }
        };
        let end_user_clerk = clerk("END_USER_")?;
        // Keyed on the page's public settings: the secret alone (every local worker gets
        // the same .dev.vars) configures nothing.
        let hosted = ["END_USER_CLERK_PUBLISHABLE_KEY", "END_USER_CLERK_JS_URL", "SIGN_UP_ORIGIN"]
            .map(|name| var(name).filter(|v| !v.is_empty()));
        let secret = var("END_USER_CLERK_SECRET_KEY").filter(|v| !v.is_empty());
        let hosted_sign_in = match (hosted, secret) {
            ([None, None, None], _) => None,
            ([Some(publishable_key), Some(js_url), Some(origin)], Some(secret_key)) => {
                if end_user_clerk.is_none() {
                    return Err("the hosted sign-up needs END_USER_CLERK_ISSUER and END_USER_CLERK_JWKS_URL".into());
                }
                let api_url = var("END_USER_CLERK_API_URL")
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "https://api.clerk.com".into());
                Some(HostedSignIn {
                    secret_key,
                    api_url: api_url.trim_end_matches('/').to_owned(),
                    publishable_key,
                    js_url,
                    origin: origin.trim_end_matches('/').to_owned(),
                })
            }
            _ => {
                return Err("the hosted sign-up needs all of END_USER_CLERK_PUBLISHABLE_KEY, END_USER_CLERK_JS_URL, SIGN_UP_ORIGIN and the secret END_USER_CLERK_SECRET_KEY".into())
            }
        };
        Ok(Config {
            developer_clerk: clerk("")?,
            end_user_clerk,
            hosted_sign_in,
            admin_user_ids: list(var("ADMIN_USER_IDS")),
            dashboard_origins: list(var("DASHBOARD_ORIGINS")),
            allow_insecure_jwks: var("ALLOW_INSECURE_JWKS").as_deref() == Some("true"),
            stripe: StripeConfig {
                api_base: var("STRIPE_API_BASE")
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "https://api.stripe.com".into()),
                connect_base: var("STRIPE_CONNECT_BASE")
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "https://connect.stripe.com".into()),
                client_id: var("STRIPE_CLIENT_ID").filter(|v| !v.is_empty()),
                test_secret: var("STRIPE_SECRET_KEY_TEST").filter(|v| !v.is_empty()),
                live_secret: var("STRIPE_SECRET_KEY_LIVE").filter(|v| !v.is_empty()),
                connect_webhook_secrets: list(var("STRIPE_CONNECT_WEBHOOK_SECRET")),
                platform_webhook_secrets: list(var("STRIPE_WEBHOOK_SECRET")),
                oauth_redirect_uri: var("STRIPE_OAUTH_REDIRECT_URI").filter(|v| !v.is_empty()),
                developer_billing_mode: match var("DEVELOPER_BILLING_MODE").as_deref() {
                    None | Some("" | "test") => dream_core::Mode::Test,
                    Some("live") => dream_core::Mode::Live,
                    Some(other) => return Err(format!("DEVELOPER_BILLING_MODE must be test or live, not {other:?}")),
                },
            },
            test_mode_daily_calls: match var("TEST_MODE_DAILY_CALLS").filter(|v| !v.is_empty()) {
                None => dream_core::plans::TEST_MODE_DAILY_CALLS,
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("TEST_MODE_DAILY_CALLS must be a whole number above 0, not {v:?}"))?,
            },
            webhooks: crate::webhooks::WebhookKeys::from_vars(&var)?,
        })
    }

    /// Checks a JWKS URL a developer wants fetched: https only, unless this is a local deployment.
    pub fn check_jwks_url(&self, url: &str) -> Result<(), ApiError> {
        let ok = url.starts_with("https://") || (self.allow_insecure_jwks && url.starts_with("http://"));
        if !ok || url.len() > 2048 {
            return Err(ApiError::new(ErrorCode::InvalidJwksUrl, "jwksUrl must be an https:// URL"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn each_worker_needs_only_what_it_reads() {
        // api-multi's vars: the end users' Clerk, no developer Clerk, no dashboard.
        let c = Config::from_vars(vars(&[
            ("END_USER_CLERK_ISSUER", "https://clerk.endusers.test"),
            ("END_USER_CLERK_JWKS_URL", "https://clerk.endusers.test/.well-known/jwks.json"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(c.developer_clerk.is_none() && c.end_user_clerk.is_some());
        assert_eq!(c.test_mode_daily_calls, dream_core::plans::TEST_MODE_DAILY_CALLS);
        // front-auth-api's and oauth-api's: the developer Clerk, no end-user Clerk.
        let c = Config::from_vars(vars(&[
            ("CLERK_ISSUER", "https://clerk.test"),
            ("CLERK_JWKS_URL", "https://clerk.test/.well-known/jwks.json"),
            ("TEST_MODE_DAILY_CALLS", "500"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(c.developer_clerk.is_some() && c.end_user_clerk.is_none());
        assert_eq!(c.test_mode_daily_calls, 500);
        // Half a Clerk instance, or a nonsense cap, is a configuration error.
        assert!(Config::from_vars(vars(&[("CLERK_ISSUER", "https://clerk.test")])).is_err());
        assert!(Config::from_vars(vars(&[("TEST_MODE_DAILY_CALLS", "0")])).is_err());
        // The hosted sign-up: its three settings and the secret, or none of the settings (the
        // secret alone configures nothing), and only beside the end users' Clerk.
        let hosted = [
            ("END_USER_CLERK_SECRET_KEY", "sk_test_x"),
            ("END_USER_CLERK_PUBLISHABLE_KEY", "pk_test_x"),
            ("END_USER_CLERK_JS_URL", "https://clerk.endusers.test/npm/clerk.browser.js"),
            ("SIGN_UP_ORIGIN", "https://accounts.test/"),
        ];
        let c = Config::from_vars(vars(&hosted[..1])).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.hosted_sign_in.is_none());
        assert!(Config::from_vars(vars(&hosted[..3])).is_err());
        assert!(Config::from_vars(vars(&hosted[1..])).is_err(), "no secret");
        assert!(Config::from_vars(vars(&hosted)).is_err(), "no end-user Clerk");
        let mut all = hosted.to_vec();
        all.push(("END_USER_CLERK_ISSUER", "https://clerk.endusers.test"));
        all.push(("END_USER_CLERK_JWKS_URL", "https://clerk.endusers.test/.well-known/jwks.json"));
        let c = Config::from_vars(vars(&all)).unwrap_or_else(|e| panic!("{e}"));
        let h = c.hosted_sign_in.unwrap_or_else(|| panic!("hosted sign-up configured"));
        assert_eq!((h.api_url.as_str(), h.origin.as_str()), ("https://api.clerk.com", "https://accounts.test"));
    }
}
