//! Every route on the one port: paths to the HTTP endpoints and the RTM upgrade, with the CORS of
//! each audience (see `http::access`) and the `Host` check on all.

use crate::error::ApiError;
use crate::http::wire::{check_region, error_response, QueryMap};
use crate::http::{
    access, agent_api, configuration, control_api, customer_web, tickets, token, uploads,
};
use crate::rtm;
use crate::shared::Shared;
use axum::extract::{DefaultBodyLimit, Path, State as Ax, WebSocketUpgrade};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;

pub fn router(shared: Arc<Shared>) -> Router {
    let upload_limit = DefaultBodyLimit::disable();
    let customer_api = Router::new()
        .route("/", get(index))
        .route("/v3.3/customer/rtm/ws", get(ws_default))
        .route("/{region}/v3.3/customer/rtm/ws", get(ws_region))
        .route(
            "/v3.3/customer/action/upload_file",
            post(uploads::upload_default).layer(upload_limit),
        )
        .route(
            "/{region}/v3.3/customer/action/upload_file",
            post(uploads::upload_region).layer(upload_limit),
        )
        .route(
            "/v3.3/customer/action/{action}",
            post(customer_web::web_default).get(configuration::web_get_default),
        )
        .route(
            "/{region}/v3.3/customer/action/{action}",
            post(customer_web::web_region).get(configuration::web_get_region),
        )
        .route("/v2/tickets/new", post(tickets::ticket))
        .route("/{region}/v2/tickets/new", post(tickets::ticket_region))
        .route("/files/{id}/{name}", get(uploads::file))
        .layer(from_fn(access::cors_without_cookies));
    let token_endpoint = Router::new()
        .route("/customer/token", post(token::token))
        .route("/v2/customer/token", post(token::token))
        .layer(from_fn(access::cors_with_cookies));
    // No CORS: a page on another origin must neither read nor drive the agent and control APIs.
    let agent_and_control = Router::new()
        .route(
            "/v3.3/agent/action/{action}",
            post(agent_api::agent_default),
        )
        .route(
            "/{region}/v3.3/agent/action/{action}",
            post(agent_api::agent_region),
        )
        .route("/emulator/{op}", post(control_api::control_op));
    Router::new()
        .merge(customer_api)
        .merge(token_endpoint)
        .merge(agent_and_control)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(2 << 20))
        .layer(from_fn_with_state(shared.clone(), access::check_host))
        .with_state(shared)
}

async fn index(Ax(s): Ax<Arc<Shared>>) -> Response {
    Json(json!({"name": "livechat-emulator", "api": "3.3", "url": s.base_url,
                "licenses": s.cfg.licenses.iter().map(|l| json!({"id": l.id, "region": l.region})).collect::<Vec<_>>()}))
    .into_response()
}

async fn not_found() -> Response {
    error_response(&ApiError::not_found("Endpoint"))
}

async fn ws_default(Ax(s): Ax<Arc<Shared>>, q: QueryMap, ws: WebSocketUpgrade) -> Response {
    rtm::upgrade(s, ws, "dal".into(), q.get("license_id").map(String::as_str))
}

async fn ws_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    q: QueryMap,
    ws: WebSocketUpgrade,
) -> Response {
    match check_region(&region) {
        Ok(r) => rtm::upgrade(s, ws, r, q.get("license_id").map(String::as_str)),
        Err(e) => error_response(&e),
    }
}
