//! The pure-Rust SDK. No FFI types live here.

pub(crate) mod convert;
pub mod error;
pub mod events;
pub(crate) mod pushes;
pub mod reason;
pub mod types;

pub use error::{Error, ErrorCode};
pub use events::Event;
pub use reason::DisconnectReason;
