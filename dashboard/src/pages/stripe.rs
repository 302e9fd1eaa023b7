//! Stripe: connect (Stripe's consent page) or disconnect the account of the selected mode.
//! Back from Stripe, this page completes the connection with the developer's own session,
//! so a consent link that someone else started cannot bind this developer's account.

use crate::api;
use crate::app::session;
use crate::ui::{follow, loaded, ErrorBox, Loading};
use dream_core::api::{CompleteConnection, RedirectUrl, StripeConnection, StripeStatus};
use dream_core::Mode;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The Stripe page.
#[component]
pub fn Stripe() -> impl IntoView {
    let s = session();
    let q = use_query_map();
    let refresh = RwSignal::new(0u32);
    let error = RwSignal::new(None::<api::Failure>);
    // Back from Stripe's consent page (through oauth-api's callback): finish it, once.
    let handed_on = q.with_untracked(|q| {
        q.get("state").map(|state| CompleteConnection { state, code: q.get("code"), error: q.get("error") })
    });
    if let Some(body) = handed_on {
        let navigate = leptos_router::hooks::use_navigate();
        leptos::task::spawn_local(async move {
            match api::post::<_, StripeConnection>("/api/oauth/complete", &body).await {
                Ok(c) => {
                    let to = format!("/stripe?stripe=connected&mode={}", c.mode);
                    navigate(&to, Default::default());
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
            if let Err(e) = api::post_empty::<StripeConnection>(&format!("/api/oauth/disconnect?mode={mode}")).await {
                error.set(Some(e));
            }
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <h1>"Stripe " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        {move || match q.read().get("stripe").as_deref() {
            Some("connected") => Some(view! { <p class="ok" role="status">"Stripe account connected."</p> }.into_any()),
            Some("error") => Some(view! { <p class="error" role="alert">"Stripe did not connect the account: "
                {q.read().get("reason").unwrap_or_default()}</p> }.into_any()),
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
