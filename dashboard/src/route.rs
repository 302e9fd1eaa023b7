//! Client-side routing for the dashboard's flat pages: the location as signals, same-origin
//! link clicks handled in place (`history.pushState`), back and forward followed (`popstate`).
//! Hand-written because a general router costs far more of the 300 KB budget than a dozen
//! flat paths need.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the app is: the path and the query string (with its `?`).
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub search: RwSignal<String>,
}

fn window_location() -> (String, String) {
    let l = window().location();
    (l.pathname().unwrap_or_else(|_| "/".into()), l.search().unwrap_or_default())
}

thread_local! {
    /// Set once by [`provide`]: link clicks and tasks run outside any reactive owner, so the
    /// location is not looked up as context.
    static LOCATION: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

/// The app's location (as [`provide`] made it).
pub fn location() -> Location {
    LOCATION.with(|l| l.get()).unwrap_or_else(|| {
        let (path, search) = window_location();
        Location { path: RwSignal::new(path), search: RwSignal::new(search) }
    })
}

/// Starts following the browser's location (once: later calls answer the same location).
pub fn provide() -> Location {
    if let Some(loc) = LOCATION.with(|l| l.get()) {
        return loc;
    }
    // Owned by a root of its own, kept for the page's life: the layout may be made again
    // (after onboarding), the location and its listeners stay.
    let current = Owner::current();
    let owner = Owner::new_root(None);
    let (path, search) = window_location();
    let loc = Location { path: RwSignal::new(path), search: RwSignal::new(search) };
    std::mem::forget(owner);
    // `new_root` made itself the current owner: the app goes on under its own.
    if let Some(o) = current {
        o.set();
    }
    LOCATION.with(|l| l.set(Some(loc)));
    let _ = window_event_listener(ev::popstate, move |_| {
        let (path, search) = window_location();
        loc.path.set(path);
        loc.search.set(search);
    });
    let _ = window_event_listener(ev::click, move |e| {
        // A plain left click on a same-origin link: stay in the app.
        if e.default_prevented() || e.button() != 0 || e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
            return;
        }
        let Some(anchor) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let origin = window().location().origin().unwrap_or_default();
        if !anchor.target().is_empty() || anchor.has_attribute("download") || anchor.origin() != origin {
            return;
        }
        e.prevent_default();
        navigate(&format!("{}{}", anchor.pathname(), anchor.search()));
    });
    loc
}

/// Goes to `to` (a path with an optional query) within the app.
pub fn navigate(to: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
    }
    let (path, search) = window_location();
    let loc = location();
    loc.path.set(path);
    loc.search.set(search);
}

/// The value of query parameter `name`, decoded (tracks the location).
pub fn query(name: &str) -> Option<String> {
    location().search.with(|s| {
        s.trim_start_matches('?').split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| {
                let v = v.replace('+', " ");
                js_sys::decode_uri_component(&v).ok().and_then(|d| d.as_string()).unwrap_or(v)
            })
        })
    })
}

/// A navigation link, marked `aria-current="page"` while its page (or a page under it) shows.
#[component]
pub fn NavLink(href: &'static str, children: Children) -> impl IntoView {
    let loc = location();
    let current = move || {
        let p = loc.path.get();
        let here = p == href || (href != "/" && p.starts_with(href) && p[href.len()..].starts_with('/'));
        here.then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}
