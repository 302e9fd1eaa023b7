//! The simulator's state files.

use std::path::Path;

/// Writes `text` to `path` so a reader sees the old file or the new one, never half of one:
/// a temporary file beside it, renamed over it.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The JSON value kept in `file`, or the default when there is no file (or no `file`).
pub(crate) fn read_or_default<T: serde::de::DeserializeOwned + Default>(file: Option<&Path>) -> Result<T, String> {
    let Some(f) = file else { return Ok(T::default()) };
    match std::fs::read_to_string(f) {
        Ok(t) => serde_json::from_str(&t).map_err(|e| format!("{}: {e}", f.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(format!("{}: {e}", f.display())),
    }
}
