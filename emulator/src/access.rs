//! Who may call what. The emulator listens on a port that every web page the developer opens can
//! reach, so:
//! - `Host` must name this machine: a DNS-rebinding page (its name re-pointed at 127.0.0.1) is
//!   same-origin with itself, not with us, and its requests still carry its own name;
//! - CORS only where the official browser client needs it: the token endpoint with cookies (the
//!   cookie grant), the customer Web API without; never the agent and control APIs;
//! - the agent and control APIs take bearer tokens that are random unless configured.

use crate::config::EmulatorConfig;
use crate::error::ApiError;
use crate::http::error_response;
use crate::rtm::strip_bearer;
use crate::server::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

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

/// Refuses requests whose `Host` is not this machine (403), before any routing.
pub async fn check_host(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if s.hosts.allows(host) {
        return next.run(req).await;
    }
    let msg = format!(
        "Host `{host}` is not allowed (DNS rebinding protection); use a loopback address or add it to `allowed_hosts`"
    );
    error_response(&ApiError::new("authorization", msg))
}

/// The control API requires `Authorization: Bearer <control token>`.
pub fn require_control_token(s: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(strip_bearer);
    match given {
        Some(t) if same_secret(t, &s.credentials.control_token) => Ok(()),
        _ => Err(ApiError::authentication(
            "The control API needs `Authorization: Bearer <control token>` (printed at start)",
        )),
    }
}

/// CORS for the token endpoint: the browser client sends the identity cookies (credentials
/// included), which needs the requesting origin echoed with `Allow-Credentials`.
pub async fn cors_with_cookies(req: Request, next: Next) -> Response {
    cors(req, next, true).await
}

/// CORS for the customer Web API, tickets and files: the browser client sends no cookies
/// (withCredentials false), so any origin may read, without credentials.
pub async fn cors_without_cookies(req: Request, next: Next) -> Response {
    cors(req, next, false).await
}

async fn cors(req: Request, next: Next, cookies: bool) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let mut resp = if req.method() == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let Some(origin) = origin else {
        return resp;
    };
    let h = resp.headers_mut();
    if cookies {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.append(header::VARY, HeaderValue::from_static("origin"));
    } else {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type, x-region, x-api-version"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    resp
}
