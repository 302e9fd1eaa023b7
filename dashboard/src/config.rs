//! Build-time configuration (environment variables read when trunk builds the app).

/// Base URL of the API (api-multi, front-auth-api and oauth-api, routed by path).
pub const API_URL: &str = match option_env!("DREAM_API_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:8787",
};

/// `local` (the simulator's sign-in page) or `clerk` (Clerk's browser SDK).
pub const AUTH: &str = match option_env!("DREAM_AUTH") {
    Some(a) => a,
    None => "local",
};

/// The local sign-in page (simulated Clerk).
pub const SIGN_IN_URL: &str = match option_env!("DREAM_SIGN_IN_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:8790/clerk/dashboard/sign-in",
};

/// Clerk's browser SDK script (`https://<frontend-api>/npm/@clerk/clerk-js@5/dist/clerk.browser.js`).
pub const CLERK_JS_URL: &str = match option_env!("DREAM_CLERK_JS_URL") {
    Some(u) => u,
    None => "",
};

/// The Clerk publishable key of the dashboard's Clerk app.
pub const CLERK_PUBLISHABLE_KEY: &str = match option_env!("DREAM_CLERK_PUBLISHABLE_KEY") {
    Some(k) => k,
    None => "",
};
