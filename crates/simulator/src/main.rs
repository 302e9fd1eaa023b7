//! `dream-sim serve` runs the local Clerk stand-in; `dream-sim token` prints a session token.

use dream_sim::clerk::{now_secs, MintRequest};
use dream_sim::server::{router, Sim};
use std::path::PathBuf;

const USAGE: &str = "usage:
  dream-sim serve [--port 8790] [--state-dir .state/sim]
  dream-sim token --sub USER [--instance dashboard] [--azp ORIGIN] [--platform-id plt_…] [--port 8790] [--state-dir .state/sim]";

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port: u16 = flag(&args, "--port").and_then(|p| p.parse().ok()).unwrap_or(8790);
    let state_dir = PathBuf::from(flag(&args, "--state-dir").unwrap_or_else(|| ".state/sim".into()));
    let sim = Sim::new(format!("http://127.0.0.1:{port}"), Some(state_dir));
    match args.first().map(String::as_str) {
        Some("serve") => {
            let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("dream-sim: cannot listen on 127.0.0.1:{port}: {e}");
                    std::process::exit(1);
                }
            };
            println!("dream-sim listening on http://127.0.0.1:{port}");
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            if let Err(e) = axum::serve(listener, router(sim)).with_graceful_shutdown(shutdown).await {
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
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}
