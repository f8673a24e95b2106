//! The emulator's integration tests, one binary (one link): every API against a running emulator.

mod support;

mod agent_api;
mod config_and_cli;
mod control_api;
mod core_flow;
mod customer_actions;
mod limits_regions;
mod resource_limits;
mod robustness;
mod security;
mod web_api;
