//! LiveChat Customer SDK for Kotlin, Swift, Python and React Native: the UniFFI export layer over
//! [`livechat_core`], the pure-Rust SDK (Customer Chat API v3.3, the behaviour of
//! `@livechat/customer-sdk` 3.0.0).
//!
//! Thin by design: FFI records/enums where the host shape differs from the core's, blocking +
//! async twins over the core's runtime, foreign traits for host callbacks and plug-ins, a log
//! bridge. No business logic lives here. Free-form JSON (properties, custom event content,
//! `send_raw`) crosses as JSON text; see `json`.

uniffi::setup_scaffolding!("livechat");

/// The pure-Rust SDK this layer exports.
pub use livechat_core as core;

mod auth;
mod client;
mod config;
mod error;
mod events;
mod history;
mod host;
mod json;
mod listener;
mod logging;
mod runtime;
mod types;
mod upload;

pub use auth::{
    CustomerData, CustomerDataProvider, CustomerToken, KeyValueStore, SessionField, TokenProvider,
};
pub use client::{ChatClient, ChatClientBuilder, ConnectionStatus, InitialThread, SortOrder};
pub use config::ChatConfig;
pub use error::{ChatError, ErrorCode};
pub use events::{ChatEvent, TransferredTo, TypingIndicator};
pub use history::ChatHistory;
pub use host::prepare_for_exit;
pub use json::{JsonValue, Properties};
pub use listener::{ChatListener, ConnectionState, StateObserver, Subscription};
pub use logging::{clear_log_sink, set_log_level, set_log_sink, LogLevel, LogRecord, LogSink};
pub use types::*;
pub use upload::{UploadHandle, UploadProgressListener};
