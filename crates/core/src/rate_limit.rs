//! The per-end-user rate limit: a sliding window approximated from two fixed windows.
//!
//! The previous window's count is weighted by how much of it still overlaps the sliding
//! window, as if its calls had been spread evenly; two counters per user instead of a log of
//! timestamps. What that guarantees: within each fixed minute the limit holds exactly, and
//! over any sliding minute a burst at the end of one window followed by one at the start of
//! the next passes the limit by at most `limit × t/60`, `t` the seconds since the boundary
//! (a burst fully past the boundary is refused as the old window's weight allows).

use serde::{Deserialize, Serialize};

/// Default requests per minute per end user.
pub const DEFAULT_PER_MINUTE: u32 = 100;
/// Highest per-minute rate a platform can configure.
pub const MAX_PER_MINUTE: u32 = 1_000_000;
const WINDOW_MS: i64 = 60_000;

/// Calls that reach Stripe (checkout, portal) per end user and minute, whatever the
/// platform's rate: each one costs a Stripe API call.
pub const STRIPE_PER_MINUTE: u32 = 10;
/// Reads (usage, check) are allowed this many times the platform's track rate.
pub const READ_MULTIPLIER: u32 = 3;

/// The kinds of end-user calls that are rate-limited apart from tracking, each in its own
/// window of the end user's meter record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// `GET /api/usage`, `POST /api/check`: cheap, so a higher allowance.
    Read,
    /// `create-checkout`, `customer-portal`: each calls Stripe, so a tight one.
    Stripe,
}

/// A rate limit to apply to one call: its kind and its allowance per minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guard {
    pub kind: CallKind,
    pub per_minute: u32,
}

impl Guard {
    /// The guard of a `kind` call on a platform whose track rate is `track_per_minute`.
    pub fn of(kind: CallKind, track_per_minute: u32) -> Guard {
        let per_minute = match kind {
            CallKind::Read => track_per_minute.saturating_mul(READ_MULTIPLIER),
            CallKind::Stripe => STRIPE_PER_MINUTE,
        };
        Guard { kind, per_minute }
    }
}

/// Counters of one end user's recent requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateWindow {
    /// Start of the current fixed window.
    pub start_ms: i64,
    pub current: u32,
    pub previous: u32,
}

impl RateWindow {
    fn advance(&mut self, now_ms: i64) {
        let elapsed = now_ms - self.start_ms;
        if elapsed < WINDOW_MS {
            return;
        }
        self.previous = if elapsed < 2 * WINDOW_MS { self.current } else { 0 };
        self.current = 0;
        self.start_ms = now_ms - now_ms.rem_euclid(WINDOW_MS);
    }

    fn weighted(&self, now_ms: i64) -> f64 {
        let into = (now_ms - self.start_ms).clamp(0, WINDOW_MS) as f64 / WINDOW_MS as f64;
        self.previous as f64 * (1.0 - into) + self.current as f64
    }

    /// Counts one request if `per_minute` allows it; otherwise the seconds to wait.
    pub fn admit(&mut self, per_minute: u32, now_ms: i64) -> Result<(), u64> {
        self.advance(now_ms);
        if self.weighted(now_ms) + 1.0 > per_minute as f64 {
            let wait_ms = (self.start_ms + WINDOW_MS - now_ms).max(1);
            return Err(((wait_ms + 999) / 1000) as u64);
        }
        self.current = self.current.saturating_add(1);
        Ok(())
    }

    /// Calls `per_minute` still allows now (after [`RateWindow::admit`] counted this one).
    pub fn headroom(&self, per_minute: u32, now_ms: i64) -> u64 {
        let left = f64::from(per_minute) - self.weighted(now_ms);
        if left <= 0.0 {
            0
        } else {
            left as u64
        }
    }

    /// Counts `calls` more at once in the current window (a lease's calls, reserved ahead).
    pub fn reserve(&mut self, calls: u64) {
        self.current = self.current.saturating_add(u32::try_from(calls).unwrap_or(u32::MAX));
    }

    /// Takes back `calls` reserved in the window that started at `window_start_ms`, if it is
    /// still the current or the previous one (older windows no longer weigh in).
    pub fn give_back(&mut self, calls: u64, window_start_ms: i64, now_ms: i64) {
        self.advance(now_ms);
        let calls = u32::try_from(calls).unwrap_or(u32::MAX);
        if window_start_ms == self.start_ms {
            self.current = self.current.saturating_sub(calls);
        } else if window_start_ms.saturating_add(WINDOW_MS) == self.start_ms {
            self.previous = self.previous.saturating_sub(calls);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_the_limit_then_refuses_with_retry_after() {
        let mut w = RateWindow::default();
        let t0 = 1_000 * WINDOW_MS;
        for i in 0..100 {
            assert!(w.admit(100, t0 + i).is_ok(), "request {i}");
        }
        let retry = w.admit(100, t0 + 500).unwrap_err();
        assert!((1..=60).contains(&retry));
        assert_eq!(w.current, 100);
    }

    #[test]
    fn a_burst_across_a_boundary_passes_by_at_most_the_elapsed_share_of_the_limit() {
        let mut w = RateWindow::default();
        let boundary = 1_000 * WINDOW_MS;
        // The whole allowance at the end of one window…
        for _ in 0..300 {
            w.admit(300, boundary - 500).unwrap();
        }
        // …then a burst over the next 3 s: at most 300 × 3/60 = 15 more get through.
        let extra = (0..3_000).filter(|ms| w.admit(300, boundary + ms).is_ok()).count();
        assert!(extra <= 15, "{extra}");
        assert!(w.current <= 300);
    }

    #[test]
    fn previous_window_weighs_in_then_fades() {
        let mut w = RateWindow::default();
        let t0 = 1_000 * WINDOW_MS;
        for _ in 0..100 {
            w.admit(100, t0).unwrap();
        }
        // Just after the boundary the old window still counts almost fully.
        assert!(w.admit(100, t0 + WINDOW_MS + 1).is_err());
        // Halfway through, about half of the budget is back.
        let mut ok = 0;
        for _ in 0..100 {
            if w.admit(100, t0 + WINDOW_MS + WINDOW_MS / 2).is_ok() {
                ok += 1;
            }
        }
        assert_eq!(ok, 50);
        // Two windows later everything is forgotten.
        assert!(w.admit(1, t0 + 3 * WINDOW_MS).is_ok());
    }
}
