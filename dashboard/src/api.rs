//! The developer API, typed with the request/response types of `dream-core`.

use crate::{auth, config};
use dream_core::error::ErrorBody;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// A failed call, with the API's own message when it sent one.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a call answers.
pub type Answer<T> = Result<T, Failure>;

fn network(e: impl fmt::Display) -> Failure {
    Failure { status: 0, code: "network".into(), message: format!("The API could not be reached ({e}).") }
}

async fn call<T: DeserializeOwned>(method: Method, path: &str, body: Option<String>) -> Answer<T> {
    let mut req = RequestBuilder::new(&format!("{}{path}", config::API_URL)).method(method);
    if let Some(token) = auth::token().await {
        req = req.header("Authorization", &format!("Bearer {token}"));
    }
    let req = match body {
        Some(b) => req.header("Content-Type", "application/json").body(b).map_err(network)?,
        None => req.build().map_err(network)?,
    };
    let resp = req.send().await.map_err(network)?;
    let status = resp.status();
    let text = resp.text().await.map_err(network)?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|e| network(format!("unexpected answer: {e}")));
    }
    if status == 401 {
        // The session ended: sign in again.
        auth::sign_out().await;
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(b) => Failure { status, code: b.error.code, message: b.error.message },
        Err(_) => Failure { status, code: "http_error".into(), message: format!("The API answered {status}.") },
    })
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Answer<T> {
    call(Method::GET, path, None).await
}

/// `POST path` with a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Answer<T> {
    call(Method::POST, path, serde_json::to_string(body).ok()).await
}

/// `POST path` without a body.
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Answer<T> {
    call(Method::POST, path, None).await
}

/// `PUT path` with a JSON body.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Answer<T> {
    call(Method::PUT, path, serde_json::to_string(body).ok()).await
}
