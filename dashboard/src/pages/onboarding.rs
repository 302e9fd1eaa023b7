//! First sign-in: create the first project and show its secret keys, once.

use crate::api;
use crate::app::session;
use crate::ui::{CopyButton, ErrorBox};
use dream_core::api::{ModeKeys, RegisterResponse};
use leptos::prelude::*;

#[component]
fn KeyLine(label: &'static str, value: String) -> impl IntoView {
    let id = label.to_ascii_lowercase().replace(' ', "-");
    view! {
        <div class="row">
            <div>
                <label for=id.clone()>{label}</label>
                <input id=id readonly prop:value=value.clone() style="width:100%" class="mono" />
            </div>
            <CopyButton text=value />
        </div>
    }
}

/// One mode's keys of a project just made (the secret one shown this once).
#[component]
pub fn ModeBlock(title: &'static str, keys: ModeKeys, prefix: &'static str) -> impl IntoView {
    let secret = keys.secret_key.unwrap_or_default();
    view! {
        <div class="card">
            <h2>{title}</h2>
            <KeyLine label=if prefix == "test" { "Test secret key" } else { "Live secret key" } value=secret />
            <KeyLine label=if prefix == "test" { "Test publishable key" } else { "Live publishable key" } value=keys.publishable_key />
        </div>
    }
}

/// Makes the first project and shows its keys once.
#[component]
pub fn Welcome() -> impl IntoView {
    let s = session();
    let register = Action::new_local(|_: &()| api::post_empty::<RegisterResponse>("/api/developer/register"));
    // Read the developer again: the first project is now listed, and the dashboard opens.
    let done = move |_: String| {
        leptos::task::spawn_local(async move {
            if let Ok(me) = api::get::<dream_core::api::DeveloperInfo>("/api/developer/me").await {
                s.me.set(me);
            }
        });
    };
    view! {
        <main>
            <h1>"Welcome to dream-api"</h1>
            {move || match register.value().get() {
                None => view! {
                    <p>"A project holds one product's API keys, tiers, end users and revenue (make more later under Projects). Create your first to get its keys."</p>
                    <button class="primary" disabled=move || register.pending().get() on:click=move |_| { register.dispatch(()); }>
                        {move || if register.pending().get() { "Creating…" } else { "Create my first project" }}
                    </button>
                }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorBox error=e />
                    <button on:click=move |_| { register.dispatch(()); }>"Try again"</button>
                }.into_any(),
                Some(Ok(r)) => {
                    let id = r.platform_id.clone();
                    view! {
                        <p class="notice" role="alert"><strong>"Copy your secret keys now: you will not see them again."</strong>
                            " Only a hash is stored; if you lose one, create a new key."</p>
                        <p class="muted">"Project " <code>{r.platform_id.clone()}</code></p>
                        <ModeBlock title="Test mode" keys=r.test prefix="test" />
                        <ModeBlock title="Live mode" keys=r.live prefix="live" />
                        <button class="primary" on:click=move |_| done(id.clone())>"I have saved my keys"</button>
                    }.into_any()
                }
            }}
        </main>
    }
}
