//! HTTP surface: router, customer token endpoint (cookie grant), customer Web API, uploads, files, tickets.

use crate::auth::{agent_for_token, bearer, customer_token, not_banned};
use crate::customer::{self, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::faults;
use crate::files::StoredFile;
use crate::shared::Shared;
use crate::state::{Customer, TokenInfo};
use crate::{access, agent, control, rtm};
use axum::body::Bytes;
use axum::extract::{
    DefaultBodyLimit, FromRequest, Path, Query, Request, State as Ax, WebSocketUpgrade,
};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

type Q = Query<HashMap<String, String>>;

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

/// Every route on one port. CORS differs by audience (see `access`); the `Host` check guards all.
pub fn router(shared: Arc<Shared>) -> Router {
    let upload_limit = DefaultBodyLimit::disable();
    let customer_api = Router::new()
        .route("/", get(index))
        .route("/v3.3/customer/rtm/ws", get(ws_default))
        .route("/{region}/v3.3/customer/rtm/ws", get(ws_region))
        .route(
            "/v3.3/customer/action/upload_file",
            post(upload_default).layer(upload_limit),
        )
        .route(
            "/{region}/v3.3/customer/action/upload_file",
            post(upload_region).layer(upload_limit),
        )
        .route(
            "/v3.3/customer/action/{action}",
            post(web_default).get(web_get_default),
        )
        .route(
            "/{region}/v3.3/customer/action/{action}",
            post(web_region).get(web_get_region),
        )
        .route("/v2/tickets/new", post(ticket))
        .route("/{region}/v2/tickets/new", post(ticket_region))
        .route("/files/{id}/{name}", get(file))
        .layer(from_fn(access::cors_without_cookies));
    let token_endpoint = Router::new()
        .route("/customer/token", post(token))
        .route("/v2/customer/token", post(token))
        .layer(from_fn(access::cors_with_cookies));
    // No CORS: a page on another origin must neither read nor drive the agent and control APIs.
    let agent_and_control = Router::new()
        .route("/v3.3/agent/action/{action}", post(agent_default))
        .route("/{region}/v3.3/agent/action/{action}", post(agent_region))
        .route("/emulator/{op}", post(control_op));
    Router::new()
        .merge(customer_api)
        .merge(token_endpoint)
        .merge(agent_and_control)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(2 << 20))
        .layer(from_fn_with_state(shared.clone(), access::check_host))
        .with_state(shared)
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

async fn index(Ax(s): Ax<Arc<Shared>>) -> Response {
    Json(json!({"name": "livechat-emulator", "api": "3.3", "url": s.base_url,
                "licenses": s.cfg.licenses.iter().map(|l| json!({"id": l.id, "region": l.region})).collect::<Vec<_>>()}))
    .into_response()
}

async fn not_found() -> Response {
    error_response(&ApiError::not_found("Endpoint"))
}

fn check_region(region: &str) -> ApiResult<String> {
    match region {
        "dal" | "fra" => Ok(region.to_string()),
        _ => Err(ApiError::not_found("Region")),
    }
}

async fn ws_default(Ax(s): Ax<Arc<Shared>>, q: Q, ws: WebSocketUpgrade) -> Response {
    rtm::upgrade(s, ws, "dal".into(), q.get("license_id").map(String::as_str))
}

async fn ws_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    q: Q,
    ws: WebSocketUpgrade,
) -> Response {
    match check_region(&region) {
        Ok(r) => rtm::upgrade(s, ws, r, q.get("license_id").map(String::as_str)),
        Err(e) => error_response(&e),
    }
}

// ---- token endpoint ----

fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| {
            kv.trim()
                .split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn oauth_error(status: StatusCode, kind: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"oauth_exception": kind, "exception_description": description})),
    )
        .into_response()
}

/// `POST /customer/token`: cookie grant (new customer, or the cookie's customer) and agent_token grant.
async fn token(Ax(s): Ax<Arc<Shared>>, headers: HeaderMap, Body(body): Body) -> Response {
    // The official client sends JSON with no Content-Type (text/plain): parse the body whatever its type.
    let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "body must be a JSON object",
        );
    };
    let grant = req.get("grant_type").and_then(Value::as_str).unwrap_or("");
    let license_id = match req.get("license_id") {
        None | Some(Value::Null) => s.cfg.licenses.first().map(|l| l.id).unwrap_or(0),
        Some(v) => match v
            .as_u64()
            .or_else(|| v.as_str().and_then(|x| x.parse().ok()))
        {
            Some(l) => l,
            None => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "license_id must be a number",
                )
            }
        },
    };
    let client_id = req
        .get("client_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let requested = req.get("expires_in").and_then(Value::as_u64);
    let jar = cookies(&headers);
    let bearer = bearer(&headers).map(str::to_string);
    #[allow(clippy::result_large_err)] // the error is the finished reply
    let outcome = s.apply(|st| {
        let Some(license) = st.licenses.get(&license_id) else {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "license not found",
            ));
        };
        let region = license.region.clone();
        let (customer_id, set_cookie) = match grant {
            "cookie" => {
                let known = jar
                    .get("__lc_cst")
                    .and_then(|secret| {
                        st.cookies
                            .get(secret)
                            .map(|cid| (secret.clone(), cid.clone()))
                    })
                    .filter(|(_, cid)| jar.get("__lc_cid") == Some(cid));
                match known {
                    Some((secret, cid)) => (cid.clone(), Some((cid, secret))),
                    None => {
                        let cid = crate::util::uuid_v4();
                        let secret = crate::util::secret(16);
                        st.cookies.insert(secret.clone(), cid.clone());
                        (cid.clone(), Some((cid, secret)))
                    }
                }
            }
            "agent_token" => {
                let ok = bearer
                    .as_deref()
                    .is_some_and(|b| agent_for_token(st, &s.credentials.agent_token, b).is_some());
                if !ok {
                    return Err(oauth_error(
                        StatusCode::UNAUTHORIZED,
                        "unauthorized_client",
                        "a valid agent bearer token is required",
                    ));
                }
                match req.get("entity_id").and_then(Value::as_str) {
                    Some(id) if st.customers.contains_key(id) => (id.to_string(), None),
                    Some(_) => {
                        return Err(oauth_error(
                            StatusCode::BAD_REQUEST,
                            "invalid_request",
                            "unknown entity_id",
                        ))
                    }
                    None => (crate::util::uuid_v4(), None),
                }
            }
            _ => {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    "grant_type must be cookie or agent_token",
                ))
            }
        };
        if !st.customers.contains_key(&customer_id) {
            let now = st.now();
            st.customers
                .insert(customer_id.clone(), Customer::new(customer_id.clone(), now));
        }
        let lifetime = requested
            .unwrap_or(st.token_lifetime_secs)
            .min(st.token_lifetime_secs.max(1));
        let access_token = format!("{region}:{}", crate::util::secret(16));
        st.tokens.insert(
            access_token.clone(),
            TokenInfo {
                customer_id: customer_id.clone(),
                license_id,
                expires_at: Instant::now() + Duration::from_secs(lifetime),
            },
        );
        Ok((access_token, customer_id, lifetime, set_cookie))
    });
    match outcome {
        Err(resp) => resp,
        Ok((access_token, entity_id, lifetime, set_cookie)) => {
            let body = json!({"access_token": access_token, "client_id": client_id, "entity_id": entity_id,
                              "expires_in": lifetime, "token_type": "Bearer", "license_id": license_id});
            let mut resp = Json(body).into_response();
            if let Some((cid, secret)) = set_cookie {
                for c in [format!("__lc_cid={cid}"), format!("__lc_cst={secret}")] {
                    let v = format!("{c}; Path=/; Max-Age=63072000; HttpOnly");
                    if let Ok(h) = HeaderValue::from_str(&v) {
                        resp.headers_mut().append(header::SET_COOKIE, h);
                    }
                }
            }
            resp
        }
    }
}

// ---- customer Web API ----

/// The customer behind a Web API request, after license, token and region checks.
struct WebCaller {
    customer_id: String,
    license_id: u64,
}

fn web_auth(
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

/// Applies the control-API `delay` and `fail` injections to `action`.
pub async fn injected(s: &Arc<Shared>, action: &str) -> ApiResult<()> {
    let delay = s.lock().faults.delay_ms(action);
    let timeout = s.cfg.limits.request_timeout_ms;
    if delay >= timeout {
        tokio::time::sleep(Duration::from_millis(timeout)).await;
        return Err(faults::request_timeout());
    }
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match s.lock().faults.take_failure(action) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

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

async fn web_default(
    Ax(s): Ax<Arc<Shared>>,
    Path(action): Path<String>,
    q: Q,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(web_action(&s, "dal", &action, &q, &headers, &body).await)
}

async fn web_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    q: Q,
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
    if GET_ACTIONS.contains(&action) {
        return get_action(s, action, q);
    }
    let caller = web_auth(s, region, q, headers)?;
    let payload = json_body(body)?;
    injected(s, action).await?;
    let args = crate::util::Args::new(&payload)?;
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

const GET_ACTIONS: &[&str] = &[
    "list_license_properties",
    "list_group_properties",
    "get_dynamic_configuration",
    "get_configuration",
    "get_localization",
];

async fn web_get_default(Ax(s): Ax<Arc<Shared>>, Path(action): Path<String>, q: Q) -> Response {
    reply(get_action(&s, &action, &q))
}

async fn web_get_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    q: Q,
) -> Response {
    reply(check_region(&region).and_then(|_| get_action(&s, &action, &q)))
}

/// The five GET configuration actions (no token needed).
fn get_action(s: &Arc<Shared>, action: &str, q: &HashMap<String, String>) -> ApiResult {
    let license_id: u64 = q
        .get("license_id")
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| ApiError::validation("license_id query parameter is required"))?;
    let num = |k: &str| -> ApiResult<Option<u64>> {
        q.get(k)
            .map(|v| v.parse().map_err(|_| ApiError::wrong_type(k, "a number")))
            .transpose()
    };
    let st = s.lock();
    let license = st
        .licenses
        .get(&license_id)
        .ok_or_else(|| ApiError::new("license_not_found", "License not found"))?;
    let filter = |props: &Value| -> Value {
        let ns = q.get("namespace");
        let name = q.get("name");
        let mut out = serde_json::Map::new();
        for (n, vals) in props.as_object().into_iter().flatten() {
            if ns.is_some_and(|x| x != n) {
                continue;
            }
            let vals: serde_json::Map<String, Value> = vals
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| name.map_or(true, |x| x == *k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            out.insert(n.clone(), Value::Object(vals));
        }
        Value::Object(out)
    };
    match action {
        "list_license_properties" => Ok(filter(&license.properties)),
        "list_group_properties" => {
            let gid = num("id")?.ok_or_else(|| ApiError::missing("id"))?;
            let g = st
                .groups
                .get(&(license_id, gid))
                .ok_or_else(ApiError::group_not_found)?;
            Ok(filter(&g.properties))
        }
        "get_dynamic_configuration" => {
            let gid = num("group_id")?.unwrap_or(0);
            st.group_status(license_id, gid)
                .ok_or_else(ApiError::group_not_found)?;
            let online: Vec<u64> = st
                .groups
                .iter()
                .filter(|((l, _), g)| *l == license_id && g.status != "offline")
                .map(|((_, id), _)| *id)
                .collect();
            let mut v = json!({"group_id": gid, "client_limit_exceeded": false, "domain_allowed": true,
                               "config_version": "1", "localization_version": "1", "language": "en"});
            if !online.is_empty() {
                v["online_group_ids"] = json!(online);
            }
            Ok(v)
        }
        "get_configuration" => {
            let gid = num("group_id")?.ok_or_else(|| ApiError::missing("group_id"))?;
            q.get("version")
                .ok_or_else(|| ApiError::missing("version"))?;
            let g = st
                .groups
                .get(&(license_id, gid))
                .ok_or_else(ApiError::group_not_found)?;
            let mut v = json!({"buttons": [], "integrations": {},
                               "properties": {"group": g.properties, "license": license.properties}});
            for f in st.cfg.forms.iter().filter(|f| f.group_id == gid) {
                let key = match f.kind.as_str() {
                    "prechat" => "prechat_form",
                    "ticket" => "ticket_form",
                    _ => continue,
                };
                v[key] = json!({"id": f.id, "fields": f.fields});
            }
            Ok(v)
        }
        "get_localization" => {
            let gid = num("group_id")?.ok_or_else(|| ApiError::missing("group_id"))?;
            q.get("language")
                .ok_or_else(|| ApiError::missing("language"))?;
            q.get("version")
                .ok_or_else(|| ApiError::missing("version"))?;
            st.group_status(license_id, gid)
                .ok_or_else(ApiError::group_not_found)?;
            Ok(
                json!({"Agents_not_available": "Our agents are not available at the moment.",
                      "Chat_with_us": "Chat with us", "Leave_a_message": "Leave a message"}),
            )
        }
        _ => Err(ApiError::not_found("Action")),
    }
}

// ---- upload_file ----

async fn upload_default(Ax(s): Ax<Arc<Shared>>, q: Q, req: Request) -> Response {
    reply(upload(&s, "dal", &q, req).await)
}

async fn upload_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    q: Q,
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

const EXECUTABLE_EXTENSIONS: &[&str] = &[
    "exe", "bat", "cmd", "com", "msi", "scr", "ps1", "vbs", "jar", "sh", "app", "dll",
];

async fn upload(
    s: &Arc<Shared>,
    region: &str,
    q: &HashMap<String, String>,
    req: Request,
) -> ApiResult {
    let headers = req.headers().clone();
    let caller = web_auth(s, region, q, &headers)?;
    let limit = s.cfg.limits.upload_bytes;
    let mut mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::validation(format!("multipart/form-data body expected: {e}")))?;
    let mut stored: Option<StoredFile> = None;
    let mut oversized = false;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(ApiError::validation(format!(
                    "malformed multipart body: {e}"
                )))
            }
        };
        let is_file = field.name() == Some("file") && stored.is_none();
        let name = field.file_name().unwrap_or("file").to_string();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let mut field = field;
        let mut buf: Vec<u8> = Vec::new();
        let mut total = 0usize;
        // Read to the end even when too large (up to 8x the limit), so the client gets the error
        // response instead of a reset while it is still sending.
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    total += chunk.len();
                    if total > limit * 8 {
                        return Err(too_large());
                    }
                    if is_file && total <= limit {
                        buf.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(ApiError::validation(format!(
                        "malformed multipart body: {e}"
                    )))
                }
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
    // Injected failures answer after the body is read, like the real checks: a reply sent while
    // the client is still writing reaches it as a reset instead of the error.
    injected(s, "upload_file").await?;
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
    let safe: String = file
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let key = format!("{}/{}", crate::util::short_id().to_lowercase(), safe);
    let url = format!("{}/files/{key}", s.base_url);
    s.apply(|st| {
        let _ = &caller.customer_id;
        st.files.insert(key, file);
    });
    Ok(json!({"url": url}))
}

async fn file(Ax(s): Ax<Arc<Shared>>, Path((id, name)): Path<(String, String)>) -> Response {
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

// ---- tickets (sendTicketForm) ----

async fn ticket(Ax(s): Ax<Arc<Shared>>, Body(body): Body) -> Response {
    ticket_inner(&s, &body)
}

async fn ticket_region(
    Ax(s): Ax<Arc<Shared>>,
    Path(region): Path<String>,
    Body(body): Body,
) -> Response {
    match check_region(&region) {
        Ok(_) => ticket_inner(&s, &body),
        Err(e) => error_response(&e),
    }
}

fn ticket_inner(s: &Arc<Shared>, body: &Bytes) -> Response {
    let req = match json_body(body) {
        Ok(v) => v,
        Err(e) => return error_response(&e),
    };
    if !req["requester"].is_object() || !req["licence_id"].is_u64() {
        let body = json!({"errors": [{"incorrect requester structure": ["requester and licence_id are required"]}]});
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let id = crate::util::short_id();
    s.apply(|st| {
        let mut t = req.clone();
        t["id"] = json!(id);
        st.tickets.push(t);
    });
    Json(json!({"id": id})).into_response()
}

// ---- agent and control APIs ----

async fn agent_default(
    Ax(s): Ax<Arc<Shared>>,
    Path(action): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(agent::handle_http(&s, &action, &headers, &body).await)
}

async fn agent_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    match check_region(&region) {
        Ok(_) => reply(agent::handle_http(&s, &action, &headers, &body).await),
        Err(e) => error_response(&e),
    }
}

async fn control_op(
    Ax(s): Ax<Arc<Shared>>,
    Path(op): Path<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    reply(
        access::require_control_token(&s, &headers)
            .and_then(|()| json_body(&body))
            .and_then(|b| control::handle(&s, &op, &b)),
    )
}
