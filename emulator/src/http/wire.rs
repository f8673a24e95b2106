//! What every HTTP endpoint shares on the wire: the raw-body extractor, JSON request bodies, JSON
//! and error replies, the query map and the region path segment.

use crate::error::{ApiError, ApiResult};
use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The query string as a map.
pub type QueryMap = Query<HashMap<String, String>>;

/// The raw request body; a body over the 2 MiB limit (or unreadable) becomes a JSON error reply.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(Body(b)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(error_response(
                &ApiError::new("entity_too_large", "Request body too large"),
            )),
            Err(e) => Err(error_response(&ApiError::validation(format!(
                "Unreadable body: {e}"
            )))),
        }
    }
}

/// A JSON object body; an empty (or blank) body is `{}`.
pub fn json_body(body: &Bytes) -> ApiResult<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ApiError::validation("body must be a JSON object")),
        Err(_) => Err(ApiError::validation("Malformed JSON")),
    }
}

pub fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(e.body())).into_response()
}

pub fn reply(r: ApiResult) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => error_response(&e),
    }
}

/// The `/<region>` path prefix: `dal` or `fra`.
pub fn check_region(region: &str) -> ApiResult<String> {
    match region {
        "dal" | "fra" => Ok(region.to_string()),
        _ => Err(ApiError::not_found("Region")),
    }
}
