//! The Agent Chat API endpoint (`POST [/<region>]/v3.3/agent/action/<action>`): bearer token to
//! agent (`X-Author-Id` may name a bot), injected faults, then the action in `crate::agent`.

use crate::agent;
use crate::auth::{agent_for_token, bearer};
use crate::error::{ApiError, ApiResult};
use crate::http::injected;
use crate::http::wire::{check_region, error_response, json_body, reply, Body};
use crate::shared::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State as Ax};
use axum::http::HeaderMap;
use axum::response::Response;
use std::sync::Arc;

pub async fn agent_default(
    Ax(s): Ax<Arc<Shared>>,
    Path(action): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(agent_action(&s, &action, &headers, &body).await)
}

pub async fn agent_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    match check_region(&region) {
        Ok(_) => reply(agent_action(&s, &action, &headers, &body).await),
        Err(e) => error_response(&e),
    }
}

async fn agent_action(
    s: &Arc<Shared>,
    action: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> ApiResult {
    let token = bearer(headers)
        .ok_or_else(|| ApiError::authentication("Authorization header is required"))?;
    let author = headers
        .get("x-author-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let agent_id = {
        let st = s.lock();
        let me = agent_for_token(&st, &s.credentials.agent_token, token)
            .ok_or_else(|| ApiError::authentication("Invalid access token"))?;
        match author {
            // X-Author-Id lets a token act as a bot agent (documented for bots).
            Some(a) if st.agent(&a).is_some_and(|x| x.cfg.is_bot) => a,
            Some(_) => {
                return Err(ApiError::new(
                    "authorization",
                    "X-Author-Id must name a bot agent",
                ))
            }
            None => me,
        }
    };
    let payload = json_body(body)?;
    injected::apply(s, &format!("agent/{action}")).await?;
    s.apply(|st| agent::handle(st, &agent_id, action, &payload))
}
