//! dream-api's application services: what the routes do, over the ports and without HTTP.
//! Typed clients of the Durable Object roles (the only callers of the objects port), the
//! developer's account and registration, the plan quota, customers, session-token
//! verification with its JWKS cache, and Stripe (client, catalog, checkout, billing events,
//! the webhook flow). The HTTP glue (`dream-web`) turns their errors into responses.

pub mod cache;
pub mod clerk_api;
pub mod config;
pub mod customers;
pub mod developers;
pub mod error;
pub mod jwks;
pub mod keyring;
pub mod kv;
pub mod log;
pub mod objects;
pub mod projects;
pub mod quota;
pub mod sign_up;
pub mod state;
pub mod stats;
pub mod store;
pub mod stripe;
pub mod webhooks;

pub use error::{Error, Result};
pub use state::{AppState, Caches, Ports};
