//! One module per screen.

pub mod admin;
pub mod billing;
pub mod customers;
pub mod keys;
pub mod onboarding;
pub mod overview;
pub mod projects;
pub mod settings;
pub mod store;
pub mod stripe;
pub mod tiers;
pub mod webhooks;
