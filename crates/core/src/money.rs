//! Amounts kept in a currency's smallest unit, written and read in its major unit (12.50 USD
//! is 1250; 1200 JPY is 1200; 1.500 KWD is 1500), with Stripe's zero- and three-decimal
//! currencies.

/// Digits after the point in `currency`'s major unit (an ISO 4217 code, any case), as
/// Stripe counts them.
pub fn decimals(currency: &str) -> u32 {
    const ZERO: [&str; 16] = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    ];
    const THREE: [&str; 5] = ["bhd", "jod", "kwd", "omr", "tnd"];
    let c = currency.to_ascii_lowercase();
    if ZERO.contains(&c.as_str()) {
        0
    } else if THREE.contains(&c.as_str()) {
        3
    } else {
        2
    }
}

/// `minor` units written in the major unit with `decimals` digits (`1250, 2` → `12.50`).
pub fn major(minor: i64, decimals: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    match 10u64.checked_pow(decimals) {
        Some(scale) if decimals > 0 => {
            format!("{sign}{}.{:0width$}", m / scale, m % scale, width = decimals as usize)
        }
        _ => format!("{sign}{m}"),
    }
}

/// Text in the major unit (`9`, `9.5`, `$12.00`) as minor units with `decimals` digits,
/// without floating point; `None` when it is not such an amount (a sign, more digits after
/// the point than the currency has, too large).
pub fn parse_major(text: &str, decimals: u32) -> Option<i64> {
    let s = text.trim().trim_start_matches('$');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || frac.len() > decimals as usize || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac_value: i64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    let missing = decimals.checked_sub(u32::try_from(frac.len()).ok()?)?;
    let frac_value = frac_value.checked_mul(10i64.checked_pow(missing)?)?;
    whole.checked_mul(10i64.checked_pow(decimals)?)?.checked_add(frac_value)
}

#[cfg(test)]
mod tests {
    use super::{decimals, major, parse_major};

    #[test]
    fn amounts_are_read_and_written_in_the_currencys_own_unit() {
        assert_eq!((decimals("usd"), decimals("JPY"), decimals("kwd")), (2, 0, 3));
        assert_eq!(
            (major(1250, 2), major(1200, 0), major(1500, 3), major(-5, 2)),
            ("12.50".into(), "1200".into(), "1.500".into(), "-0.05".into())
        );
        for (text, d, want) in [
            ("12.5", 2, Some(1250)),
            ("$12.00", 2, Some(1200)),
            (" 9 ", 2, Some(900)),
            (".5", 2, Some(50)),
            ("1200", 0, Some(1200)),
            ("1.5", 3, Some(1500)),
            ("12.5", 0, None),
            ("1.234", 2, None),
            ("-1", 2, None),
            ("+1", 2, None),
            ("", 2, None),
            (".", 2, None),
            ("1e3", 2, None),
            ("99999999999999999999", 2, None),
            ("92233720368547759", 2, None),
            ("92233720368547758", 2, Some(9_223_372_036_854_775_800)),
        ] {
            assert_eq!(parse_major(text, d), want, "{text:?} with {d} decimals");
        }
        for (minor, d) in [(0, 2), (1, 2), (1250, 2), (1200, 0), (1500, 3), (7, 3)] {
            assert_eq!(parse_major(&major(minor, d), d), Some(minor));
        }
    }
}
