//! Credentials and identity checks every API shares: the agent and control bearer tokens (random
//! unless configured: the emulator's port is reachable from every web page the developer opens), the
//! `Host` names this emulator answers (DNS-rebinding protection), bearer headers, and the customer
//! access-token checks of RTM `login` and the Web API.

use crate::config::{EmulatorConfig, JANE_ID};
use crate::error::{ApiError, ApiResult};
use crate::state::{State, TokenInfo};
use axum::http::{header, HeaderMap};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// The bearer tokens of the default agent and of the control API.
pub struct Credentials {
    pub agent_token: String,
    pub control_token: String,
}

impl Credentials {
    /// The configured tokens, or fresh random ones.
    pub fn from_config(cfg: &EmulatorConfig) -> Credentials {
        let or_random = |t: &Option<String>| t.clone().unwrap_or_else(random_token);
        Credentials {
            agent_token: or_random(&cfg.agent_token),
            control_token: or_random(&cfg.control_token),
        }
    }
}

/// 128 bits from the OS generator, as hex.
fn random_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random generator is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `Host` header values this emulator answers.
pub struct HostPolicy {
    listen_host: String,
    /// Listening on every interface: any address of this machine is a legitimate `Host`. An IP
    /// literal cannot be rebound, so accepting them all is safe.
    any_address: bool,
    allowed: Vec<String>,
}

impl HostPolicy {
    pub fn new(cfg: &EmulatorConfig, bound: SocketAddr) -> HostPolicy {
        HostPolicy {
            listen_host: host_name(&cfg.listen).to_ascii_lowercase(),
            any_address: bound.ip().is_unspecified(),
            allowed: cfg
                .allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        }
    }

    pub fn allows(&self, host_header: &str) -> bool {
        let host = host_name(host_header).to_ascii_lowercase();
        let loopback_name = host == "localhost" || host.ends_with(".localhost");
        let address_ok = host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || self.any_address);
        loopback_name || address_ok || host == self.listen_host || self.allowed.contains(&host)
    }
}

/// `name` of `name`, `name:port`, `[v6]` or `[v6]:port`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The token of `Bearer <token>` (the scheme is optional and case-insensitive).
pub fn strip_bearer(token: &str) -> &str {
    let t = token.trim();
    match t.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => t[7..].trim(),
        _ => t,
    }
}

/// The bearer token of a request's `Authorization` header, if it has a readable one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(strip_bearer)
}

/// The agent a bearer token acts as: `default_token` (the emulator's agent token) is the first
/// human agent.
pub fn agent_for_token(st: &State, default_token: &str, token: &str) -> Option<String> {
    if let Some(a) = st.agents.iter().find(|a| {
        a.cfg
            .token
            .as_deref()
            .is_some_and(|t| same_secret(t, token))
    }) {
        return Some(a.cfg.id.clone());
    }
    if same_secret(token, default_token) {
        let human = st.agent(JANE_ID).filter(|a| !a.cfg.is_bot);
        return human
            .or_else(|| st.agents.iter().find(|a| !a.cfg.is_bot))
            .or_else(|| st.agents.first())
            .map(|a| a.cfg.id.clone());
    }
    None
}

/// A customer access token that is known, unexpired and issued for `license_id`.
pub fn customer_token<'s>(st: &'s State, token: &str, license_id: u64) -> ApiResult<&'s TokenInfo> {
    let info = st
        .tokens
        .get(token)
        .ok_or_else(|| ApiError::authentication("Invalid access token"))?;
    if info.expires_at <= Instant::now() {
        return Err(ApiError::authentication("Access token expired"));
    }
    if info.license_id != license_id {
        return Err(ApiError::authentication(
            "Access token issued for another license",
        ));
    }
    Ok(info)
}

/// Fails with `customer_banned` while the customer is banned.
pub fn not_banned(st: &State, customer_id: &str) -> ApiResult<()> {
    if st.customers.get(customer_id).is_some_and(|c| c.is_banned()) {
        return Err(ApiError::new("customer_banned", "Customer is banned"));
    }
    Ok(())
}
