//! Who is signed in. One interface, two implementations chosen at build time: the local
//! simulator's sign-in page (the token comes back in the URL fragment and is kept for the tab)
//! or Clerk's browser SDK (driven through wasm-bindgen; it refreshes the short-lived token).

use crate::config;
use wasm_bindgen::prelude::*;

const STORAGE_KEY: &str = "dream.session";
const FRAGMENT: &str = "#__clerk_token=";

#[wasm_bindgen(inline_js = r#"
export async function clerk_load(src, key) {
  if (!window.Clerk) {
    await new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = src; s.async = true; s.crossOrigin = "anonymous";
      s.setAttribute("data-clerk-publishable-key", key);
      s.onload = ok; s.onerror = () => fail(new Error("Clerk's SDK could not be loaded"));
      document.head.appendChild(s);
    });
  }
  await window.Clerk.load();
  return !!window.Clerk.user;
}
export async function clerk_token() {
  return window.Clerk && window.Clerk.session ? await window.Clerk.session.getToken() : null;
}
export function clerk_sign_in() { window.Clerk.redirectToSignIn({ redirectUrl: window.location.href }); }
export async function clerk_sign_out() { await window.Clerk.signOut(); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn clerk_load(src: &str, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn clerk_token() -> Result<JsValue, JsValue>;
    fn clerk_sign_in();
    #[wasm_bindgen(catch)]
    async fn clerk_sign_out() -> Result<JsValue, JsValue>;
}

fn uses_clerk() -> bool {
    config::AUTH == "clerk"
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Keeps the token the local sign-in page put in the URL fragment, and removes it from the URL.
pub fn capture_token_from_url() {
    let Some(window) = web_sys::window() else { return };
    let hash = window.location().hash().unwrap_or_default();
    if let Some(token) = hash.strip_prefix(FRAGMENT) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, token);
        }
        let path = window.location().pathname().unwrap_or_else(|_| "/".into());
        if let Ok(h) = window.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// Whether someone is signed in (loads Clerk's SDK when Clerk is used).
pub async fn signed_in() -> Result<bool, String> {
    if uses_clerk() {
        let user = clerk_load(config::CLERK_JS_URL, config::CLERK_PUBLISHABLE_KEY)
            .await
            .map_err(|e| e.as_string().unwrap_or_else(|| "Clerk's SDK failed to load".into()))?;
        Ok(user.as_bool().unwrap_or(false))
    } else {
        Ok(storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).is_some())
    }
}

/// The session token for API calls.
pub async fn token() -> Option<String> {
    if uses_clerk() {
        clerk_token().await.ok().and_then(|v| v.as_string())
    } else {
        storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    }
}

/// Sends the person to sign in, coming back to this page.
pub fn sign_in() {
    if uses_clerk() {
        clerk_sign_in();
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let origin = window.location().origin().unwrap_or_default();
    let back = js_sys::encode_uri_component(&format!("{origin}/"));
    let _ = window.location().assign(&format!("{}?redirect_url={back}", config::SIGN_IN_URL));
}

/// Forgets the session and returns to the start page.
pub async fn sign_out() {
    if uses_clerk() {
        let _ = clerk_sign_out().await;
    } else if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign("/");
    }
}
