//! The app: sign-in gate, onboarding, the layout with navigation and mode switch, routes.

use crate::pages::{admin, billing, customers, keys, onboarding, overview, settings, stripe, tiers};
use crate::ui::{ErrorBox, Loading};
use crate::{api, auth};
use dream_core::api::DeveloperInfo;
use dream_core::Mode;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// Shared across pages: the developer and the selected mode.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<DeveloperInfo>,
    pub mode: RwSignal<Mode>,
}

/// The session of the current page.
pub fn session() -> Session {
    expect_context::<Session>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let signed_in = LocalResource::new(auth::signed_in);
    view! {
        <Suspense fallback=|| view! { <main><Loading /></main> }>
            {move || Suspend::new(async move {
                match signed_in.await {
                    Ok(true) => view! { <Signed /> }.into_any(),
                    Ok(false) => view! { <SignIn /> }.into_any(),
                    Err(e) => view! { <main><p class="error" role="alert">{e}</p></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignIn() -> impl IntoView {
    view! {
        <main>
            <h1>"dream-api"</h1>
            <p>"Auth, billing and usage tracking for your SaaS, as an API."</p>
            <button class="primary" on:click=|_| auth::sign_in()>"Sign in"</button>
        </main>
    }
}

/// Signed in: registered developers get the dashboard, new ones the onboarding.
#[component]
fn Signed() -> impl IntoView {
    let me = LocalResource::new(|| api::get::<DeveloperInfo>("/api/developer/me"));
    view! {
        <Suspense fallback=|| view! { <main><Loading /></main> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(info) => {
                        let me = RwSignal::new(info);
                        provide_context(Session { me, mode: RwSignal::new(Mode::Test) });
                        view! { <Dashboard /> }.into_any()
                    }
                    Err(e) => view! { <main><ErrorBox error=e /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let s = session();
    move || {
        if s.me.get().platform_id.is_none() {
            view! { <onboarding::Welcome /> }.into_any()
        } else {
            view! { <Layout /> }.into_any()
        }
    }
}

#[component]
fn ModeSwitch() -> impl IntoView {
    let s = session();
    view! {
        <div>
            <label for="mode">"Mode"</label>
            <select
                id="mode"
                on:change=move |ev| s.mode.set(if event_target_value(&ev) == "live" { Mode::Live } else { Mode::Test })
                prop:value=move || s.mode.get().as_str()
            >
                <option value="test">"Test"</option>
                <option value="live">"Live"</option>
            </select>
        </div>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let s = session();
    let is_admin = move || s.me.get().is_admin;
    view! {
        <Router>
            <div class="shell">
                <nav class="side" aria-label="Main">
                    <div class="brand">"dream-api"</div>
                    <A href="/">"Overview"</A>
                    <A href="/keys">"Keys"</A>
                    <A href="/tiers">"Tiers"</A>
                    <A href="/stripe">"Stripe"</A>
                    <A href="/customers">"Customers"</A>
                    <A href="/billing">"Billing"</A>
                    <A href="/settings">"Settings"</A>
                    <Show when=is_admin>
                        <A href="/admin">"Admin"</A>
                    </Show>
                </nav>
                <main>
                    <header class="top">
                        <span class="muted">{move || s.me.get().user_id}</span>
                        <ModeSwitch />
                        <button on:click=|_| leptos::task::spawn_local(auth::sign_out())>"Sign out"</button>
                    </header>
                    <Routes fallback=|| view! { <p>"No such page."</p> }>
                        <Route path=path!("/") view=overview::Overview />
                        <Route path=path!("/keys") view=keys::Keys />
                        <Route path=path!("/tiers") view=tiers::Tiers />
                        <Route path=path!("/stripe") view=stripe::Stripe />
                        <Route path=path!("/customers") view=customers::Customers />
                        <Route path=path!("/customers/:id") view=customers::Customer />
                        <Route path=path!("/billing") view=billing::Billing />
                        <Route path=path!("/settings") view=settings::Settings />
                        <Route path=path!("/admin") view=admin::Admin />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
