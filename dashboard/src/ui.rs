//! Small shared pieces: loading and error states, copy buttons, usage bars, money.

use crate::api::Failure;
use leptos::prelude::*;

/// The loading state of a section.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// An API error, with the API's message.
#[component]
pub fn ErrorBox(error: Failure) -> impl IntoView {
    view! { <p class="error" role="alert">{error.message}</p> }
}

/// Copies `text` to the clipboard; says so for a moment.
#[component]
pub fn CopyButton(text: String, #[prop(optional)] label: &'static str) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = if label.is_empty() { "Copy" } else { label };
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    view! {
        <button type="button" on:click=copy aria-live="polite">
            {move || if copied.get() { "Copied" } else { label }}
        </button>
    }
}

/// `used` of `limit` as a bar (warning colour from 80%, red when full).
/// Replaced subscriptions not yet canceled at Stripe (retried until Stripe confirms).
#[component]
pub fn PendingCancels(items: Vec<dream_core::api::PendingCancelView>) -> impl IntoView {
    items
        .into_iter()
        .map(|p| {
            view! {
                <p class="notice" role="alert">
                    "Replaced subscription " <code>{p.subscription}</code> " is not canceled at Stripe yet ("
                    {p.attempts.to_string()} " failed attempts, last: " {p.last_error}
                    "); dream-api retries with Stripe's redeliveries."
                </p>
            }
        })
        .collect_view()
}

#[component]
pub fn UsageBar(used: u64, limit: Option<u64>) -> impl IntoView {
    let (pct, class) = match limit {
        Some(0) => (100, "bar full"),
        Some(l) => {
            let p = (used.saturating_mul(100) / l).min(100);
            (
                p,
                if used >= l {
                    "bar full"
                } else if p >= 80 {
                    "bar warn"
                } else {
                    "bar"
                },
            )
        }
        None => (0, "bar"),
    };
    let text = match limit {
        Some(l) => format!("{used} / {l}"),
        None => format!("{used} / unlimited"),
    };
    view! {
        <div>
            <div class=class role="progressbar" aria-valuenow=used aria-valuemax=limit.unwrap_or(0) aria-label=text.clone()>
                <span style=format!("width:{pct}%")></span>
            </div>
            <span class="muted">{text}</span>
        </div>
    }
}

/// Cents as dollars (`$12.00`, `-$0.50`; the digits as `dream_core::money` writes them).
pub fn money(cents: i64) -> String {
    let amount = dream_core::money::major(cents, 2);
    match amount.strip_prefix('-') {
        Some(positive) => format!("-${positive}"),
        None => format!("${amount}"),
    }
}

/// Parses dollars (`9`, `9.5`, `$12.00`) into cents (see `dream_core::money`).
pub fn parse_dollars(s: &str) -> Option<i64> {
    dream_core::money::parse_major(s, 2)
}

/// Sends the browser to a page the API answered with (Stripe's Checkout, portal, consent),
/// or shows why there is none.
pub fn follow(answer: Result<dream_core::api::RedirectUrl, Failure>, error: RwSignal<Option<Failure>>) {
    match answer {
        Ok(r) => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&r.url);
            }
        }
        Err(e) => error.set(Some(e)),
    }
}

/// Shows a loaded value, or its error.
pub fn loaded<T, V: IntoView + 'static>(answer: Result<T, Failure>, f: impl FnOnce(T) -> V) -> AnyView {
    match answer {
        Ok(v) => f(v).into_any(),
        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
    }
}

/// A secret just made (a key, a webhook signing secret): shown this once, with a copy button.
#[component]
pub fn ShownOnce(what: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="notice" role="alert">
            <p><strong>{what} " — copy it now, you will not see it again:"</strong></p>
            <div class="row">
                <div><input aria-label=what readonly class="mono" style="width:100%" prop:value=value.clone() /></div>
                <CopyButton text=value />
            </div>
        </div>
    }
}

/// Text made safe to put in markup built as a string (the chart's SVG, the store and webhooks
/// pages' tables): the product's one rule.
pub use dream_core::html::escape;

/// The `data-<name>` attribute of the element a click landed on (for a table whose rows are
/// markup built as a string: one listener for all its buttons).
pub fn clicked_data(ev: &web_sys::Event, name: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<web_sys::Element>().ok()?.get_attribute(&format!("data-{name}"))
}

/// Saves `text` as a CSV file named `name` (a download the browser starts).
pub fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// What a page's actions share: a refresh counter, the last secret an action answered (a
/// webhook signing secret) and the last error.
#[derive(Clone, Copy)]
pub struct Actions {
    pub refresh: RwSignal<u32>,
    pub secret: RwSignal<Option<String>>,
    pub error: RwSignal<Option<Failure>>,
}

impl Default for Actions {
    fn default() -> Self {
        Actions { refresh: RwSignal::new(0), secret: RwSignal::new(None), error: RwSignal::new(None) }
    }
}

/// The one field of an answer an action keeps: a signing secret, when there is one.
#[derive(serde::Deserialize)]
struct WithSecret {
    secret: String,
}

impl Actions {
    /// `method path?mode=…` with `body` (not generic: one copy for every page's buttons);
    /// then keeps a secret it answered, or its error, and reloads the page's data.
    pub fn run(self, method: &'static str, path: String, body: Option<String>) {
        let path = format!("{path}?mode={}", crate::app::session().mode.get_untracked());
        leptos::task::spawn_local(async move {
            match crate::api::act(method, &path, body).await {
                Ok(text) => {
                    if let Ok(w) = serde_json::from_str::<WithSecret>(&text) {
                        self.secret.set(Some(w.secret));
                    }
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.refresh.update(|n| *n += 1);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn cents_are_written_as_dollars() {
        assert_eq!([money(1250), money(-50), money(0), money(7)], ["$12.50", "-$0.50", "$0.00", "$0.07"]);
    }
}
