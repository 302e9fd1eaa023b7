//! Local stand-ins for the outside world: a Clerk that serves JWKS and mints RS256 session
//! tokens with Clerk's claim names. The workers verify them exactly as they verify Clerk's.

pub mod clerk;
pub mod server;
pub mod testkit;
