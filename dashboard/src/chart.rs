//! Bar charts drawn as SVG by the app: one bar per day, a value axis with round ticks, a date
//! axis, and the period's total; each bar's value shown on hover or keyboard focus.
//! Integer geometry only: float formatting would add kilobytes to the download.

use crate::ui::escape;
use leptos::prelude::*;

const W: i64 = 6000;
const H: i64 = 1800;
/// Room left of the plot for the value labels, and below it for the dates.
const LEFT: i64 = 900;
const BOTTOM: i64 = 220;
const TOP: i64 = 60;
const FONT: i64 = 110;
/// Most value ticks above zero.
const MAX_TICKS: i64 = 5;
/// Most date labels on the axis.
const MAX_DATES: usize = 6;

/// The smallest round step (1, 2 or 5 × a power of ten) that covers `max` in at most
/// [`MAX_TICKS`] steps, and the axis top it gives (a multiple of the step).
pub fn round_ticks(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut magnitude: i64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = magnitude.saturating_mul(m);
            if step.saturating_mul(MAX_TICKS) >= max {
                let top = (max.saturating_add(step - 1) / step).saturating_mul(step);
                return (step, top);
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// `2026-12-03` → `Dec 3` (a label that is not a date is kept as it is).
pub fn short_date(day: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = day.splitn(3, '-').skip(1);
    let month = parts.next().and_then(|m| m.parse::<usize>().ok()).and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    let date = parts.next().and_then(|d| d.parse::<u32>().ok());
    match (month, date) {
        (Some(m), Some(d)) => format!("{m} {d}"),
        _ => day.to_owned(),
    }
}

/// Indexes of the bars that get a date label: evenly spread, always the first and the last.
fn labelled(n: usize) -> Vec<usize> {
    if n <= MAX_DATES {
        return (0..n).collect();
    }
    let gaps = MAX_DATES - 1;
    (0..=gaps).map(|k| k * (n - 1) / gaps).collect()
}

/// A bar chart of `points` (date `YYYY-MM-DD`, value); `format` renders a value; `empty` is
/// shown when every value is zero.
#[component]
pub fn BarChart(
    title: String,
    points: Vec<(String, i64)>,
    format: fn(i64) -> String,
    empty: &'static str,
) -> impl IntoView {
    let hover = RwSignal::new(None::<String>);
    let max = points.iter().map(|p| p.1).max().unwrap_or(0);
    let total = points.iter().fold(0i64, |t, p| t.saturating_add(p.1.max(0)));
    if max <= 0 {
        return view! {
            <div class="chart card">
                <h3>{title}</h3>
                <p class="muted">{empty}</p>
            </div>
        }
        .into_any();
    }
    let (step, top) = round_ticks(max);
    let plot_h = H - BOTTOM - TOP;
    let y_of = move |v: i64| H - BOTTOM - v.max(0).saturating_mul(plot_h) / top;
    // The axes never change once drawn: one string of SVG, not a view per label.
    let mut axes = String::new();
    for k in 0..=top / step {
        let (v, y) = (k * step, y_of(k * step));
        axes += &format!(
            r##"<line x1="{LEFT}" x2="{W}" y1="{y}" y2="{y}" stroke="#edf0f5" stroke-width="8"/><text class="tick" x="{}" y="{}" text-anchor="end" font-size="{FONT}" fill="#5c6370">{}</text>"##,
            LEFT - 40,
            y + FONT / 3,
            escape(&format(v))
        );
    }
    let n = points.len().max(1) as i64;
    let step_x = (W - LEFT) / n;
    let last = points.len().saturating_sub(1);
    for i in labelled(points.len()) {
        let Some((day, _)) = points.get(i) else { continue };
        let at = i as i64 * step_x;
        let (x, anchor) = match i {
            0 => (LEFT + at, "start"),
            i if i == last => (LEFT + at + step_x, "end"),
            _ => (LEFT + at + step_x / 2, "middle"),
        };
        axes += &format!(
            r##"<text class="date" x="{x}" y="{}" text-anchor="{anchor}" font-size="{FONT}" fill="#5c6370">{}</text>"##,
            H - BOTTOM + FONT + 50,
            escape(&short_date(day))
        );
    }
    let bars = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let y = y_of(v);
            let h = (H - BOTTOM - y).max(if v > 0 { 12 } else { 0 });
            let text = format!("{}: {}", short_date(&label), format(v));
            let (t1, t2, aria) = (text.clone(), text.clone(), text.clone());
            view! {
                <rect
                    x=(LEFT + i as i64 * step_x + step_x * 12 / 100).to_string()
                    y=(H - BOTTOM - h).to_string()
                    width=(step_x * 76 / 100).max(1).to_string()
                    height=h.to_string()
                    fill="#3b5bdb"
                    tabindex="0"
                    aria-label=aria
                    on:mouseenter=move |_| hover.set(Some(t1.clone()))
                    on:focus=move |_| hover.set(Some(t2.clone()))
                >
                    <title>{text}</title>
                </rect>
            }
        })
        .collect_view();
    let summary = format!("{title}: {} in all", format(total));
    view! {
        <div class="chart card">
            <h3>{title.clone()} <span class="muted total">{format!(" — {} in all", format(total))}</span></h3>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary on:mouseleave=move |_| hover.set(None)>
                <g inner_html=axes></g>
                <line x1=LEFT y1=H - BOTTOM x2=W y2=H - BOTTOM stroke="#c5cad3" stroke-width="10" />
                {bars}
            </svg>
            <p class="hover" aria-live="polite">{move || hover.get().unwrap_or_else(|| "Hover or tab to a bar for its value.".into())}</p>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_axes_end_on_a_round_number_in_at_most_five_steps() {
        assert_eq!(round_ticks(1), (1, 1));
        assert_eq!(round_ticks(7), (2, 8));
        assert_eq!(round_ticks(10), (2, 10));
        assert_eq!(round_ticks(11), (5, 15));
        assert_eq!(round_ticks(87), (20, 100));
        assert_eq!(round_ticks(1900), (500, 2000));
        assert_eq!(round_ticks(123_456), (50_000, 150_000));
        for max in 1..5_000 {
            let (step, top) = round_ticks(max);
            assert!(top >= max && top / step <= MAX_TICKS && top % step == 0, "{max}");
        }
    }

    #[test]
    fn dates_are_short_and_spread_with_both_ends_labelled() {
        assert_eq!(short_date("2026-12-03"), "Dec 3");
        assert_eq!(short_date("2026-01-31"), "Jan 31");
        assert_eq!(short_date("today"), "today");
        assert_eq!(short_date("2026-13-01"), "2026-13-01");
        assert_eq!(labelled(3), vec![0, 1, 2]);
        assert_eq!(labelled(30), vec![0, 5, 11, 17, 23, 29]);
        assert_eq!(labelled(90).first().zip(labelled(90).last()), Some((&0, &89)));
    }
}
