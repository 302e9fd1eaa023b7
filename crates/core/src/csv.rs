//! CSV for exports that spreadsheets open (the dashboard's customers, the API's orders):
//! quoting, and formula neutralisation.

/// One CSV field. A field a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, tab or carriage return: end-user ids come from strangers) is prefixed with `'` so it
/// is shown as text; fields with separators, quotes or line breaks are quoted.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One CSV line (without its line break): each of `fields` as [`field`] writes it.
pub fn row<S: AsRef<str>>(fields: &[S]) -> String {
    fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::{field, row};

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        for f in ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(field(f).trim_start_matches('"').starts_with('\''), "{f:?} -> {:?}", field(f));
        }
        assert_eq!(field("alice"), "alice");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(row(&["a", "b,c", "=1"]), "a,\"b,c\",'=1");
    }
}
