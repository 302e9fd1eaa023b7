//! HTTP glue shared by the workers: the error response, JSON extractors, bearer credentials,
//! the developer's session, CORS, ETags and request ids. What routes do lives in
//! `dream-services`; this crate only turns HTTP into calls of it and its answers into HTTP.

pub mod auth;
pub mod cors;
pub mod developer;
pub mod error;
pub mod etag;
pub mod extract;
pub mod middleware;

pub use error::{Error, Result};
