//! Keys: list, create, rotate with a grace period, revoke (with confirmation), and snippets
//! for tracking usage with the platform's own publishable key.

use crate::api;
use crate::app::session;
use crate::config;
use crate::ui::{loaded, CopyButton, ErrorBox, Loading, ShownOnce};
use dream_core::api::{CreateKeyRequest, CreatedKey, KeyList, KeyState, KeyView, RotateKeyRequest, RotatedKey};
use dream_core::keys::KeyKind;
use leptos::prelude::*;

fn state_label(s: KeyState) -> &'static str {
    match s {
        KeyState::Active => "active",
        KeyState::Expiring => "expiring",
        KeyState::Expired => "expired",
        KeyState::Revoked => "revoked",
    }
}

#[component]
fn KeyRow(
    key: KeyView,
    refresh: RwSignal<u32>,
    fresh: RwSignal<Option<CreatedKey>>,
    error: RwSignal<Option<api::Failure>>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let grace = RwSignal::new("3600".to_string());
    let id = key.id.clone();
    let usable = matches!(key.status, KeyState::Active | KeyState::Expiring);
    let (id_r, id_v) = (id.clone(), id.clone());
    let rotate = move |_| {
        let id = id_r.clone();
        let grace_seconds = grace.get_untracked().parse().unwrap_or(0);
        leptos::task::spawn_local(async move {
            match api::post::<_, RotatedKey>(
                &format!("/api/developer/keys/{id}/rotate"),
                &RotateKeyRequest { grace_seconds },
            )
            .await
            {
                Ok(r) => {
                    fresh.set(Some(r.created));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            refresh.update(|n| *n += 1);
        });
    };
    let revoke = move |_| {
        let id = id_v.clone();
        confirming.set(false);
        leptos::task::spawn_local(async move {
            match api::act("POST", &format!("/api/developer/keys/{id}/revoke"), None).await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e)),
            }
            refresh.update(|n| *n += 1);
        });
    };
    let kind = match key.kind {
        KeyKind::Secret => "secret",
        KeyKind::Publishable => "publishable",
    };
    let grace_id = format!("grace-{id}");
    view! {
        <tr data-key=id.clone()>
            <td class="mono">{key.display.clone()}</td>
            <td>{kind}</td>
            <td><span class="pill">{state_label(key.status)}</span>
                {key.expires_at.clone().map(|t| view! { <span class="muted">" until " {t}</span> })}</td>
            <td class="muted">{key.created_at.clone()}</td>
            <td>
                {usable.then(|| view! {
                    <div class="row">
                        <div>
                            <label for=grace_id.clone()>"Old key keeps working"</label>
                            <select id=grace_id.clone() on:change=move |ev| grace.set(event_target_value(&ev)) prop:value=move || grace.get()>
                                <option value="0">"stop now"</option>
                                <option value="3600">"1 hour"</option>
                                <option value="86400">"1 day"</option>
                                <option value="604800">"7 days"</option>
                            </select>
                        </div>
                        <button on:click=rotate>"Rotate"</button>
                        {move || if confirming.get() {
                            let revoke = revoke.clone();
                            view! {
                                <button class="danger" on:click=revoke>"Yes, revoke"</button>
                                <button on:click=move |_| confirming.set(false)>"Keep it"</button>
                            }.into_any()
                        } else {
                            view! { <button class="danger" on:click=move |_| confirming.set(true)>"Revoke"</button> }.into_any()
                        }}
                    </div>
                })}
            </td>
        </tr>
    }
}

#[component]
fn Snippets(publishable: String) -> impl IntoView {
    let api_url = config::API_URL;
    let curl = format!(
        "curl -X POST {api_url}/api/usage/track \\\n  -H \"Authorization: Bearer $DREAM_SECRET_KEY\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{{\"userId\":\"user_123\"}}'"
    );
    let js = format!(
        "// In the browser: your publishable key + the signed-in end user's Clerk session token.\nconst res = await fetch(\"{api_url}/api/usage/track\", {{\n  method: \"POST\",\n  headers: {{\n    \"X-Publishable-Key\": \"{publishable}\",\n    \"Authorization\": `Bearer ${{await window.Clerk.session.getToken()}}`,\n  }},\n}});\nconst {{ usage }} = await res.json();"
    );
    view! {
        <section class="card">
            <h2>"Track usage"</h2>
            <p>"From your server, with a secret key:"</p>
            <pre>{curl.clone()}</pre>
            <CopyButton text=curl label="Copy curl" />
            <p>"From the browser, with your publishable key:"</p>
            <pre>{js.clone()}</pre>
            <CopyButton text=js label="Copy JavaScript" />
        </section>
    }
}

/// The keys page.
#[component]
pub fn Keys() -> impl IntoView {
    let s = session();
    let refresh = RwSignal::new(0u32);
    let fresh = RwSignal::new(None::<CreatedKey>);
    let error = RwSignal::new(None::<api::Failure>);
    let kind = RwSignal::new(KeyKind::Secret);
    let keys = LocalResource::new(move || {
        refresh.track();
        let mode = s.mode.get();
        async move {
            let all = api::get::<KeyList>("/api/developer/keys").await?;
            Ok::<_, api::Failure>(all.keys.into_iter().filter(|k| k.mode == mode).collect::<Vec<_>>())
        }
    });
    let create = move |_| {
        let req = CreateKeyRequest { kind: kind.get_untracked(), mode: s.mode.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::post::<_, CreatedKey>("/api/developer/keys", &req).await {
                Ok(k) => {
                    fresh.set(Some(k));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <h1>"API keys " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || fresh.get().map(|c| view! { <ShownOnce what="New key" value=c.value /> })}
        <div class="card row">
            <div>
                <label for="new-kind">"New key"</label>
                <select id="new-kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "publishable" { KeyKind::Publishable } else { KeyKind::Secret })>
                    <option value="secret">"Secret (server)"</option>
                    <option value="publishable">"Publishable (browser)"</option>
                </select>
            </div>
            <button class="primary" on:click=create>"Create key"</button>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(keys.await, move |list: Vec<KeyView>| {
                    let publishable = list
                        .iter()
                        .find(|k| k.kind == KeyKind::Publishable && k.status == KeyState::Active)
                        .map(|k| k.display.clone())
                        .unwrap_or_else(|| "pk_…".into());
                    view! {
                        <div class="card table-wrap">
                            <table>
                                <thead><tr><th>"Key"</th><th>"Kind"</th><th>"State"</th><th>"Created"</th><th>"Actions"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|k| view! { <KeyRow key=k refresh fresh error /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Snippets publishable />
                    }
                })
            })}
        </Transition>
    }
}
