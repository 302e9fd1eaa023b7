//! Billing: the developer's dream-api plan, this month's live calls against its quota,
//! upgrade through Checkout and manage through the portal.

use crate::api;
use crate::ui::{follow, loaded, money, ErrorBox, Loading, PendingCancels, UsageBar};
use dream_core::api::{DeveloperBilling, PlanCheckoutRequest, ReturnUrl};
use leptos::prelude::*;

fn here() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default() + "/billing"
}

/// The billing page.
#[component]
pub fn Billing() -> impl IntoView {
    let error = RwSignal::new(None::<api::Failure>);
    let data = LocalResource::new(|| api::get::<DeveloperBilling>("/api/developer/billing"));
    let upgrade = move |plan: String| {
        leptos::task::spawn_local(async move {
            let req = PlanCheckoutRequest { plan, success_url: here(), cancel_url: here() };
            follow(api::post("/api/developer/billing/checkout", &req).await, error);
        });
    };
    let manage = move |_| {
        leptos::task::spawn_local(async move {
            follow(api::post("/api/developer/billing/portal", &ReturnUrl { return_url: here() }).await, error);
        });
    };
    view! {
        <h1>"Billing"</h1>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |b: DeveloperBilling| {
                    let current = b.plan.id.clone();
                    view! {
                        <div class="card">
                            <h2>{format!("{} plan", b.plan.name)}</h2>
                            <p class="muted">"Live API calls this period (" {b.period_start[..10].to_string()} " → " {b.period_end[..10].to_string()} "); test mode is free."</p>
                            <UsageBar used=b.used limit=Some(b.quota) />
                            {b.warning.clone().map(|w| view! { <p class="notice" role="alert">{w}</p> })}
                            <PendingCancels items=b.pending_cancellations.clone() />
                            {b.subscription.is_some().then(|| view! { <button on:click=manage>"Manage subscription"</button> })}
                        </div>
                        <div class="grid">
                            {b.plans.into_iter().filter(|p| p.price_cents > 0).map(|p| {
                                let id = p.id.clone();
                                let is_current = p.id == current;
                                view! {
                                    <div class="card">
                                        <h3>{p.name.clone()}</h3>
                                        <p>{money(p.price_cents)} " / month"</p>
                                        <p class="muted">{format!("{} live calls a month", p.monthly_calls)}</p>
                                        {if is_current {
                                            view! { <span class="pill">"Current plan"</span> }.into_any()
                                        } else {
                                            view! { <button class="primary" on:click=move |_| upgrade(id.clone())>{format!("Choose {}", p.name)}</button> }.into_any()
                                        }}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
