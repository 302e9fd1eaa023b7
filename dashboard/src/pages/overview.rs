//! Overview: the getting-started checklist, calls and revenue per day over a chosen period
//! (7, 30 or 90 days), the revenue figures. Refreshes itself every few seconds.

use crate::api;
use crate::app::session;
use crate::chart::BarChart;
use crate::ui::{loaded, money, Loading};
use dream_core::api::{StripeStatus, TierList, UsageStats, STATS_DEFAULT_DAYS, STATS_PERIODS};
use dream_core::Mode;
use leptos::prelude::*;
use std::time::Duration;

/// Seconds between refreshes.
const REFRESH: Duration = Duration::from_secs(4);

#[component]
fn Step(done: bool, text: &'static str, href: &'static str) -> impl IntoView {
    view! {
        <li class:done=done>
            <a href=href>{text}</a>
            {if done { " — done" } else { "" }}
        </li>
    }
}

#[component]
fn Checklist(tiers: TierList, stripe: StripeStatus, stats: UsageStats) -> impl IntoView {
    // Done once the developer has made the tier list their own.
    let defined = tiers.tiers != dream_core::tiers::default_tiers();
    let conn = match tiers.mode {
        Mode::Test => stripe.test,
        Mode::Live => stripe.live,
    };
    let connected = conn.is_some();
    let products = conn.is_some_and(|c| !c.product_tiers.is_empty());
    let tracked = stats.totals.calls_last_30_days > 0;
    if defined && connected && products && tracked {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="start">
            <h2 id="start">"Getting started"</h2>
            <ul class="checklist">
                <Step done=defined text="Define your tiers" href="/tiers" />
                <Step done=connected text="Connect Stripe" href="/stripe" />
                <Step done=products text="Create Stripe products" href="/tiers" />
                <Step done=tracked text="Track your first call" href="/keys" />
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn Stat(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="card stat">
            <div class="n">{value}</div>
            <div class="l">{label}</div>
        </div>
    }
}

fn count(v: i64) -> String {
    format!("{v} calls")
}

/// The period the charts show, one of [`STATS_PERIODS`].
#[component]
fn PeriodPicker(days: RwSignal<u32>) -> impl IntoView {
    // Options as one string: no view per option (the download is near its budget).
    let options: String = STATS_PERIODS
        .iter()
        .map(|d| {
            let selected = if *d == STATS_DEFAULT_DAYS { " selected" } else { "" };
            format!(r#"<option value="{d}"{selected}>{d} days</option>"#)
        })
        .collect();
    view! {
        <div class="row period">
            <label for="period">"Period"</label>
            <select id="period" inner_html=options
                on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(STATS_DEFAULT_DAYS))>
            </select>
        </div>
    }
}

#[component]
fn Figures(stats: UsageStats, days: u32) -> impl IntoView {
    let r = stats.revenue.clone();
    let calls: Vec<(String, i64)> = stats.days.iter().map(|d| (d.date.clone(), d.calls as i64)).collect();
    let revenue: Vec<(String, i64)> = stats.days.iter().map(|d| (d.date.clone(), d.revenue)).collect();
    view! {
        <div class="grid">
            <Stat label="MRR" value=money(r.mrr) />
            <Stat label="Active subscriptions" value=r.active.to_string() />
            <Stat label="Canceling" value=r.canceling.to_string() />
            <Stat label="New this month" value=r.new_this_month.to_string() />
            <Stat label="Churned this month" value=r.churned_this_month.to_string() />
            <Stat label="Calls this month" value=stats.totals.calls_this_period.to_string() />
        </div>
        <BarChart title=format!("Calls per day ({days} days)") points=calls format=count empty="No calls in this period: track one with your secret key (see Keys)." />
        <BarChart title=format!("Revenue per day ({days} days)") points=revenue format=money empty="No revenue in this period: once end users pay, their invoices show here." />
    }
}

/// The overview page.
#[component]
pub fn Overview() -> impl IntoView {
    let s = session();
    let tick = RwSignal::new(0u32);
    let days = RwSignal::new(STATS_DEFAULT_DAYS);
    if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let data = LocalResource::new(move || {
        let mode = s.mode.get();
        let d = days.get();
        tick.track();
        async move {
            let m = mode.as_str();
            let stats = api::get::<UsageStats>(&format!("/api/developer/stats?mode={m}&days={d}")).await?;
            let tiers = api::get::<TierList>(&format!("/api/developer/tiers?mode={m}")).await?;
            let stripe = api::get::<StripeStatus>("/api/oauth/status").await?;
            Ok((stats, tiers, stripe, d))
        }
    });
    view! {
        <h1>"Overview"</h1>
        <PeriodPicker days />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(data.await, |(stats, tiers, stripe, d)| view! {
                    <Checklist tiers stripe stats=stats.clone() />
                    <Figures stats days=d />
                })
            })}
        </Transition>
    }
}
