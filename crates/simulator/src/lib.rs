//! Local stand-ins for the outside world: a Clerk that serves JWKS and mints RS256 session
//! tokens with Clerk's claim names, and a Stripe that speaks Stripe's API, hosts Checkout,
//! the portal and Connect's consent page, and delivers signed webhooks. The workers talk to
//! them exactly as they talk to the real services.
#![recursion_limit = "512"]

pub mod clerk;
pub mod clerk_sessions;
pub mod clerk_users;
mod files;
pub mod server;
pub mod stripe;
pub mod testkit;
