//! The HTTP endpoints, one module per concern; `crate::routes` puts them on paths. Beside RTM
//! (`crate::rtm`) this is the transport layer: it authenticates, parses and answers, and leaves
//! what an action does to the domain modules.

pub mod access;
pub mod agent_api;
pub mod configuration;
pub mod control_api;
pub mod customer_web;
pub mod injected;
pub mod tickets;
pub mod token;
pub mod uploads;
pub mod wire;
