//! Who may call what over HTTP. The emulator listens on a port that every web page the developer
//! opens can reach, so:
//! - `Host` must name this machine: a DNS-rebinding page (its name re-pointed at 127.0.0.1) is
//!   same-origin with itself, not with us, and its requests still carry its own name;
//! - CORS only where the official browser client needs it: the token endpoint with cookies (the
//!   cookie grant), the customer Web API without; never the agent and control APIs;
//! - the agent and control APIs take bearer tokens that are random unless configured.

use crate::auth::{bearer, same_secret};
use crate::error::ApiError;
use crate::http::wire::error_response;
use crate::shared::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

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
    match bearer(headers) {
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
