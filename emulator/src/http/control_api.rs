//! The control API endpoint (`POST /emulator/<op>`, control bearer token): the operations are in
//! `crate::control`.

use crate::control;
use crate::http::access::require_control_token;
use crate::http::wire::{json_body, reply, Body};
use crate::shared::Shared;
use crate::util::Args;
use axum::extract::{Path, State as Ax};
use axum::http::HeaderMap;
use axum::response::Response;
use std::sync::Arc;

pub async fn control_op(
    Ax(s): Ax<Arc<Shared>>,
    Path(op): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(
        require_control_token(&s, &headers)
            .and_then(|()| json_body(&body))
            .and_then(|b| {
                let args = Args::new(&b)?;
                s.apply(|st| control::handle(st, &op, &args))
            }),
    )
}
