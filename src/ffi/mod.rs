//! The UniFFI export layer: the host-facing surface of the SDK for Kotlin, Swift, Python and
//! React Native. Thin by design: FFI-friendly records/enums with `From` conversions from `core`
//! types, blocking + async twins over the core's runtime, foreign traits for host callbacks.
//! No business logic lives here.

mod client;
mod config;
mod error;
mod events;
mod listener;

pub use client::ChatClient;
pub use config::ChatConfig;
pub use error::ChatError;
pub use events::ChatEvent;
pub use listener::{ChatListener, Subscription};
