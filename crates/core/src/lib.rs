//! dream-api's functional core: every rule about tenants, keys, tiers and metering lives here,
//! free of Cloudflare and of I/O. Workers and the dashboard share these types.

pub mod account;
pub mod api;
pub mod billing;
pub mod connection;
pub mod csv;
pub mod customer;
pub mod error;
pub mod hash;
pub mod html;
pub mod jwt;
pub mod keys;
pub mod kv_schema;
pub mod lease;
pub mod memory;
pub mod meter;
pub mod mode;
pub mod money;
pub mod objects;
pub mod once;
pub mod period;
pub mod person;
pub mod plans;
pub mod ports;
pub mod promotions;
pub mod rate_limit;
pub mod registration;
pub mod registry;
pub mod standard_webhooks;
pub mod store;
pub mod stripe_signature;
pub mod tiers;
pub mod url;
pub mod validate;
pub mod webhook_events;
pub mod webhooks;

pub use error::{ApiError, ErrorCode};
pub use mode::Mode;
