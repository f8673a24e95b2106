//! A faithful local emulator of the LiveChat Customer Chat API v3.3 (RTM + Web API), the customer
//! token endpoint (cookie grant), an Agent Chat API Web subset and a control API, all on one port.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use livechat_emulator::{Emulator, EmulatorConfig};
//! let emu = Emulator::start(EmulatorConfig::default()).await?;
//! println!("{} {}", emu.url(), emu.region_url("fra"));
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
//! See `emulator/README.md` for URLs, the config file format and the control API.
//!
//! Modules, each importing only from the groups above it:
//! - foundations: `error`, `util`, `config`, `send_queue`, `frames`, `files`, `faults`;
//! - the state: `state`, then `auth` (credentials and token checks on it);
//! - the domain, on the state under its lock: `chat`, then `customer`, `agent`, `bot`, `control`;
//! - runtime: `shared` (the lock, `apply`, bot scheduling), `sweeper`;
//! - transport: `http`, `rtm`, `serve`;
//! - on top: `routes` (every path), `server` (`Emulator`).

mod agent;
mod auth;
mod bot;
mod chat;
pub mod config;
mod control;
mod customer;
pub mod error;
mod faults;
mod files;
mod frames;
mod http;
mod routes;
mod rtm;
mod send_queue;
mod serve;
mod server;
mod shared;
mod state;
mod sweeper;
mod util;

pub use config::{EmulatorConfig, Limits};
pub use error::ApiError;
pub use server::Emulator;
