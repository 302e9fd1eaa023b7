//! Clerk sessions and sign-in tokens, the part of Clerk that hands a signed-in person to an
//! app on another domain: the Backend API's `POST /v1/sign_in_tokens` makes a one-time ticket,
//! the Frontend API's `POST /v1/client/sign_ins` (`strategy=ticket`) redeems it for a session,
//! and `POST /v1/client/sessions/{id}/tokens` gives that session's short-lived tokens.
//! Sessions also start at the sign-in page. Kept in `<state dir>/clerk-sessions.json` when
//! the simulator has a state dir, so a restarted `just dev` keeps apps signed in.

use crate::clerk_users::ClerkError;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// A session of one person on one instance.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Session {
    instance: String,
    user_id: String,
    active: bool,
}

/// A sign-in token (ticket).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Ticket {
    id: String,
    instance: String,
    user_id: String,
    expires_at_ms: i64,
    created_at_ms: i64,
    used: bool,
}

#[derive(Default, Serialize, Deserialize)]
struct State {
    sessions: BTreeMap<String, Session>,
    /// By token.
    tickets: BTreeMap<String, Ticket>,
}

/// Every instance's sessions and tickets.
pub struct Sessions {
    state: Mutex<State>,
    file: Option<PathBuf>,
}

fn invalid(code: &'static str, message: &str) -> ClerkError {
    ClerkError { status: 422, code, message: message.into() }
}

impl Sessions {
    /// Sessions kept in `file` (loaded now if it exists), or in memory only.
    pub fn new(file: Option<PathBuf>) -> Result<Sessions, String> {
        let state = crate::files::read_or_default(file.as_deref())?;
        Ok(Sessions { state: Mutex::new(state), file })
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let out = f(&mut state);
        if let Some(file) = &self.file {
            let written = serde_json::to_string(&*state)
                .map_err(|e| e.to_string())
                .and_then(|text| crate::files::write_atomically(file, &text));
            if let Err(e) = written {
                eprintln!("dream-sim: could not save Clerk sessions: {e}");
            }
        }
        out
    }

    /// Starts a session for a signed-in user; answers its id.
    pub fn start(&self, instance: &str, user_id: &str) -> String {
        let id = format!("sess_{}", crate::stripe::random(24));
        let session = Session { instance: instance.into(), user_id: user_id.into(), active: true };
        self.with(|s| s.sessions.insert(id.clone(), session));
        id
    }

    /// The user of an active session of `instance`.
    pub fn user_of(&self, instance: &str, session_id: &str) -> Result<String, ClerkError> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.sessions.get(session_id).filter(|s| s.instance == instance && s.active).map(|s| s.user_id.clone()).ok_or(
            ClerkError { status: 404, code: "resource_not_found", message: "no active session with that id".into() },
        )
    }

    /// Ends a session (sign-out).
    pub fn end(&self, instance: &str, session_id: &str) -> Result<(), ClerkError> {
        self.user_of(instance, session_id)?;
        self.with(|s| s.sessions.get_mut(session_id).map(|sess| sess.active = false));
        Ok(())
    }

    /// `POST /v1/sign_in_tokens`: a ticket for `user_id`, as Clerk's SignInToken object.
    pub fn create_ticket(&self, base: &str, instance: &str, user_id: &str, expires_in_secs: i64, now_ms: i64) -> Value {
        let token = crate::stripe::random(48);
        let ticket = Ticket {
            id: format!("sit_{}", crate::stripe::random(24)),
            instance: instance.into(),
            user_id: user_id.into(),
            expires_at_ms: now_ms.saturating_add(expires_in_secs.saturating_mul(1000)),
            created_at_ms: now_ms,
            used: false,
        };
        let answer = json!({
            "object": "sign_in_token", "id": ticket.id, "user_id": user_id, "token": token,
            "status": "pending", "url": format!("{base}/sign-in?__clerk_ticket={token}"),
            "created_at": now_ms, "updated_at": now_ms
        });
        self.with(|s| {
            // Spent and expired tickets are kept a day for the error they give, then dropped.
            s.tickets.retain(|_, t| t.expires_at_ms.saturating_add(86_400_000) > now_ms);
            s.tickets.insert(token, ticket)
        });
        answer
    }

    /// Redeems a ticket once, before it expires: a new session of its user (id, user id).
    pub fn redeem(&self, instance: &str, token: &str, now_ms: i64) -> Result<(String, String), ClerkError> {
        let user_id = self.with(|s| {
            let t = s.tickets.get_mut(token).filter(|t| t.instance == instance).ok_or_else(|| {
                invalid("form_param_format_invalid", "the sign-in ticket is not valid for this instance")
            })?;
            if t.used {
                return Err(invalid("ticket_already_used", "this sign-in ticket has already been used"));
            }
            if t.expires_at_ms <= now_ms {
                return Err(invalid("ticket_expired", "this sign-in ticket has expired"));
            }
            t.used = true;
            Ok(t.user_id.clone())
        })?;
        Ok((self.start(instance, &user_id), user_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_redeemed_once_before_they_expire_and_sessions_end() {
        let s = Sessions::new(None).unwrap_or_else(|e| panic!("{e}"));
        let t = s.create_ticket("http://sim/clerk/endusers", "endusers", "user_1", 300, 1_000);
        let token = t["token"].as_str().unwrap_or_default().to_owned();
        assert!(s.redeem("other", &token, 2_000).is_err(), "another instance's ticket");
        let (sid, user) = s.redeem("endusers", &token, 2_000).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(user, "user_1");
        assert_eq!(s.redeem("endusers", &token, 2_000).map_err(|e| e.code), Err("ticket_already_used"));
        let late = s.create_ticket("http://sim/clerk/endusers", "endusers", "user_1", 300, 1_000);
        let late = late["token"].as_str().unwrap_or_default();
        assert_eq!(s.redeem("endusers", late, 301_000).map_err(|e| e.code), Err("ticket_expired"));
        assert_eq!(s.user_of("endusers", &sid).ok().as_deref(), Some("user_1"));
        assert!(s.end("endusers", &sid).is_ok());
        assert!(s.user_of("endusers", &sid).is_err());
    }
}
