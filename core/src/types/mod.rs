//! The SDK's data shapes: what a host passes to methods and receives from them and from events.
//!
//! Field names are Rust snake_case; serde renders them as the camelCase JSON of the public docs
//! (`chatId`, `createdAt`, ...). Shapes follow what the reference client hands to its host
//! (`client-behavior.md` §4): timestamps stay RFC 3339 strings, properties stay raw JSON values.
//! Conversions from and to the wire live in `protocol`.

use std::collections::HashMap;

use serde_json::Value;

/// Properties: namespace -> property name -> JSON value (`{"routing": {"transcript_email": "..."}}`).
pub type Properties = HashMap<String, HashMap<String, Value>>;

/// Properties to delete: namespace -> property names (`{"routing": ["transcript_email"]}`).
pub type PropertyNames = HashMap<String, Vec<String>>;

/// Customer session fields: key -> value, strings only.
pub type SessionFields = HashMap<String, String>;

/// Group id -> availability, the result of `listGroupStatuses`.
pub type GroupStatuses = HashMap<u32, GroupStatus>;

mod chat_events;
mod chats;
mod new_events;
mod params;
mod results;
mod users;

pub use chat_events::*;
pub use chats::*;
pub use new_events::*;
pub use params::*;
pub use results::*;
pub use users::*;
