//! Webhooks: the endpoints dream-api tells about usage alerts, subscriptions and payments
//! (secret shown once, rotated with overlap, enabled or disabled, removed), a notice for an
//! endpoint that was disabled for failing, and recent deliveries with resend.

use crate::api;
use crate::app::session;
use crate::json::Json;
use crate::ui::{clicked_data, escape, loaded, Actions, ErrorBox, Loading, ShownOnce};
use dream_core::api::WebhookEndpointRequest;
use leptos::prelude::*;

/// The endpoints' rows (markup built as a string: one listener serves every button, which
/// keeps the page's share of the download small).
fn endpoint_rows(list: &[Json]) -> String {
    let mut html = String::new();
    for e in list {
        let events: Vec<String> = e.list("events").iter().filter_map(Json::string).collect();
        let events = if events.is_empty() { "every event".to_string() } else { events.join(", ") };
        let enabled = e.is("enabled");
        let (state, toggle) = if enabled { ("enabled", "Disable") } else { ("disabled", "Enable") };
        let rotating = e
            .opt("previousSecretUntil")
            .map(|t| format!("<div class=\"muted\">old secret signs until {}</div>", escape(&t)));
        let id = escape(&e.text("id"));
        html.push_str(&format!(
            "<tr data-endpoint=\"{id}\"><td class=\"mono\">{}<div class=\"muted\">{}</div></td><td>{}</td>\
             <td><span class=\"pill\">{state}</span>{}</td><td class=\"muted\">{}</td><td><div class=\"row\">\
             <button data-act=\"toggle\" data-id=\"{id}\" data-enabled=\"{}\">{toggle}</button>\
             <button data-act=\"rotate\" data-id=\"{id}\">Rotate secret</button>\
             <button class=\"danger\" data-act=\"remove\" data-id=\"{id}\">Remove</button></div></td></tr>",
            escape(&e.text("url")),
            escape(&e.text("description")),
            escape(&events),
            rotating.unwrap_or_default(),
            escape(e.opt("lastSuccessAt").as_deref().unwrap_or("never")),
            enabled,
        ));
    }
    html
}

/// A click on one of the endpoints' buttons.
fn on_endpoint_click(ctx: Actions, ev: &web_sys::Event) {
    let (Some(act), Some(id)) = (clicked_data(ev, "act"), clicked_data(ev, "id")) else { return };
    let path = format!("/api/developer/webhook-endpoints/{id}");
    match act.as_str() {
        "toggle" => {
            let enabled = clicked_data(ev, "enabled").as_deref() == Some("true");
            let body = WebhookEndpointRequest { enabled: Some(!enabled), ..WebhookEndpointRequest::default() };
            ctx.run("PATCH", path, serde_json::to_string(&body).ok());
        }
        "rotate" => ctx.run("POST", format!("{path}/rotate"), None),
        "remove" => {
            // The browser's own confirmation: a second state per row would cost kilobytes.
            let question = "Remove this endpoint? Its waiting deliveries fail.";
            if web_sys::window().and_then(|w| w.confirm_with_message(question).ok()) == Some(true) {
                ctx.run("DELETE", path, None);
            }
        }
        _ => {}
    }
}

/// The deliveries' rows (see [`endpoint_rows`]).
fn delivery_rows(list: &[Json]) -> String {
    let mut html = String::new();
    for d in list {
        let error = d.opt("error").map(|e| format!("<div class=\"muted\">{}</div>", escape(&e)));
        let id = escape(&d.text("id"));
        html.push_str(&format!(
            "<tr data-delivery=\"{id}\"><td class=\"muted\">{}</td><td>{}<div class=\"muted mono\">{}</div></td>\
             <td><span class=\"pill\">{}</span></td><td>{}</td><td>{}{}</td>\
             <td><button data-resend=\"{id}\">Resend</button></td></tr>",
            escape(&d.text("createdAt")),
            escape(&d.text("eventType")),
            escape(&d.text("eventId")),
            escape(&d.text("status")),
            d.int("attempts").unwrap_or(0),
            d.int("responseStatus").map_or_else(|| "—".to_string(), |s| s.to_string()),
            error.unwrap_or_default(),
        ));
    }
    html
}

/// One box per event type (see [`endpoint_rows`]).
fn checkboxes(types: &[String]) -> String {
    types
        .iter()
        .map(|t| {
            let t = escape(t);
            format!("<label class=\"check\"><input type=\"checkbox\" data-type=\"{t}\" /> {t}</label>")
        })
        .collect()
}

/// A notice per disabled endpoint.
fn disabled_notices(list: &[Json]) -> String {
    list.iter()
        .filter(|e| !e.is("enabled"))
        .map(|e| {
            format!(
                "<div class=\"notice\" role=\"status\"><strong>Disabled: {}</strong> — {}. Nothing is sent to it until you enable it again.</div>",
                escape(&e.text("url")),
                escape(&e.text("disabledReason"))
            )
        })
        .collect()
}

#[component]
fn NewEndpoint(types: Vec<String>, ctx: Actions) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let add = move |_| {
        let body = WebhookEndpointRequest {
            url: Some(url.get_untracked().trim().to_owned()),
            description: Some(description.get_untracked()),
            events: Some(chosen.get_untracked()),
            enabled: None,
        };
        ctx.run("POST", "/api/developer/webhook-endpoints".into(), serde_json::to_string(&body).ok());
        url.set(String::new());
    };
    view! {
        <section class="card">
            <h2>"Add an endpoint"</h2>
            <label for="hook-url">"URL (https; http too in test mode)"</label>
            <input id="hook-url" placeholder="https://api.example.com/dream-webhooks" style="width:100%" bind:value=url />
            <label for="hook-description">"Description"</label>
            <input id="hook-description" bind:value=description />
            <p class="muted">"Events (none ticked: every event)"</p>
            // Each change flips one type in or out (the box's new state).
            <div class="row" inner_html=checkboxes(&types) on:change=move |ev| {
                if let Some(t) = clicked_data(&ev, "type") {
                    chosen.update(|c| match c.iter().position(|x| *x == t) {
                        Some(i) => {
                            c.remove(i);
                        }
                        None => c.push(t),
                    });
                }
            }></div>
            <button class="primary" on:click=add>"Add endpoint"</button>
        </section>
    }
}

/// The webhooks page.
#[component]
pub fn Webhooks() -> impl IntoView {
    let s = session();
    let ctx = Actions::default();
    let data = LocalResource::new(move || {
        ctx.refresh.track();
        let mode = s.mode.get();
        async move {
            let endpoints = api::read(&format!("/api/developer/webhook-endpoints?mode={mode}")).await?;
            let deliveries = api::read(&format!("/api/developer/webhook-deliveries?mode={mode}")).await?;
            Ok::<_, api::Failure>((endpoints, deliveries))
        }
    });
    view! {
        <h1>"Webhooks " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        <p class="muted">"dream-api POSTs events to your server, signed as Standard Webhooks sign: verify them with the SDK's verifyWebhook or any Standard Webhooks library."</p>
        {move || ctx.error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || ctx.secret.get().map(|value| view! { <ShownOnce what="Signing secret" value /> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |(list, deliveries): (Json, Json)| {
                    let endpoints = list.list("endpoints");
                    let types = list.list("eventTypes").iter().filter_map(Json::string).collect();
                    view! {
                        <div inner_html=disabled_notices(&endpoints)></div>
                        <div class="card table-wrap">
                            <table>
                                <thead><tr><th>"Endpoint"</th><th>"Events"</th><th>"State"</th><th>"Last success"</th><th>"Actions"</th></tr></thead>
                                <tbody inner_html=endpoint_rows(&endpoints) on:click=move |ev| on_endpoint_click(ctx, &ev)></tbody>
                            </table>
                        </div>
                        <NewEndpoint types ctx />
                        <section class="card table-wrap">
                            <h2>"Recent deliveries"</h2>
                            <button on:click=move |_| ctx.refresh.update(|n| *n += 1)>"Refresh"</button>
                            <table>
                                <thead><tr><th>"Made"</th><th>"Event"</th><th>"Status"</th><th>"Attempts"</th><th>"Response"</th><th></th></tr></thead>
                                <tbody inner_html=delivery_rows(&deliveries.list("deliveries")) on:click=move |ev| {
                                    if let Some(id) = clicked_data(&ev, "resend") {
                                        ctx.run("POST", format!("/api/developer/webhook-deliveries/{id}/resend"), None);
                                    }
                                }></tbody>
                            </table>
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
