//! Tickets (`POST [/<region>]/v2/tickets/new`, the SDK's sendTicketForm): validated, stored, and
//! visible in the control API's `state`.

use crate::http::wire::{check_region, error_response, json_body, Body};
use crate::shared::Shared;
use crate::util::short_id;
use axum::body::Bytes;
use axum::extract::{Path, State as Ax};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;

pub async fn ticket(Ax(s): Ax<Arc<Shared>>, Body(body): Body) -> Response {
    new_ticket(&s, &body)
}

pub async fn ticket_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    Body(body): Body,
) -> Response {
    match check_region(&region) {
        Ok(_) => new_ticket(&s, &body),
        Err(e) => error_response(&e),
    }
}

fn new_ticket(s: &Arc<Shared>, body: &Bytes) -> Response {
    let req = match json_body(body) {
        Ok(v) => v,
        Err(e) => return error_response(&e),
    };
    if !req["requester"].is_object() || !req["licence_id"].is_u64() {
        let body = json!({"errors": [{"incorrect requester structure": ["requester and licence_id are required"]}]});
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let id = short_id();
    s.apply(|st| {
        let mut t = req.clone();
        t["id"] = json!(id);
        st.tickets.push(t);
    });
    Json(json!({"id": id})).into_response()
}
