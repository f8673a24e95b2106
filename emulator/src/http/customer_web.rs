//! The customer Web API (`POST [/<region>]/v3.3/customer/action/<action>?license_id=N`): the
//! customer actions of RTM over HTTP, plus the few that exist only here (`check_goals`,
//! `request_email_verification`).

use crate::auth::{bearer, customer_token, not_banned};
use crate::customer::{self, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::http::configuration;
use crate::http::injected;
use crate::http::wire::{check_region, json_body, reply, Body, QueryMap};
use crate::shared::Shared;
use crate::util::Args;
use axum::body::Bytes;
use axum::extract::{Path, State as Ax};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The customer behind a Web API request, after license, token and region checks.
pub struct WebCaller {
    pub customer_id: String,
    pub license_id: u64,
}

/// Checks the license, region (`X-Region` wins over the path), bearer token and ban of a request.
pub fn web_auth(
    s: &Shared,
    region: &str,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> ApiResult<WebCaller> {
    let license_id: u64 = q
        .get("license_id")
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| ApiError::validation("license_id query parameter is required"))?;
    let token = bearer(headers)
        .ok_or_else(|| ApiError::authentication("Authorization header is required"))?;
    let st = s.lock();
    let license = st
        .licenses
        .get(&license_id)
        .ok_or_else(|| ApiError::new("license_not_found", "License not found"))?;
    let header_region = headers.get("x-region").and_then(|v| v.to_str().ok());
    let region = header_region.unwrap_or(region);
    if license.region != region {
        return Err(ApiError::new("misdirected_request", "Wrong region")
            .with_data(json!({"region": license.region})));
    }
    let info = customer_token(&st, token, license_id)?;
    not_banned(&st, &info.customer_id)?;
    Ok(WebCaller {
        customer_id: info.customer_id.clone(),
        license_id,
    })
}

pub async fn web_default(
    Ax(s): Ax<Arc<Shared>>,
    Path(action): Path<String>,
    q: QueryMap,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(web_action(&s, "dal", &action, &q, &headers, &body).await)
}

pub async fn web_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    q: QueryMap,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    let r = match check_region(&region) {
        Ok(region) => web_action(&s, &region, &action, &q, &headers, &body).await,
        Err(e) => Err(e),
    };
    reply(r)
}

async fn web_action(
    s: &Arc<Shared>,
    region: &str,
    action: &str,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    body: &Bytes,
) -> ApiResult {
    if configuration::GET_ACTIONS.contains(&action) {
        return configuration::get_action(s, action, q);
    }
    let caller = web_auth(s, region, q, headers)?;
    let payload = json_body(body)?;
    injected::apply(s, action).await?;
    let args = Args::new(&payload)?;
    match action {
        "check_goals" => {
            args.opt_array("session_fields")?
                .ok_or_else(|| ApiError::missing("session_fields"))?;
            args.u64("group_id")?;
            args.str("page_url")?;
            Ok(json!({}))
        }
        "request_email_verification" => {
            let uri = args.str("callback_uri")?.to_string();
            s.apply(|st| {
                st.email_verifications
                    .push(json!({"customer_id": caller.customer_id, "callback_uri": uri}))
            });
            Ok(json!({}))
        }
        "update_customer_page" | "login" | "ping" => Err(ApiError::validation(format!(
            "`{action}` is available over RTM only"
        ))),
        a if customer::ACTIONS.contains(&a) => s.apply(|st| {
            let ctx = Ctx {
                customer_id: &caller.customer_id,
                license_id: caller.license_id,
                group_id: 0,
                conn: None,
                request_id: None,
            };
            customer::handle(st, &ctx, a, &payload)
        }),
        _ => Err(ApiError::not_found("Action")),
    }
}
