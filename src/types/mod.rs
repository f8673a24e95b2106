//! The SDK's data types as UniFFI records and enums (value types: nothing to close), with `From`
//! conversions to and from `core::types`. Names avoid the known host-language collisions: no
//! `Thread` (Foundation / java.lang), no enum variant named like a record, no `type` / `default`
//! fields (Swift keywords): `kind` and `standard` are used instead.

mod chat_events;
mod chats;
mod lookups;
mod users;

pub use chat_events::*;
pub use chats::*;
pub use lookups::*;
pub use users::*;
