//! Benchmarks only: one piece of a track call per route, with the real workers' runtime, SDK,
//! build profile and storage code, so `just bench` can say where a track's time goes.
//!
//! - `/__probe/kv`: one Workers KV read (what a track's key-record lookup costs);
//! - `/__probe/do?u=<user>`: one round trip to a Durable Object that answers at once;
//! - `/__probe/do-track?u=<user>`: one round trip whose object runs the meter's `Track` over
//!   SQLite with `dream_edge::object::answer`, exactly as a usage shard does;
//! - `/__probe/rpc?u=<user>` and `/__probe/rpc-track?u=<user>`: the same two hops as JS RPC
//!   calls of the object's `call` method (`rpc.mjs` makes the class reachable over RPC).
//!
//! Objects are picked like usage shards (16, by FNV-1a of the user), so the load spreads the same.

#[cfg(target_arch = "wasm32")]
mod entry;
