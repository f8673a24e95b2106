//! LiveChat Customer SDK: a Rust implementation of `@livechat/customer-sdk` 3.0.0 over the
//! Customer Chat API v3.3.
//!
//! `core` is pure Rust and knows nothing of FFI; the UniFFI export layer sits on top of it.

pub mod core;
