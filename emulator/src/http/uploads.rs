//! File upload (`upload_file`, multipart) and download (`GET /files/<id>/<name>`) of the customer
//! Web API. The files live in `crate::files`.

use crate::error::{ApiError, ApiResult};
use crate::files::StoredFile;
use crate::http::customer_web::web_auth;
use crate::http::injected;
use crate::http::wire::{check_region, error_response, reply, QueryMap};
use crate::shared::Shared;
use crate::util::short_id;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State as Ax};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

const EXECUTABLE_EXTENSIONS: &[&str] = &[
    "exe", "bat", "cmd", "com", "msi", "scr", "ps1", "vbs", "jar", "sh", "app", "dll",
];

pub async fn upload_default(Ax(s): Ax<Arc<Shared>>, q: QueryMap, req: Request) -> Response {
    reply(upload(&s, "dal", &q, req).await)
}

pub async fn upload_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    q: QueryMap,
    req: Request,
) -> Response {
    let r = match check_region(&region) {
        Ok(region) => upload(&s, &region, &q, req).await,
        Err(e) => Err(e),
    };
    reply(r)
}

fn too_large() -> ApiError {
    ApiError::new("entity_too_large", "Upload limit exceeded (10MB).")
}

fn malformed(e: impl std::fmt::Display) -> ApiError {
    ApiError::validation(format!("malformed multipart body: {e}"))
}

async fn upload(
    s: &Arc<Shared>,
    region: &str,
    q: &HashMap<String, String>,
    req: Request,
) -> ApiResult {
    let headers = req.headers().clone();
    web_auth(s, region, q, &headers)?;
    let limit = s.cfg.limits.upload_bytes;
    let mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::validation(format!("multipart/form-data body expected: {e}")))?;
    let (stored, oversized) = read_file_field(mp, limit).await?;
    // Injected failures answer after the body is read, like the real checks: a reply sent while
    // the client is still writing reaches it as a reset instead of the error.
    injected::apply(s, "upload_file").await?;
    if oversized {
        return Err(too_large());
    }
    let file = stored.ok_or_else(|| ApiError::validation("multipart field `file` is required"))?;
    let ext = file
        .name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if EXECUTABLE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(ApiError::validation("Executable files are not allowed"));
    }
    let key = format!("{}/{}", short_id().to_lowercase(), safe_name(&file.name));
    let url = format!("{}/files/{key}", s.base_url);
    s.apply(|st| st.files.insert(key, file));
    Ok(json!({"url": url}))
}

/// Reads every part of the body; keeps the first `file` part (whether it was over `limit`).
/// Parts are read to the end even when too large (up to 8x the limit), so the client gets the error
/// response instead of a reset while it is still sending.
async fn read_file_field(mut mp: Multipart, limit: usize) -> ApiResult<(Option<StoredFile>, bool)> {
    let mut stored: Option<StoredFile> = None;
    let mut oversized = false;
    while let Some(mut field) = mp.next_field().await.map_err(malformed)? {
        let is_file = field.name() == Some("file") && stored.is_none();
        let name = field.file_name().unwrap_or("file").to_string();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let mut buf: Vec<u8> = Vec::new();
        let mut total = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            total += chunk.len();
            if total > limit * 8 {
                return Err(too_large());
            }
            if is_file && total <= limit {
                buf.extend_from_slice(&chunk);
            }
        }
        if is_file {
            if total > limit {
                oversized = true;
            }
            stored = Some(StoredFile {
                name,
                content_type,
                bytes: Bytes::from(buf),
            });
        }
    }
    Ok((stored, oversized))
}

/// The file name with every character but `[A-Za-z0-9._-]` replaced by `_`.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `GET /files/<id>/<name>`: an uploaded file that has not expired.
pub async fn file(Ax(s): Ax<Arc<Shared>>, Path((id, name)): Path<(String, String)>) -> Response {
    let key = format!("{id}/{name}");
    let found = s
        .lock()
        .files
        .get(&key)
        .map(|f| (f.content_type.clone(), f.bytes.clone()));
    match found {
        Some((ct, bytes)) => {
            let ct = HeaderValue::from_str(&ct)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            ([(header::CONTENT_TYPE, ct)], bytes).into_response()
        }
        None => error_response(&ApiError::not_found("File")),
    }
}
