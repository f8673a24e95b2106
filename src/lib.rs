//! LiveChat Customer SDK: a Rust implementation of `@livechat/customer-sdk` 3.0.0 over the
//! Customer Chat API v3.3.
//!
//! `core` is pure Rust and knows nothing of FFI; the UniFFI export layer sits on top of it.

// FFI: the UniFFI scaffolding for the `livechat` namespace, and the export layer (`src/ffi/`).
uniffi::setup_scaffolding!("livechat");

pub mod core;
pub mod ffi;
