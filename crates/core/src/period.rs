//! Usage periods and calendar arithmetic (UTC), without a date library.

use serde::{Deserialize, Serialize};

/// A half-open interval of time `[start_ms, end_ms)` over which usage is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start_ms: i64,
    pub end_ms: i64,
}

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The UTC calendar month containing `now_ms`: the default usage period.
pub fn month_of(now_ms: i64) -> Period {
    let (y, m, _) = civil_from_days(now_ms.div_euclid(DAY_MS));
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Period { start_ms: days_from_civil(y, m, 1) * DAY_MS, end_ms: days_from_civil(ny, nm, 1) * DAY_MS }
}

/// `ms` moved `n` calendar months later, the day of month clamped to the target month's
/// length (Jan 31 + 1 month = Feb 28/29), time of day kept: Stripe's monthly billing anchor.
pub fn add_months(ms: i64, n: u32) -> i64 {
    let day = ms.div_euclid(DAY_MS);
    let time = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(day);
    let total = (m - 1 + n) as i64;
    let (ty, tm) = (y + total / 12, (total % 12) as u32 + 1);
    let (ny, nm) = if tm == 12 { (ty + 1, 1) } else { (ty, tm + 1) };
    let month_len = days_from_civil(ny, nm, 1) - days_from_civil(ty, tm, 1);
    days_from_civil(ty, tm, d.min(month_len as u32)) * DAY_MS + time
}

/// Day number (since the epoch, UTC) of an instant.
pub fn day_number(now_ms: i64) -> i64 {
    now_ms.div_euclid(DAY_MS)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 3339 UTC timestamp (`2026-11-01T00:00:00Z`) of an instant, second precision.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (day, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!("{}T{:02}:{:02}:{:02}Z", day_string(day), sod / 3600, (sod / 60) % 60, sod % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for z in [-800_000i64, -1, 0, 1, 59, 365, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn month_periods() {
        // 2026-11-29T22:00:00Z
        let now = days_from_civil(2026, 11, 29) * DAY_MS + 22 * 3_600_000;
        let p = month_of(now);
        assert_eq!(rfc3339(p.start_ms), "2026-11-01T00:00:00Z");
        assert_eq!(rfc3339(p.end_ms), "2026-12-01T00:00:00Z");
        let dec = month_of(days_from_civil(2026, 12, 31) * DAY_MS);
        assert_eq!(rfc3339(dec.end_ms), "2027-01-01T00:00:00Z");
        let feb = month_of(days_from_civil(2028, 2, 29) * DAY_MS);
        assert_eq!(rfc3339(feb.end_ms), "2028-03-01T00:00:00Z");
        // The last millisecond of a month is still in it.
        assert_eq!(month_of(p.end_ms - 1), p);
        assert_eq!(day_string(day_number(now)), "2026-11-29");
    }

    #[test]
    fn adding_months_clamps_the_day() {
        let jan31 = days_from_civil(2027, 1, 31) * DAY_MS + 5_000;
        assert_eq!(rfc3339(add_months(jan31, 1)), "2027-02-28T00:00:05Z");
        assert_eq!(rfc3339(add_months(jan31, 13)), "2028-02-29T00:00:05Z");
        let nov = days_from_civil(2026, 11, 21) * DAY_MS;
        assert_eq!(rfc3339(add_months(nov, 2)), "2027-01-21T00:00:00Z");
        assert_eq!(add_months(nov, 0), nov);
    }
}
