//! HTTP glue shared by the workers: the error response, JSON extractors, the port bundle
//! routes run against, session-JWT verification with a JWKS cache, CORS and request ids.

pub mod auth;
pub mod cache;
pub mod config;
pub mod cors;
pub mod customers;
pub mod developer;
pub mod error;
pub mod etag;
pub mod extract;
pub mod jwks;
pub mod kv;
pub mod log;
pub mod middleware;
pub mod objects;
pub mod quota;
pub mod state;
pub mod stripe;

pub use error::{Error, Result};
pub use state::{AppState, Caches, Ports};
