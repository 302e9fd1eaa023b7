//! Answers read field by field through the browser's own JSON, for pages whose serde readers
//! would cost more of the download than the page itself (the store page: ~15 KB of derived
//! deserializers for `StoreProductView` and `OrderView`). Field names are the wire's, as
//! `dream_core::api` defines them; a missing or mistyped field reads as empty.

use wasm_bindgen::JsValue;

/// One JSON value of an answer.
#[derive(Clone)]
pub struct Json(JsValue);

impl Json {
    /// `text` parsed, or `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        js_sys::JSON::parse(text).ok().map(Json)
    }

    /// This value as text (`None`: not a string).
    pub fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    /// Field `key` (undefined when absent).
    pub fn get(&self, key: &str) -> Json {
        Json(js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
    }

    /// Field `key` as text (`None`: absent, null or not a string).
    pub fn opt(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }

    /// Field `key` as text, empty when there is none.
    pub fn text(&self, key: &str) -> String {
        self.opt(key).unwrap_or_default()
    }

    /// Field `key` as a whole number (`None`: absent, null or not a number).
    pub fn int(&self, key: &str) -> Option<i64> {
        // JSON numbers are doubles in the browser; the API's amounts and counts are whole and
        // far below 2^53, and `as` saturates anything else.
        self.get(key).0.as_f64().map(|n| n as i64)
    }

    /// Field `key` is `true`.
    pub fn is(&self, key: &str) -> bool {
        self.get(key).0.as_bool() == Some(true)
    }

    /// The items of array field `key` (none when it is not an array).
    pub fn list(&self, key: &str) -> Vec<Json> {
        let v = self.get(key).0;
        if js_sys::Array::is_array(&v) {
            js_sys::Array::from(&v).iter().map(Json).collect()
        } else {
            Vec::new()
        }
    }
}
