//! The UniFFI export layer: the host-facing surface of the SDK for Kotlin, Swift, Python and
//! React Native. Thin by design: FFI records/enums with `From` conversions from `core` types,
//! blocking + async twins over the core's runtime, foreign traits for host callbacks and
//! plug-ins, a log bridge. No business logic lives here.
//!
//! Free-form JSON (properties, custom event content, `send_raw`) crosses as JSON text; see `json`.

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
