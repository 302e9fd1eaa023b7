//! URL text: the one percent-encoding of query and form components.

/// Percent-encodes a query or form component (unreserved characters stay as they are).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn unreserved_stay_the_rest_is_escaped() {
        assert_eq!(super::encode("a-Z_0.~ /é"), "a-Z_0.~%20%2F%C3%A9");
    }
}
