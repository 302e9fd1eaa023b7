//! Stripe: connect (Stripe's consent page) or disconnect the account of the selected mode.
//! Back from Stripe, this page completes the connection with the developer's own session,
//! so a consent link that someone else started cannot bind this developer's account.

use crate::api;
use crate::app::session;
use crate::route;
use crate::ui::money;
use crate::ui::{follow, loaded, ErrorBox, Loading};
use dream_core::api::{
    CompleteConnection, CouponDuration, CreatePromotionCodeRequest, PromotionCodeList, PromotionCodeView, RedirectUrl,
    StripeConnection, StripeStatus,
};
use dream_core::Mode;
use leptos::prelude::*;

/// The Stripe page.
#[component]
pub fn Stripe() -> impl IntoView {
    let s = session();
    let refresh = RwSignal::new(0u32);
    let error = RwSignal::new(None::<api::Failure>);
    // Back from Stripe's consent page (through oauth-api's callback): finish it, once.
    let handed_on = untrack(|| {
        route::query("state").map(|state| CompleteConnection {
            state,
            code: route::query("code"),
            error: route::query("error"),
        })
    });
    if let Some(body) = handed_on {
        leptos::task::spawn_local(async move {
            match api::post::<_, StripeConnection>("/api/oauth/complete", &body).await {
                Ok(c) => {
                    let to = format!("/stripe?stripe=connected&mode={}", c.mode);
                    route::navigate(&to);
                }
                Err(e) => error.set(Some(e)),
            }
            refresh.update(|n| *n += 1);
        });
    }
    let status = LocalResource::new(move || {
        refresh.track();
        api::get::<StripeStatus>("/api/oauth/status")
    });
    let connect = move |_| {
        let mode = s.mode.get_untracked();
        leptos::task::spawn_local(async move {
            follow(api::get::<RedirectUrl>(&format!("/api/oauth/authorize?mode={mode}")).await, error);
        });
    };
    let disconnect = move |_| {
        let mode = s.mode.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = api::act("POST", &format!("/api/oauth/disconnect?mode={mode}"), None).await {
                error.set(Some(e));
            }
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <h1>"Stripe " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        {move || match route::query("stripe").as_deref() {
            Some("connected") => Some(view! { <p class="ok" role="status">"Stripe account connected."</p> }.into_any()),
            Some("error") => Some(view! { <p class="error" role="alert">"Stripe did not connect the account: "
                {route::query("reason").unwrap_or_default()}</p> }.into_any()),
            _ => None,
        }}
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(status.await, move |st: StripeStatus| {
                    let conn = match s.mode.get_untracked() {
                        Mode::Test => st.test,
                        Mode::Live => st.live,
                    };
                    match conn {
                        Some(c) => view! {
                            <div class="card">
                                <p>"Connected account " <code id="stripe-account">{c.account_id}</code></p>
                                <p class="muted">"Since " {c.connected_at} " · scope " {c.scope}</p>
                                <p class="muted">{if c.product_tiers.is_empty() { "No products yet: create them on the Tiers page.".to_string() }
                                    else { format!("Products for: {}", c.product_tiers.join(", ")) }}</p>
                                <button class="danger" on:click=disconnect>"Disconnect"</button>
                            </div>
                            <PromotionCodes />
                        }.into_any(),
                        None => view! {
                            <div class="card">
                                <p>"Connect your Stripe account so your end users can pay for tiers. Payments go to your account."</p>
                                <button class="primary" on:click=connect>"Connect Stripe"</button>
                            </div>
                        }.into_any(),
                    }
                })
            })}
        </Transition>
    }
}

/// What a code takes off, in words.
fn discount(c: &PromotionCodeView) -> String {
    let off = match (c.percent_off, c.amount_off) {
        (Some(p), _) => format!("{}% off", p as i64),
        (_, Some(a)) => format!("{} off", money(a)),
        _ => String::new(),
    };
    match (c.duration.as_str(), c.duration_in_months) {
        ("repeating", Some(m)) => format!("{off} for {m} months"),
        ("forever", _) => format!("{off}, every invoice"),
        _ => format!("{off}, first invoice"),
    }
}

/// Promotion codes buyers can type on the checkout of tiers that allow them.
#[component]
fn PromotionCodes() -> impl IntoView {
    let s = session();
    let refresh = RwSignal::new(0u32);
    let error = RwSignal::new(None::<api::Failure>);
    let (code, percent, months) =
        (RwSignal::new(String::new()), RwSignal::new("20".to_string()), RwSignal::new(String::new()));
    let codes = LocalResource::new(move || {
        refresh.track();
        let mode = s.mode.get();
        async move { api::get::<PromotionCodeList>(&format!("/api/developer/promotion-codes?mode={mode}")).await }
    });
    let create = move |_| {
        let mode = s.mode.get_untracked();
        let months = months.get_untracked().trim().parse::<u32>().ok();
        let body = CreatePromotionCodeRequest {
            code: code.get_untracked().trim().to_owned(),
            percent_off: percent.get_untracked().trim().parse().ok(),
            amount_off: None,
            duration: if months.is_some() { CouponDuration::Repeating } else { CouponDuration::Once },
            duration_in_months: months,
            max_redemptions: None,
        };
        leptos::task::spawn_local(async move {
            let path = format!("/api/developer/promotion-codes?mode={mode}");
            error.set(api::act("POST", &path, serde_json::to_string(&body).ok()).await.err());
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <div class="card">
            <h2>"Promotion codes"</h2>
            <p class="muted">"Buyers type them on the checkout of tiers with “Promotion codes at checkout” on (Tiers)."</p>
            {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
            <div class="row">
                <div><label for="promo-code">"Code"</label><input id="promo-code" bind:value=code placeholder="LAUNCH20" /></div>
                <div><label for="promo-percent">"Percent off"</label><input id="promo-percent" inputmode="numeric" bind:value=percent /></div>
                <div><label for="promo-months">"Months (empty = first invoice)"</label><input id="promo-months" inputmode="numeric" bind:value=months /></div>
                <button on:click=create>"Create code"</button>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    loaded(codes.await, |l: PromotionCodeList| view! {
                        <table>
                            <thead><tr><th>"Code"</th><th>"Discount"</th><th>"Used"</th></tr></thead>
                            <tbody>
                                {l.promotion_codes.into_iter().map(|c| view! {
                                    <tr data-code=c.code.clone()><td class="mono">{c.code.clone()}</td><td>{discount(&c)}</td>
                                        <td>{c.times_redeemed.to_string()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Transition>
        </div>
    }
}
