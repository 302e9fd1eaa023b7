//! Unauthenticated Connect callbacks with made-up states must not create anything (run on
//! its own: it counts the Durable Objects the local runtime persisted).

use dream_e2e::*;

/// A client that does not follow redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Durable Objects persisted by the local runtime (one SQLite file each).
fn object_files() -> usize {
    let dir =
        std::env::var("DREAM_STATE_DIR").unwrap_or_else(|_| panic!("DREAM_STATE_DIR is not set: run with `just e2e`"));
    fn walk(p: &std::path::Path) -> usize {
        std::fs::read_dir(p)
            .map(|rd| {
                rd.flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() {
                            walk(&path)
                        } else {
                            usize::from(
                                path.extension().is_some_and(|x| x == "sqlite")
                                    && path.to_string_lossy().contains("MeterShard"),
                            )
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(std::path::Path::new(&dir))
}

#[tokio::test]
async fn callbacks_with_made_up_states_create_nothing() {
    let b = browser();
    let before = object_files();
    let states: Vec<String> = (0..200).map(|i| format!("plt_{:016}.test.{:032}", i, i)).collect();
    for chunk in states.chunks(20) {
        let calls = chunk.iter().map(|s| b.get(format!("{}/api/oauth/callback?code=ac_x&state={s}", api_url())).send());
        for r in futures::future::join_all(calls).await {
            let r = r.unwrap_or_else(|e| panic!("{e}"));
            assert!(r.status().is_redirection() || r.status().is_client_error(), "{}", r.status());
        }
    }
    assert_eq!(object_files(), before, "made-up states created Durable Objects");
}
