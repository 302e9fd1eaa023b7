//! Settings: the rate limit per end user, the origins your app runs on (browser calls and
//! Stripe's redirects), and how end users sign in.

use crate::api;
use crate::ui::{ErrorBox, Loading};
use dream_core::api::PlatformSettings;
use leptos::prelude::*;

#[component]
fn Form(settings: PlatformSettings, etag: Option<String>) -> impl IntoView {
    // The version the form was loaded at: a save made over someone else's change is refused
    // (412) instead of silently undoing it.
    let etag = RwSignal::new(etag);
    let rate = RwSignal::new(settings.rate_limit_per_minute.to_string());
    let origins = RwSignal::new(settings.allowed_origins.join("\n"));
    let alerts = RwSignal::new(settings.usage_alerts.iter().map(u8::to_string).collect::<Vec<_>>().join(", "));
    let auth = settings.end_user_auth.clone();
    let result = RwSignal::new(None::<Result<(), api::Failure>>);
    let save = move |_| {
        let rate_limit_per_minute = match rate.get_untracked().trim().parse() {
            Ok(r) => r,
            Err(_) => {
                let message = "The rate limit must be a whole number of requests per minute.".to_string();
                return result.set(Some(Err(api::Failure { status: 0, code: "invalid".into(), message })));
            }
        };
        let allowed_origins =
            origins.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let usage_alerts: Result<Vec<u8>, _> =
            alerts.get_untracked().split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::parse).collect();
        let Ok(usage_alerts) = usage_alerts else {
            let message = "Usage alerts are whole percentages, like 80, 100.".to_string();
            return result.set(Some(Err(api::Failure { status: 0, code: "invalid".into(), message })));
        };
        let body =
            PlatformSettings { rate_limit_per_minute, end_user_auth: auth.clone(), allowed_origins, usage_alerts };
        leptos::task::spawn_local(async move {
            let version = etag.get_untracked();
            let r =
                api::put_if_match::<_, PlatformSettings>("/api/developer/settings", &body, version.as_deref()).await;
            result.set(Some(r.map(|saved| etag.set(saved.etag))));
        });
    };
    view! {
        <div class="card">
            <label for="rate">"Requests per minute per end user"</label>
            <input id="rate" inputmode="numeric" bind:value=rate />
            <label for="origins" style="margin-top:.8rem">"Your app's origins, one per line (browser calls and Stripe redirects)"</label>
            <textarea id="origins" rows="4" style="width:100%" placeholder="https://app.example.com" bind:value=origins></textarea>
            <label for="alerts" style="margin-top:.8rem">"Usage alerts sent to your webhooks (percent of a limit, comma-separated)"</label>
            <input id="alerts" placeholder="80, 100" bind:value=alerts />
            <p class="muted">{match &settings.end_user_auth {
                dream_core::kv_schema::EndUserAuth::Shared {} => "End users sign in with dream-api's shared Clerk app.".to_string(),
                dream_core::kv_schema::EndUserAuth::Own { issuer, .. } => format!("End users sign in with your Clerk instance {issuer}."),
            }}</p>
            <button class="primary" on:click=save>"Save settings"</button>
            {move || result.get().map(|r| match r {
                Ok(()) => view! { <p class="ok" role="status">"Settings saved."</p> }.into_any(),
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
            })}
        </div>
    }
}

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let data = LocalResource::new(|| api::get_versioned::<PlatformSettings>("/api/developer/settings"));
    view! {
        <h1>"Settings"</h1>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <Form settings=s.value etag=s.etag /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
