//! A service's error: an API error (its code decides the status), logged when it hides a fault.

use dream_core::ports::PortError;
use dream_core::{ApiError, ErrorCode};

/// What a service failed with, as the caller will be told.
#[derive(Debug)]
pub struct Error(pub ApiError);

/// A service's result.
pub type Result<T> = std::result::Result<T, Error>;

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error(e)
    }
}

impl From<PortError> for Error {
    fn from(e: PortError) -> Self {
        crate::log::error(&format!("storage or network fault: {e}"));
        Error(ApiError::new(ErrorCode::UpstreamUnavailable, "a storage or network dependency failed; retry shortly"))
    }
}
