//! The SDK's integration tests, one binary (one link): the core engine against the in-process
//! emulator, and the exported API as a host app calls it.

mod support;

mod auth;
mod contract;
mod errors_engine;
mod events;
mod events_bad_input;
mod history;
mod lifecycle;
mod methods;
mod methods_errors;
mod reasons;
mod robustness;
mod upload;
