//! The Clerk Backend API subset a hosted sign-up needs, in Clerk's wire format: users (made
//! when they sign in), `GET /v1/users/{id}`, and their metadata — `PATCH /v1/users/{id}/metadata`
//! deep-merges (a `null` removes a key; arrays are replaced whole) and `PUT` replaces each
//! given field. Authenticated with the instance's secret key (`Instance::backend_secret`).
//! Session tokens minted for a known user carry its public metadata, as a Clerk instance whose
//! session token is customised with `{"public_metadata": "{{user.public_metadata}}"}` does.
//! Kept in `<state dir>/clerk-users.json` when the simulator has a state dir.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// A Clerk API error: status and the `errors` body Clerk sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ClerkError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ClerkError {
    /// The body Clerk answers errors with.
    pub fn body(&self) -> Value {
        json!({"errors": [{"message": self.message, "long_message": self.message, "code": self.code}],
               "clerk_trace_id": format!("trace_{}", crate::stripe::random(16))})
    }

    fn not_found(id: &str) -> ClerkError {
        ClerkError { status: 404, code: "resource_not_found", message: format!("No user was found with id {id}") }
    }
}

/// Every instance's users: instance → user id → Clerk's User object.
pub struct Users {
    map: Mutex<BTreeMap<String, BTreeMap<String, Value>>>,
    file: Option<PathBuf>,
}

/// A new Clerk User object.
fn user_object(id: &str, now_ms: i64) -> Value {
    json!({
        "id": id, "object": "user", "username": null, "first_name": null, "last_name": null,
        "image_url": "", "has_image": false, "primary_email_address_id": null,
        "primary_phone_number_id": null, "primary_web3_wallet_id": null, "password_enabled": false,
        "two_factor_enabled": false, "totp_enabled": false, "backup_code_enabled": false,
        "email_addresses": [], "phone_numbers": [], "web3_wallets": [], "passkeys": [],
        "external_accounts": [], "saml_accounts": [], "public_metadata": {}, "private_metadata": {},
        "unsafe_metadata": {}, "external_id": null, "last_sign_in_at": null, "banned": false,
        "locked": false, "lockout_expires_in_seconds": null, "verification_attempts_remaining": null,
        "created_at": now_ms, "updated_at": now_ms, "delete_self_enabled": true,
        "create_organization_enabled": true, "last_active_at": null
    })
}

/// Clerk's deep merge: objects merge key by key, `null` removes, anything else replaces.
fn merge(into: &mut Value, patch: &Value) {
    match (into.as_object_mut(), patch.as_object()) {
        (Some(target), Some(p)) => merge_objects(target, p),
        _ => *into = patch.clone(),
    }
}

fn merge_objects(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        match v {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(_) => merge(target.entry(k.clone()).or_insert_with(|| json!({})), v),
            _ => {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

const METADATA: [&str; 3] = ["public_metadata", "private_metadata", "unsafe_metadata"];

impl Users {
    /// Users kept in `file` (loaded now if it exists), or in memory only.
    pub fn new(file: Option<PathBuf>) -> Result<Users, String> {
        let map = crate::files::read_or_default(file.as_deref())?;
        Ok(Users { map: Mutex::new(map), file })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, BTreeMap<String, Value>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn save(&self, map: &BTreeMap<String, BTreeMap<String, Value>>) {
        let Some(file) = &self.file else { return };
        let written = serde_json::to_string(map)
            .map_err(|e| e.to_string())
            .and_then(|text| crate::files::write_atomically(file, &text));
        if let Err(e) = written {
            eprintln!("dream-sim: could not save Clerk users: {e}");
        }
    }

    /// Records a sign-in (making the user the first time); answers their public metadata.
    pub fn sign_in(&self, instance: &str, id: &str, now_ms: i64) -> Value {
        let mut map = self.lock();
        let user =
            map.entry(instance.to_owned()).or_default().entry(id.to_owned()).or_insert_with(|| user_object(id, now_ms));
        user["last_sign_in_at"] = json!(now_ms);
        user["last_active_at"] = json!(now_ms);
        let public = user["public_metadata"].clone();
        self.save(&map);
        public
    }

    /// The user's public metadata, if the user exists.
    pub fn public_metadata(&self, instance: &str, id: &str) -> Option<Value> {
        self.lock().get(instance)?.get(id).map(|u| u["public_metadata"].clone())
    }

    /// `GET /v1/users?email_address=…`: the users with that email address (Clerk answers a
    /// bare array).
    pub fn with_email(&self, instance: &str, email: &str) -> Vec<Value> {
        let map = self.lock();
        map.get(instance)
            .map(|m| {
                m.values()
                    .filter(|u| {
                        u["email_addresses"].as_array().is_some_and(|a| {
                            a.iter().any(|e| e["email_address"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(email)))
                        })
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `POST /v1/users` with `email_address` (one), `first_name`, `last_name`: a new user whose
    /// address counts as verified (an admin made it); an address another user has: 422.
    pub fn create(&self, instance: &str, body: &Value, now_ms: i64) -> Result<Value, ClerkError> {
        let invalid = |code: &'static str, message: &str| ClerkError { status: 422, code, message: message.into() };
        let emails: Vec<&str> = match &body["email_address"] {
            Value::String(e) => vec![e.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let [email] = emails.as_slice() else {
            return Err(invalid("form_param_missing", "email_address must hold one email address"));
        };
        if !email.contains('@') {
            return Err(invalid("form_param_format_invalid", "email_address must be a valid email address"));
        }
        if !self.with_email(instance, email).is_empty() {
            return Err(invalid("form_identifier_exists", "That email address is taken. Please try another."));
        }
        let id = format!("user_{}", crate::stripe::random(27));
        let address_id = format!("idn_{}", crate::stripe::random(27));
        let mut user = user_object(&id, now_ms);
        user["email_addresses"] = json!([{
            "id": address_id, "object": "email_address", "email_address": email, "reserved": false,
            "verification": {"status": "verified", "strategy": "admin", "attempts": null, "expire_at": null},
            "linked_to": [], "created_at": now_ms, "updated_at": now_ms
        }]);
        user["primary_email_address_id"] = json!(address_id);
        for name in ["first_name", "last_name"] {
            if let Some(v) = body[name].as_str() {
                user[name] = json!(v);
            }
        }
        let mut map = self.lock();
        map.entry(instance.to_owned()).or_default().insert(id, user.clone());
        self.save(&map);
        Ok(user)
    }

    /// `GET /v1/users/{id}`.
    pub fn get(&self, instance: &str, id: &str) -> Result<Value, ClerkError> {
        self.lock().get(instance).and_then(|m| m.get(id)).cloned().ok_or_else(|| ClerkError::not_found(id))
    }

    /// `PATCH` (merge) or `PUT` (replace) `/v1/users/{id}/metadata`.
    pub fn set_metadata(
        &self,
        instance: &str,
        id: &str,
        body: &Value,
        replace: bool,
        now_ms: i64,
    ) -> Result<Value, ClerkError> {
        let fields = body.as_object().ok_or(ClerkError {
            status: 422,
            code: "form_param_format_invalid",
            message: "the body must be a JSON object".into(),
        })?;
        if let Some(bad) = fields.keys().find(|k| !METADATA.contains(&k.as_str())) {
            return Err(ClerkError {
                status: 422,
                code: "form_param_unknown",
                message: format!("{bad} is not a valid parameter for this request"),
            });
        }
        let mut map = self.lock();
        let user = map.get_mut(instance).and_then(|m| m.get_mut(id)).ok_or_else(|| ClerkError::not_found(id))?;
        for (k, v) in fields {
            if replace {
                user[k.as_str()] = v.clone();
            } else {
                merge(&mut user[k.as_str()], v);
            }
        }
        user["updated_at"] = json!(now_ms);
        let answer = user.clone();
        self.save(&map);
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_merges_deeply_nulls_remove_and_arrays_are_replaced() {
        let users = Users::new(None).unwrap_or_else(|e| panic!("{e}"));
        users.sign_in("endusers", "user_1", 1);
        let patch = json!({"public_metadata": {"platformIds": ["plt_a"], "plan": {"a": 1, "b": 2}}});
        users.set_metadata("endusers", "user_1", &patch, false, 2).unwrap_or_else(|e| panic!("{e:?}"));
        let patch = json!({"public_metadata": {"platformIds": ["plt_a", "plt_b"], "plan": {"b": null, "c": 3}}});
        let u = users.set_metadata("endusers", "user_1", &patch, false, 3).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(u["public_metadata"], json!({"platformIds": ["plt_a", "plt_b"], "plan": {"a": 1, "c": 3}}));
        assert_eq!(u["updated_at"], 3);
        let u = users
            .set_metadata("endusers", "user_1", &json!({"public_metadata": {"x": 1}}), true, 4)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(u["public_metadata"], json!({"x": 1}));
        assert_eq!(users.set_metadata("endusers", "nobody", &json!({}), false, 5).unwrap_err().status, 404);
        assert_eq!(
            users.set_metadata("endusers", "user_1", &json!({"email": "x"}), false, 5).unwrap_err().code,
            "form_param_unknown"
        );
    }
}
