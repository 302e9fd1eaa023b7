//! Deployment configuration, read from worker vars (or a map in tests).

use crate::stripe::StripeConfig;
use dream_core::jwt::JwtPolicy;
use dream_core::ApiError;

/// One Clerk instance: how its session tokens are verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkInstance {
    pub policy: JwtPolicy,
    pub jwks_url: String,
}

/// Settings of one deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The dashboard's Clerk app: developers sign in there.
    pub developer_clerk: ClerkInstance,
    /// The shared Clerk app for end users of platforms that do not bring their own; only
    /// api-multi reads it (`END_USER_CLERK_ISSUER` + `END_USER_CLERK_JWKS_URL`, both or neither).
    pub end_user_clerk: Option<ClerkInstance>,
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
}

fn list(v: Option<String>) -> Vec<String> {
    v.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl Config {
    /// Reads the configuration through `var` (worker vars/secrets by name).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let need = |name: &str| {
            var(name).filter(|v| !v.is_empty()).ok_or_else(|| format!("missing configuration variable {name}"))
        };
        Ok(Config {
            developer_clerk: ClerkInstance {
                policy: JwtPolicy {
                    issuer: need("CLERK_ISSUER")?,
                    authorized_parties: list(var("CLERK_AUTHORIZED_PARTIES")),
                },
                jwks_url: need("CLERK_JWKS_URL")?,
            },
            end_user_clerk: match (
                var("END_USER_CLERK_ISSUER").filter(|v| !v.is_empty()),
                var("END_USER_CLERK_JWKS_URL").filter(|v| !v.is_empty()),
            ) {
                (Some(issuer), Some(jwks_url)) => Some(ClerkInstance {
                    policy: JwtPolicy { issuer, authorized_parties: list(var("END_USER_CLERK_AUTHORIZED_PARTIES")) },
                    jwks_url,
                }),
                (None, None) => None,
                _ => return Err("END_USER_CLERK_ISSUER and END_USER_CLERK_JWKS_URL go together".into()),
            },
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
        })
    }

    /// Checks a JWKS URL a developer wants fetched: https only, unless this is a local deployment.
    pub fn check_jwks_url(&self, url: &str) -> Result<(), ApiError> {
        let ok = url.starts_with("https://") || (self.allow_insecure_jwks && url.starts_with("http://"));
        if !ok || url.len() > 2048 {
            return Err(ApiError::bad_request("invalid_jwks_url", "jwksUrl must be an https:// URL"));
        }
        Ok(())
    }
}
