//! Stripe's request bodies: `application/x-www-form-urlencoded` with bracketed keys
//! (`line_items[0][price]=price_1`, `metadata[plan]=pro`, `expand[]=customer`), decoded into
//! nested JSON so handlers can read them like Stripe's documented parameters.

use serde_json::{Map, Value};

/// Decodes a form body (or query string) into a JSON object; `Err` names the bad key.
pub fn decode(body: &str) -> Result<Value, String> {
    let mut root = Value::Object(Map::new());
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = unescape(k)?;
        let value = unescape(v)?;
        let path = split_key(&key)?;
        insert(&mut root, &path, value).map_err(|e| format!("{key}: {e}"))?;
    }
    Ok(arrays(root))
}

fn unescape(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or("truncated percent escape")?;
                let hex = std::str::from_utf8(hex).map_err(|_| "bad percent escape")?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| "bad percent escape")?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "form value is not UTF-8".to_owned())
}

fn split_key(key: &str) -> Result<Vec<String>, String> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() {
        return Err(format!("invalid parameter name {key:?}"));
    }
    let mut path = vec![head.to_owned()];
    while !rest.is_empty() {
        let close =
            rest.find(']').filter(|_| rest.starts_with('[')).ok_or(format!("invalid parameter name {key:?}"))?;
        path.push(rest[1..close].to_owned());
        rest = &rest[close + 1..];
    }
    Ok(path)
}

fn insert(node: &mut Value, path: &[String], value: String) -> Result<(), String> {
    let Value::Object(map) = node else { return Err("mixes a value and nested parameters".into()) };
    let (first, rest) = path.split_first().ok_or("empty key")?;
    // `a[]=x&a[]=y` appends: give each an index of its own.
    let name = if first.is_empty() { map.len().to_string() } else { first.clone() };
    if rest.is_empty() {
        if map.get(&name).is_some_and(Value::is_object) {
            return Err("mixes a value and nested parameters".into());
        }
        map.insert(name, Value::String(value));
        Ok(())
    } else {
        let child = map.entry(name).or_insert_with(|| Value::Object(Map::new()));
        insert(child, rest, value)
    }
}

/// Objects whose keys are all indices become arrays, in index order.
fn arrays(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let numeric = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            if numeric {
                let mut items: Vec<(usize, Value)> =
                    map.into_iter().map(|(k, v)| (k.parse().unwrap_or(0), arrays(v))).collect();
                items.sort_by_key(|(i, _)| *i);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bracketed_keys_nest() {
        let v = decode("mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1&metadata[a%20b]=c+d&expand[]=x&expand[]=y").unwrap();
        assert_eq!(
            v,
            json!({"mode": "subscription", "line_items": [{"price": "price_1", "quantity": "1"}], "metadata": {"a b": "c d"}, "expand": ["x", "y"]})
        );
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(decode("a[b=1").is_err());
        assert!(decode("[x]=1").is_err());
        assert!(decode("a=1&a[b]=2").is_err());
        assert!(decode("a=%zz").is_err());
    }
}
