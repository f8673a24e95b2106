//! The LiveChat Customer SDK in pure Rust: the Customer Chat API v3.3 client with the behaviour of
//! `@livechat/customer-sdk` 3.0.0. No FFI here: the `livechat` crate exports this to Kotlin,
//! Swift, Python and React Native.

pub mod auth;
pub(crate) mod backoff;
pub mod client;
pub mod config;
pub mod dispatch;
pub(crate) mod engine;
pub mod error;
pub mod events;
pub mod fuzz;
pub mod history;
pub mod methods;
pub mod observe;
pub(crate) mod protocol;
pub mod reason;
pub mod runtime;
pub(crate) mod transport;
pub mod types;
pub mod upload;

pub use auth::{CookieTokenProvider, KeyValueStore, MemoryStore, Token, TokenProvider};
pub use client::Client;
pub use config::{Config, CustomerData, CustomerDataProvider, Page, Region};
pub use dispatch::{Listener, ListenerId};
pub use engine::state::{ClientState, Status};
pub use error::{Error, ErrorCode};
pub use events::Event;
pub use observe::{ConnectionState, Observation, StateObserver};
pub use reason::DisconnectReason;
