//! `dream-sim serve` runs the local Clerk and Stripe stand-ins; `dream-sim token` prints a
//! session token.
//!
//! Stripe is configured from the environment (never from arguments, which `ps` shows):
//! `SIM_STRIPE_SECRET_KEY` (the platform's `sk_test_…`), `SIM_STRIPE_LIVE_SECRET_KEY` (its
//! `sk_live_…`, optional), `SIM_STRIPE_CLIENT_ID` (`ca_…`) and `SIM_STRIPE_WEBHOOKS`, a
//! comma-separated list of `connect|URL|whsec_…` or `account|URL|whsec_…` endpoints.

use dream_sim::clerk::{now_secs, MintRequest};
use dream_sim::server::{router, Sim};
use dream_sim::stripe::{Endpoint, HttpTransport, Stripe, StripeSetup};
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str = "usage:
  dream-sim serve [--port 8790] [--state-dir .state/sim]
  dream-sim token --sub USER [--instance dashboard] [--azp ORIGIN] [--platform-id plt_…] [--port 8790] [--state-dir .state/sim]
  dream-sim clerk-secret [--instance endusers] [--state-dir .state/sim]";

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port: u16 = flag(&args, "--port").and_then(|p| p.parse().ok()).unwrap_or(8790);
    let state_dir = PathBuf::from(flag(&args, "--state-dir").unwrap_or_else(|| ".state/sim".into()));
    let sim = match Sim::new(format!("http://127.0.0.1:{port}"), Some(state_dir.clone())) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dream-sim: {e}");
            std::process::exit(2);
        }
    };
    match args.first().map(String::as_str) {
        Some("serve") => {
            let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("dream-sim: cannot listen on 127.0.0.1:{port}: {e}");
                    std::process::exit(1);
                }
            };
            let stripe = match stripe_from_env(&sim.base_url, &state_dir) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("dream-sim: {e}");
                    std::process::exit(2);
                }
            };
            println!(
                "dream-sim listening on http://127.0.0.1:{port} (Stripe {})",
                if stripe.is_some() { "on" } else { "off" }
            );
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            if let Err(e) = axum::serve(listener, router(sim, stripe)).with_graceful_shutdown(shutdown).await {
                eprintln!("dream-sim: {e}");
                std::process::exit(1);
            }
        }
        Some("token") => {
            let Some(sub) = flag(&args, "--sub") else {
                eprintln!("{USAGE}");
                std::process::exit(2);
            };
            let instance = flag(&args, "--instance").unwrap_or_else(|| "dashboard".into());
            let req = MintRequest {
                sub,
                azp: flag(&args, "--azp"),
                public_metadata: flag(&args, "--platform-id").map(|p| serde_json::json!({ "platformId": p })),
                ttl_secs: Some(8 * 3600),
                ..Default::default()
            };
            match sim.instance(&instance).and_then(|i| i.mint(&req, now_secs())) {
                Ok(jwt) => println!("{jwt}"),
                Err(e) => {
                    eprintln!("dream-sim: {e}");
                    std::process::exit(1);
                }
            }
        }
        Some("clerk-secret") => {
            // The Backend API secret key of an instance (what a worker's Clerk secret is locally).
            let instance = flag(&args, "--instance").unwrap_or_else(|| "endusers".into());
            match sim.instance(&instance) {
                Ok(i) => println!("{}", i.backend_secret()),
                Err(e) => {
                    eprintln!("dream-sim: {e}");
                    std::process::exit(1);
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

fn stripe_from_env(base_url: &str, state_dir: &std::path::Path) -> Result<Option<Arc<Stripe>>, String> {
    let Ok(secret) = std::env::var("SIM_STRIPE_SECRET_KEY") else { return Ok(None) };
    let client_id = std::env::var("SIM_STRIPE_CLIENT_ID").unwrap_or_else(|_| "ca_dreamsimlocal".into());
    let mut setup = StripeSetup::new(&secret, &client_id);
    setup.live_secret = std::env::var("SIM_STRIPE_LIVE_SECRET_KEY").ok().filter(|k| !k.is_empty());
    for spec in std::env::var("SIM_STRIPE_WEBHOOKS").unwrap_or_default().split(',').filter(|s| !s.is_empty()) {
        let parts: Vec<&str> = spec.split('|').collect();
        let [kind @ ("connect" | "account"), url, secret] = parts.as_slice() else {
            return Err(format!(
                "SIM_STRIPE_WEBHOOKS entry {:?} is not kind|url|secret",
                spec.split('|').take(2).collect::<Vec<_>>()
            ));
        };
        setup.endpoints.push(Endpoint {
            id: dream_sim::stripe::new_id("we"),
            url: (*url).into(),
            secret: (*secret).into(),
            connect: *kind == "connect",
        });
    }
    setup.state_file = Some(state_dir.join("stripe.json"));
    Ok(Some(Stripe::new(base_url.to_owned(), setup, Arc::new(HttpTransport::new()?), Arc::new(WallClock))?))
}

/// The machine's clock.
struct WallClock;

impl dream_core::ports::Clock for WallClock {
    fn now_ms(&self) -> i64 {
        dream_sim::clerk::now_secs() * 1000
    }
}
