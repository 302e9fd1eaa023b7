//! Run last, after every other end-to-end test: no secret key they saw is stored in
//! plaintext anywhere in the persisted local KV and Durable Object state.

use std::path::Path;

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, files);
        } else {
            files.push(p);
        }
    }
}

#[test]
#[ignore = "run by scripts/e2e.sh after the other end-to-end tests"]
fn no_secret_key_in_persisted_state() {
    let state = std::env::var("DREAM_STATE_DIR").unwrap_or_else(|_| panic!("DREAM_STATE_DIR is not set"));
    let secrets_file = std::env::var("E2E_SECRETS_FILE").unwrap_or_else(|_| panic!("E2E_SECRETS_FILE is not set"));
    let lines = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
    };
    let secrets = lines(&secrets_file);
    let public_file = std::env::var("E2E_PUBLIC_FILE").unwrap_or_else(|_| panic!("E2E_PUBLIC_FILE is not set"));
    let publics = lines(&public_file);
    assert!(secrets.len() >= 10, "expected the other tests to record their secret keys, found {}", secrets.len());
    let mut files = Vec::new();
    walk(Path::new(&state), &mut files);
    assert!(!files.is_empty(), "no persisted state under {state}");
    let contains = |data: &[u8], s: &str| data.windows(s.len()).any(|w| w == s.as_bytes());
    let mut bytes_scanned = 0;
    let mut publics_seen = 0;
    for f in &files {
        let data = std::fs::read(f).unwrap_or_default();
        bytes_scanned += data.len();
        publics_seen += publics.iter().filter(|p| contains(&data, p)).count();
        for s in &secrets {
            // Secret keys are ASCII; look for them as raw bytes (SQLite pages, blobs, WAL).
            assert!(!contains(&data, s), "secret key in plaintext in {}", f.display());
        }
    }
    // Publishable keys are KV key names in plaintext: if the scan cannot find them, it is
    // not looking where KV keeps its data, and finding no secret would prove nothing.
    assert!(publics_seen > 0, "the scan found none of {} publishable keys: it does not see the KV data", publics.len());
    println!("scanned {} files ({bytes_scanned} bytes) for {} secret keys", files.len(), secrets.len());
}
