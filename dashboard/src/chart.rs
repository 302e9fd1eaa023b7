//! Bar charts drawn as SVG by the app: one bar per day, the value shown on hover or focus.

use leptos::prelude::*;

const W: f64 = 600.0;
const H: f64 = 160.0;

/// A bar chart of `points` (label, value); `format` renders a value; `empty` is shown when
/// every value is zero.
#[component]
pub fn BarChart(
    title: &'static str,
    points: Vec<(String, f64)>,
    format: fn(f64) -> String,
    empty: &'static str,
) -> impl IntoView {
    let hover = RwSignal::new(None::<String>);
    let max = points.iter().map(|p| p.1).fold(0.0, f64::max);
    if max <= 0.0 {
        return view! {
            <div class="chart card">
                <h3>{title}</h3>
                <p class="muted">{empty}</p>
            </div>
        }
        .into_any();
    }
    let n = points.len().max(1) as f64;
    let step = W / n;
    let bars = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let h = (v / max * (H - 10.0)).max(if v > 0.0 { 2.0 } else { 0.0 });
            let text = format!("{label}: {}", format(v));
            let (t1, t2, aria) = (text.clone(), text.clone(), text.clone());
            view! {
                <rect
                    x=format!("{:.1}", i as f64 * step + step * 0.12)
                    y=format!("{:.1}", H - h)
                    width=format!("{:.1}", step * 0.76)
                    height=format!("{h:.1}")
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
                <line x1="0" y1=H x2=W y2=H stroke="#dfe3ea" />
                {bars}
            </svg>
            <p class="hover" aria-live="polite">{move || hover.get().unwrap_or_else(|| "Hover a bar for its value.".into())}</p>
        </div>
    }
    .into_any()
}
