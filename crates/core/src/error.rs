//! The one error type every route returns, and its JSON shape
//! `{"error": {"type", "code", "message"}}`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Category of an error; also fixes the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    /// 400: the request is malformed or fails validation.
    InvalidRequestError,
    /// 401: no or invalid credentials.
    AuthenticationError,
    /// 403: credentials are fine but not allowed to do this.
    PermissionError,
    /// 404: no such route or object.
    NotFoundError,
    /// 405: the route exists with other methods.
    MethodNotAllowedError,
    /// 402: the developer's dream-api plan does not cover this (quota used up).
    PaymentRequiredError,
    /// 409: conflicts with current state.
    ConflictError,
    /// 412: an `If-Match` version is no longer current (someone else changed it first).
    PreconditionFailedError,
    /// 413: the body is larger than accepted.
    PayloadTooLargeError,
    /// 429: the end user's tier limit for this period is used up.
    UsageLimitError,
    /// 429: too many requests in a short time.
    RateLimitError,
    /// 5xx: a real fault on our side or of a dependency.
    ApiError,
    /// 502: Stripe refused or failed a call made on the caller's behalf.
    UpstreamError,
    /// 503: the deployment is not configured for this (e.g. no Stripe keys).
    UnavailableError,
}

impl ErrorType {
    /// The HTTP status for this category.
    pub fn status(self) -> u16 {
        match self {
            ErrorType::InvalidRequestError => 400,
            ErrorType::AuthenticationError => 401,
            ErrorType::PermissionError => 403,
            ErrorType::NotFoundError => 404,
            ErrorType::MethodNotAllowedError => 405,
            ErrorType::PaymentRequiredError => 402,
            ErrorType::ConflictError => 409,
            ErrorType::PreconditionFailedError => 412,
            ErrorType::PayloadTooLargeError => 413,
            ErrorType::UsageLimitError | ErrorType::RateLimitError => 429,
            ErrorType::ApiError => 500,
            ErrorType::UpstreamError => 502,
            ErrorType::UnavailableError => 503,
        }
    }
}

/// Every error code dream-api answers with, and the category (so the status) it always has:
/// one definition each, so a code can never be spelled twice or sent with two statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    DuplicateTier,
    FreeTierNotFree,
    InvalidAmount,
    InvalidAuthorizedParties,
    InvalidBody,
    InvalidDisplayName,
    InvalidEmail,
    InvalidEvent,
    InvalidFeatures,
    UnknownFeature,
    InvalidPromotionCode,
    InvalidGrace,
    InvalidIdempotencyKey,
    InvalidIssuer,
    InvalidJson,
    InvalidJwksUrl,
    InvalidLimit,
    InvalidName,
    InvalidOauthState,
    InvalidOrigins,
    InvalidPath,
    InvalidPrice,
    InvalidQuery,
    InvalidRateLimit,
    InvalidRedirectUrl,
    InvalidTierName,
    InvalidTiers,
    InvalidUserId,
    MissingBody,
    MissingCode,
    MissingFreeTier,
    MissingUserId,
    OauthDenied,
    OauthExchangeFailed,
    OauthModeMismatch,
    RedirectNotAllowed,
    SignatureMalformed,
    SignatureMismatch,
    SignatureMissing,
    SignatureTimestampOutOfTolerance,
    TierNotPurchasable,
    UnknownPlan,
    UnknownTier,
    UnreadableBody,
    ApiKeyExpired,
    ApiKeyRevoked,
    InvalidApiKey,
    MalformedAuthorization,
    MissingCredentials,
    TokenAlgorithmNotAllowed,
    TokenAuthorizedPartyInvalid,
    TokenExpired,
    TokenIssuerInvalid,
    TokenKeyUnknown,
    TokenMalformed,
    TokenNotYetValid,
    TokenPlatformMismatch,
    TokenSignatureInvalid,
    TokenSubjectInvalid,
    PlanQuotaExceeded,
    UpgradePaymentFailed,
    AdminOnly,
    AllowedOriginsRequired,
    OauthStateNotYours,
    SecretKeyRequired,
    UserMismatch,
    KeyNotFound,
    CustomerNotFound,
    NoBillingCustomer,
    NotRegistered,
    RouteNotFound,
    MethodNotAllowed,
    AlreadyOnPlan,
    AlreadySubscribed,
    NotSubscribed,
    CheckoutAlreadyCompleted,
    CustomerExists,
    PromotionCodeExists,
    CustomerSubscribed,
    IdempotencyKeyReused,
    KeyNotRotatable,
    ProductsOutOfDate,
    StripeAccountInUse,
    StripeAccountUnavailable,
    StripeNotConnected,
    StripeResourceMissing,
    TooManyKeys,
    TooManyPlatforms,
    ProjectHasSubscriptions,
    TooManyProjects,
    ProjectNotFound,
    ProjectDeleted,
    ConfirmationMismatch,
    HostedSignInUnavailable,
    StaleWrite,
    BodyTooLarge,
    UsageLimitExceeded,
    RateLimited,
    TestModeDailyCap,
    UpstreamUnavailable,
    ReplacedSubscriptionNotCanceled,
    StripeError,
    StripeUnavailable,
    ClerkUnavailable,
    DeveloperSignInNotConfigured,
    EndUserSignInNotConfigured,
    JwksUnavailable,
    StripeBusy,
    StripeNotConfigured,
    InvalidWebhookUrl,
    InvalidWebhookEvents,
    InvalidAlerts,
    WebhookEndpointNotFound,
    DeliveryNotFound,
    TooManyWebhookEndpoints,
    WebhookEndpointDisabled,
    WebhooksNotConfigured,
    InvalidProduct,
    InvalidCart,
    ProductNotFound,
    SoldOut,
    TooManyProducts,
    /// A refund arrived for an order whose payment has not been recorded yet.
    OrderNotPaid,
}

impl ErrorCode {
    /// Every code (the API reference lists them).
    pub const ALL: [ErrorCode; 123] = [
        ErrorCode::DuplicateTier,
        ErrorCode::FreeTierNotFree,
        ErrorCode::InvalidAmount,
        ErrorCode::InvalidAuthorizedParties,
        ErrorCode::InvalidBody,
        ErrorCode::InvalidDisplayName,
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidEvent,
        ErrorCode::InvalidFeatures,
        ErrorCode::UnknownFeature,
        ErrorCode::InvalidPromotionCode,
        ErrorCode::InvalidGrace,
        ErrorCode::InvalidIdempotencyKey,
        ErrorCode::InvalidIssuer,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidJwksUrl,
        ErrorCode::InvalidLimit,
        ErrorCode::InvalidName,
        ErrorCode::InvalidOauthState,
        ErrorCode::InvalidOrigins,
        ErrorCode::InvalidPath,
        ErrorCode::InvalidPrice,
        ErrorCode::InvalidQuery,
        ErrorCode::InvalidRateLimit,
        ErrorCode::InvalidRedirectUrl,
        ErrorCode::InvalidTierName,
        ErrorCode::InvalidTiers,
        ErrorCode::InvalidUserId,
        ErrorCode::MissingBody,
        ErrorCode::MissingCode,
        ErrorCode::MissingFreeTier,
        ErrorCode::MissingUserId,
        ErrorCode::OauthDenied,
        ErrorCode::OauthExchangeFailed,
        ErrorCode::OauthModeMismatch,
        ErrorCode::RedirectNotAllowed,
        ErrorCode::SignatureMalformed,
        ErrorCode::SignatureMismatch,
        ErrorCode::SignatureMissing,
        ErrorCode::SignatureTimestampOutOfTolerance,
        ErrorCode::TierNotPurchasable,
        ErrorCode::UnknownPlan,
        ErrorCode::UnknownTier,
        ErrorCode::UnreadableBody,
        ErrorCode::ApiKeyExpired,
        ErrorCode::ApiKeyRevoked,
        ErrorCode::InvalidApiKey,
        ErrorCode::MalformedAuthorization,
        ErrorCode::MissingCredentials,
        ErrorCode::TokenAlgorithmNotAllowed,
        ErrorCode::TokenAuthorizedPartyInvalid,
        ErrorCode::TokenExpired,
        ErrorCode::TokenIssuerInvalid,
        ErrorCode::TokenKeyUnknown,
        ErrorCode::TokenMalformed,
        ErrorCode::TokenNotYetValid,
        ErrorCode::TokenPlatformMismatch,
        ErrorCode::TokenSignatureInvalid,
        ErrorCode::TokenSubjectInvalid,
        ErrorCode::PlanQuotaExceeded,
        ErrorCode::UpgradePaymentFailed,
        ErrorCode::AdminOnly,
        ErrorCode::AllowedOriginsRequired,
        ErrorCode::OauthStateNotYours,
        ErrorCode::SecretKeyRequired,
        ErrorCode::UserMismatch,
        ErrorCode::KeyNotFound,
        ErrorCode::CustomerNotFound,
        ErrorCode::NoBillingCustomer,
        ErrorCode::NotRegistered,
        ErrorCode::RouteNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::AlreadyOnPlan,
        ErrorCode::AlreadySubscribed,
        ErrorCode::NotSubscribed,
        ErrorCode::CheckoutAlreadyCompleted,
        ErrorCode::CustomerExists,
        ErrorCode::PromotionCodeExists,
        ErrorCode::CustomerSubscribed,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::KeyNotRotatable,
        ErrorCode::ProductsOutOfDate,
        ErrorCode::StripeAccountInUse,
        ErrorCode::StripeAccountUnavailable,
        ErrorCode::StripeNotConnected,
        ErrorCode::StripeResourceMissing,
        ErrorCode::TooManyKeys,
        ErrorCode::TooManyPlatforms,
        ErrorCode::ProjectHasSubscriptions,
        ErrorCode::TooManyProjects,
        ErrorCode::ProjectNotFound,
        ErrorCode::ProjectDeleted,
        ErrorCode::ConfirmationMismatch,
        ErrorCode::HostedSignInUnavailable,
        ErrorCode::StaleWrite,
        ErrorCode::BodyTooLarge,
        ErrorCode::UsageLimitExceeded,
        ErrorCode::RateLimited,
        ErrorCode::TestModeDailyCap,
        ErrorCode::UpstreamUnavailable,
        ErrorCode::ReplacedSubscriptionNotCanceled,
        ErrorCode::StripeError,
        ErrorCode::StripeUnavailable,
        ErrorCode::ClerkUnavailable,
        ErrorCode::DeveloperSignInNotConfigured,
        ErrorCode::EndUserSignInNotConfigured,
        ErrorCode::JwksUnavailable,
        ErrorCode::StripeBusy,
        ErrorCode::StripeNotConfigured,
        ErrorCode::InvalidWebhookUrl,
        ErrorCode::InvalidWebhookEvents,
        ErrorCode::InvalidAlerts,
        ErrorCode::WebhookEndpointNotFound,
        ErrorCode::DeliveryNotFound,
        ErrorCode::TooManyWebhookEndpoints,
        ErrorCode::WebhookEndpointDisabled,
        ErrorCode::WebhooksNotConfigured,
        ErrorCode::InvalidProduct,
        ErrorCode::InvalidCart,
        ErrorCode::ProductNotFound,
        ErrorCode::SoldOut,
        ErrorCode::TooManyProducts,
        ErrorCode::OrderNotPaid,
    ];

    /// The category, and so the HTTP status, this code is always sent with.
    pub fn kind(self) -> ErrorType {
        use ErrorCode::*;
        match self {
            DuplicateTier
            | FreeTierNotFree
            | InvalidAmount
            | InvalidAuthorizedParties
            | InvalidBody
            | InvalidDisplayName
            | InvalidEmail
            | InvalidEvent
            | InvalidFeatures
            | UnknownFeature
            | InvalidPromotionCode
            | InvalidGrace
            | InvalidIdempotencyKey
            | InvalidIssuer
            | InvalidJson
            | InvalidJwksUrl
            | InvalidLimit
            | InvalidName
            | InvalidOauthState
            | InvalidOrigins
            | InvalidPath
            | InvalidPrice
            | InvalidQuery
            | InvalidRateLimit
            | InvalidRedirectUrl
            | InvalidTierName
            | InvalidTiers
            | InvalidUserId
            | MissingBody
            | MissingCode
            | MissingFreeTier
            | MissingUserId
            | OauthDenied
            | OauthExchangeFailed
            | OauthModeMismatch
            | RedirectNotAllowed
            | SignatureMalformed
            | SignatureMismatch
            | SignatureMissing
            | SignatureTimestampOutOfTolerance
            | TierNotPurchasable
            | UnknownPlan
            | UnknownTier
            | ConfirmationMismatch
            | InvalidWebhookUrl
            | InvalidWebhookEvents
            | InvalidAlerts
            | InvalidProduct
            | InvalidCart
            | UnreadableBody => ErrorType::InvalidRequestError,
            ApiKeyExpired
            | ApiKeyRevoked
            | InvalidApiKey
            | ProjectDeleted
            | MalformedAuthorization
            | MissingCredentials
            | TokenAlgorithmNotAllowed
            | TokenAuthorizedPartyInvalid
            | TokenExpired
            | TokenIssuerInvalid
            | TokenKeyUnknown
            | TokenMalformed
            | TokenNotYetValid
            | TokenPlatformMismatch
            | TokenSignatureInvalid
            | TokenSubjectInvalid => ErrorType::AuthenticationError,
            PlanQuotaExceeded | UpgradePaymentFailed => ErrorType::PaymentRequiredError,
            AdminOnly | AllowedOriginsRequired | OauthStateNotYours | SecretKeyRequired | UserMismatch => {
                ErrorType::PermissionError
            }
            CustomerNotFound
            | KeyNotFound
            | NoBillingCustomer
            | NotRegistered
            | ProjectNotFound
            | WebhookEndpointNotFound
            | DeliveryNotFound
            | ProductNotFound
            | RouteNotFound => ErrorType::NotFoundError,
            MethodNotAllowed => ErrorType::MethodNotAllowedError,
            AlreadyOnPlan
            | AlreadySubscribed
            | NotSubscribed
            | CheckoutAlreadyCompleted
            | CustomerExists
            | PromotionCodeExists
            | CustomerSubscribed
            | IdempotencyKeyReused
            | KeyNotRotatable
            | ProductsOutOfDate
            | StripeAccountInUse
            | StripeAccountUnavailable
            | StripeNotConnected
            | StripeResourceMissing
            | TooManyKeys
            | TooManyPlatforms
            | TooManyProjects
            | ProjectHasSubscriptions
            | TooManyWebhookEndpoints
            | WebhookEndpointDisabled
            | SoldOut
            | TooManyProducts
            | OrderNotPaid
            | HostedSignInUnavailable => ErrorType::ConflictError,
            StaleWrite => ErrorType::PreconditionFailedError,
            BodyTooLarge => ErrorType::PayloadTooLargeError,
            UsageLimitExceeded => ErrorType::UsageLimitError,
            RateLimited | TestModeDailyCap => ErrorType::RateLimitError,
            UpstreamUnavailable => ErrorType::ApiError,
            ReplacedSubscriptionNotCanceled | StripeError | StripeUnavailable | ClerkUnavailable => {
                ErrorType::UpstreamError
            }
            DeveloperSignInNotConfigured
            | EndUserSignInNotConfigured
            | JwksUnavailable
            | StripeBusy
            | WebhooksNotConfigured
            | StripeNotConfigured => ErrorType::UnavailableError,
        }
    }

    /// The code as the API spells it.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            DuplicateTier => "duplicate_tier",
            InvalidProduct => "invalid_product",
            InvalidCart => "invalid_cart",
            ProductNotFound => "product_not_found",
            SoldOut => "sold_out",
            TooManyProducts => "too_many_products",
            OrderNotPaid => "order_not_paid",
            InvalidWebhookUrl => "invalid_webhook_url",
            InvalidWebhookEvents => "invalid_webhook_events",
            InvalidAlerts => "invalid_alerts",
            WebhookEndpointNotFound => "webhook_endpoint_not_found",
            DeliveryNotFound => "delivery_not_found",
            TooManyWebhookEndpoints => "too_many_webhook_endpoints",
            WebhookEndpointDisabled => "webhook_endpoint_disabled",
            WebhooksNotConfigured => "webhooks_not_configured",
            FreeTierNotFree => "free_tier_not_free",
            InvalidAmount => "invalid_amount",
            InvalidAuthorizedParties => "invalid_authorized_parties",
            InvalidBody => "invalid_body",
            InvalidDisplayName => "invalid_display_name",
            InvalidEvent => "invalid_event",
            InvalidFeatures => "invalid_features",
            InvalidGrace => "invalid_grace",
            InvalidIdempotencyKey => "invalid_idempotency_key",
            InvalidIssuer => "invalid_issuer",
            InvalidJson => "invalid_json",
            InvalidJwksUrl => "invalid_jwks_url",
            InvalidLimit => "invalid_limit",
            InvalidOauthState => "invalid_oauth_state",
            InvalidOrigins => "invalid_origins",
            InvalidPath => "invalid_path",
            InvalidPrice => "invalid_price",
            InvalidQuery => "invalid_query",
            InvalidRateLimit => "invalid_rate_limit",
            InvalidRedirectUrl => "invalid_redirect_url",
            InvalidTierName => "invalid_tier_name",
            InvalidTiers => "invalid_tiers",
            InvalidUserId => "invalid_user_id",
            MissingBody => "missing_body",
            MissingCode => "missing_code",
            MissingFreeTier => "missing_free_tier",
            MissingUserId => "missing_user_id",
            OauthDenied => "oauth_denied",
            OauthExchangeFailed => "oauth_exchange_failed",
            OauthModeMismatch => "oauth_mode_mismatch",
            RedirectNotAllowed => "redirect_not_allowed",
            SignatureMalformed => "signature_malformed",
            SignatureMismatch => "signature_mismatch",
            SignatureMissing => "signature_missing",
            SignatureTimestampOutOfTolerance => "signature_timestamp_out_of_tolerance",
            TierNotPurchasable => "tier_not_purchasable",
            UnknownPlan => "unknown_plan",
            UnknownTier => "unknown_tier",
            UnreadableBody => "unreadable_body",
            ApiKeyExpired => "api_key_expired",
            ApiKeyRevoked => "api_key_revoked",
            InvalidApiKey => "invalid_api_key",
            MalformedAuthorization => "malformed_authorization",
            MissingCredentials => "missing_credentials",
            TokenAlgorithmNotAllowed => "token_algorithm_not_allowed",
            TokenAuthorizedPartyInvalid => "token_authorized_party_invalid",
            TokenExpired => "token_expired",
            TokenIssuerInvalid => "token_issuer_invalid",
            TokenKeyUnknown => "token_key_unknown",
            TokenMalformed => "token_malformed",
            TokenNotYetValid => "token_not_yet_valid",
            TokenPlatformMismatch => "token_platform_mismatch",
            TokenSignatureInvalid => "token_signature_invalid",
            TokenSubjectInvalid => "token_subject_invalid",
            PlanQuotaExceeded => "plan_quota_exceeded",
            UpgradePaymentFailed => "upgrade_payment_failed",
            AdminOnly => "admin_only",
            AllowedOriginsRequired => "allowed_origins_required",
            OauthStateNotYours => "oauth_state_not_yours",
            SecretKeyRequired => "secret_key_required",
            UserMismatch => "user_mismatch",
            KeyNotFound => "key_not_found",
            CustomerNotFound => "customer_not_found",
            CustomerExists => "customer_exists",
            CustomerSubscribed => "customer_subscribed",
            InvalidEmail => "invalid_email",
            UnknownFeature => "unknown_feature",
            InvalidPromotionCode => "invalid_promotion_code",
            PromotionCodeExists => "promotion_code_exists",
            InvalidName => "invalid_name",
            NoBillingCustomer => "no_billing_customer",
            NotRegistered => "not_registered",
            RouteNotFound => "route_not_found",
            MethodNotAllowed => "method_not_allowed",
            AlreadyOnPlan => "already_on_plan",
            AlreadySubscribed => "already_subscribed",
            NotSubscribed => "not_subscribed",
            CheckoutAlreadyCompleted => "checkout_already_completed",
            IdempotencyKeyReused => "idempotency_key_reused",
            KeyNotRotatable => "key_not_rotatable",
            ProductsOutOfDate => "products_out_of_date",
            StripeAccountInUse => "stripe_account_in_use",
            StripeAccountUnavailable => "stripe_account_unavailable",
            StripeNotConnected => "stripe_not_connected",
            StripeResourceMissing => "stripe_resource_missing",
            TooManyKeys => "too_many_keys",
            TooManyPlatforms => "too_many_platforms",
            ProjectHasSubscriptions => "project_has_subscriptions",
            TooManyProjects => "too_many_projects",
            ProjectNotFound => "project_not_found",
            ProjectDeleted => "project_deleted",
            ConfirmationMismatch => "confirmation_mismatch",
            HostedSignInUnavailable => "hosted_sign_in_unavailable",
            StaleWrite => "stale_write",
            BodyTooLarge => "body_too_large",
            UsageLimitExceeded => "usage_limit_exceeded",
            RateLimited => "rate_limited",
            TestModeDailyCap => "test_mode_daily_cap",
            UpstreamUnavailable => "upstream_unavailable",
            ReplacedSubscriptionNotCanceled => "replaced_subscription_not_canceled",
            StripeError => "stripe_error",
            StripeUnavailable => "stripe_unavailable",
            ClerkUnavailable => "clerk_unavailable",
            DeveloperSignInNotConfigured => "developer_sign_in_not_configured",
            EndUserSignInNotConfigured => "end_user_sign_in_not_configured",
            JwksUnavailable => "jwks_unavailable",
            StripeBusy => "stripe_busy",
            StripeNotConfigured => "stripe_not_configured",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as the API reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// Stable machine-readable code, e.g. `usage_limit_exceeded`.
    pub code: ErrorCode,
    /// Human-readable explanation.
    pub message: String,
    /// Seconds until retrying makes sense (sent as `Retry-After`).
    #[serde(rename = "retryAfter", skip_serializing_if = "Option::is_none", default)]
    pub retry_after: Option<u64>,
}

/// The JSON envelope of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

impl ApiError {
    /// An error with its code (which decides its category and status) and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { kind: code.kind(), code, message: message.into(), retry_after: None }
    }
    /// Adds a `Retry-After` in seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
    /// The JSON body for this error.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: self.clone() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_shape() {
        let e = ApiError::new(ErrorCode::InvalidJson, "body is not JSON");
        let v = serde_json::to_value(e.body()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"error": {"type": "invalid_request_error", "code": "invalid_json", "message": "body is not JSON"}})
        );
        assert_eq!(e.status(), 400);
        assert_eq!(ApiError::new(ErrorCode::UsageLimitExceeded, "y").status(), 429);
    }

    #[test]
    fn every_code_is_spelled_once_the_same_way_everywhere() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
            assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }
}
