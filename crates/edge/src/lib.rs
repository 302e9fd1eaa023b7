//! The ports of `dream-core` over Cloudflare bindings. Compiled for wasm32 only; natively
//! this crate is empty and the in-memory ports of `dream_core::memory` stand in.
#![cfg(target_arch = "wasm32")]

pub mod bindings;
pub mod entry;
pub mod object;
pub mod request;
pub mod sql_store;
