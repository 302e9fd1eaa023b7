//! Bar charts drawn as SVG by the app: one bar per day, the value shown on hover or focus.
//! Integer geometry only: float formatting would add kilobytes to the download.

use leptos::prelude::*;

const W: i64 = 6000;
const H: i64 = 1600;

/// A bar chart of `points` (label, value); `format` renders a value; `empty` is shown when
/// every value is zero.
#[component]
pub fn BarChart(
    title: &'static str,
    points: Vec<(String, i64)>,
    format: fn(i64) -> String,
    empty: &'static str,
) -> impl IntoView {
    let hover = RwSignal::new(None::<String>);
    let max = points.iter().map(|p| p.1).max().unwrap_or(0);
    if max <= 0 {
        return view! {
            <div class="chart card">
                <h3>{title}</h3>
                <p class="muted">{empty}</p>
            </div>
        }
        .into_any();
    }
    let n = points.len().max(1) as i64;
    let step = W / n;
    let bars = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let h = (v.max(0) * (H - 100) / max).max(if v > 0 { 20 } else { 0 });
            let text = format!("{label}: {}", format(v));
            let (t1, t2, aria) = (text.clone(), text.clone(), text.clone());
            view! {
                <rect
                    x=(i as i64 * step + step * 12 / 100).to_string()
                    y=(H - h).to_string()
                    width=(step * 76 / 100).to_string()
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
    view! {
        <div class="chart card">
            <h3>{title}</h3>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title on:mouseleave=move |_| hover.set(None)>
                <line x1="0" y1=H x2=W y2=H stroke="#dfe3ea" stroke-width="10" />
                {bars}
            </svg>
            <p class="hover" aria-live="polite">{move || hover.get().unwrap_or_else(|| "Hover a bar for its value.".into())}</p>
        </div>
    }
    .into_any()
}
