//! Error logging that reaches `wrangler tail` on workerd and stderr natively.

/// Logs a server-side fault. Never pass secrets or tokens.
pub fn error(msg: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&msg.into());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("error: {msg}");
}
