//! Versions of developer-edited resources as `ETag`s, and `If-Match` on writes: a write
//! whose version is no longer current is refused with 412 by the object that holds it.

use crate::Result;
use axum::http::{header, HeaderMap, HeaderValue};
use dream_core::ApiError;
use dream_core::ErrorCode;

/// The `ETag` of version `version` of the resource tagged `tag` (e.g. `"settings-3"`).
pub fn etag(tag: &str, version: u64) -> (header::HeaderName, HeaderValue) {
    let value = HeaderValue::from_str(&format!("\"{tag}-{version}\"")).unwrap_or(HeaderValue::from_static("\"\""));
    (header::ETAG, value)
}

/// The version an `If-Match` header asks for: `None` when absent or `*` (write regardless).
/// A tag of another resource, or one that is not ours, can never match: 412.
pub fn if_match(headers: &HeaderMap, tag: &str) -> Result<Option<u64>> {
    let Some(raw) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let raw = raw.to_str().unwrap_or("").trim();
    if raw == "*" {
        return Ok(None);
    }
    let version = raw
        .strip_prefix("W/")
        .unwrap_or(raw)
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .and_then(|r| r.strip_prefix(tag))
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.parse::<u64>().ok());
    version.map(Some).ok_or_else(|| {
        ApiError::new(
            ErrorCode::StaleWrite,
            format!("If-Match {raw:?} is not a version of the {tag}; read them again and reapply your change"),
        )
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::IF_MATCH, HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")));
        h
    }

    #[test]
    fn if_match_reads_our_tags_only() {
        assert_eq!(if_match(&HeaderMap::new(), "settings").ok(), Some(None));
        assert_eq!(if_match(&headers("*"), "settings").ok(), Some(None));
        assert_eq!(if_match(&headers("\"settings-3\""), "settings").ok(), Some(Some(3)));
        assert_eq!(if_match(&headers("W/\"settings-3\""), "settings").ok(), Some(Some(3)));
        let wrong = if_match(&headers("\"tiers-test-3\""), "settings").err().map(|e| e.0.status());
        assert_eq!(wrong, Some(412));
        assert_eq!(etag("tiers-live", 2).1, "\"tiers-live-2\"");
    }
}
