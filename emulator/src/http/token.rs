//! The customer token endpoint (`POST /customer/token`, `/v2/customer/token`): the cookie grant (a
//! new customer, or the one the identity cookies name) and the agent_token grant, OAuth-style errors.

use crate::auth::{agent_for_token, bearer};
use crate::http::wire::Body;
use crate::shared::Shared;
use crate::state::{Customer, State, TokenInfo};
use crate::util::{secret, uuid_v4};
use axum::extract::State as Ax;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `(customer id, secret)` of the identity cookies to set.
type IdentityCookies = Option<(String, String)>;

/// An issued access token.
struct Issued {
    access_token: String,
    entity_id: String,
    lifetime: u64,
    set_cookie: IdentityCookies,
}

/// `POST /customer/token`: cookie grant (new customer, or the cookie's customer) and agent_token grant.
pub async fn token(Ax(s): Ax<Arc<Shared>>, headers: HeaderMap, Body(body): Body) -> Response {
    // The official client sends JSON with no Content-Type (text/plain): parse the body whatever its type.
    let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(&body) else {
        return invalid_request("body must be a JSON object");
    };
    let grant = req.get("grant_type").and_then(Value::as_str).unwrap_or("");
    let license_id = match req.get("license_id") {
        None | Some(Value::Null) => s.cfg.licenses.first().map(|l| l.id).unwrap_or(0),
        Some(v) => match v
            .as_u64()
            .or_else(|| v.as_str().and_then(|x| x.parse().ok()))
        {
            Some(l) => l,
            None => return invalid_request("license_id must be a number"),
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
            return Err(invalid_request("license not found"));
        };
        let region = license.region.clone();
        let (customer_id, set_cookie) = match grant {
            "cookie" => cookie_grant(st, &jar),
            "agent_token" => {
                agent_token_grant(st, &s.credentials.agent_token, bearer.as_deref(), &req)?
            }
            _ => {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    "grant_type must be cookie or agent_token",
                ))
            }
        };
        Ok(issue(
            st,
            customer_id,
            license_id,
            &region,
            requested,
            set_cookie,
        ))
    });
    match outcome {
        Err(resp) => resp,
        Ok(issued) => {
            let body = json!({"access_token": issued.access_token, "client_id": client_id,
                              "entity_id": issued.entity_id, "expires_in": issued.lifetime,
                              "token_type": "Bearer", "license_id": license_id});
            let mut resp = Json(body).into_response();
            if let Some((cid, secret)) = issued.set_cookie {
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

/// The customer the identity cookies name (both must match), or a new one with new cookies.
fn cookie_grant(st: &mut State, jar: &HashMap<String, String>) -> (String, IdentityCookies) {
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
            let cid = uuid_v4();
            let secret = secret(16);
            st.cookies.insert(secret.clone(), cid.clone());
            (cid.clone(), Some((cid, secret)))
        }
    }
}

/// An agent acting as a customer: `entity_id` names a known customer, or a new one is made.
#[allow(clippy::result_large_err)] // the error is the finished reply
fn agent_token_grant(
    st: &State,
    agent_token: &str,
    bearer: Option<&str>,
    req: &Map<String, Value>,
) -> Result<(String, IdentityCookies), Response> {
    let ok = bearer.is_some_and(|b| agent_for_token(st, agent_token, b).is_some());
    if !ok {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized_client",
            "a valid agent bearer token is required",
        ));
    }
    match req.get("entity_id").and_then(Value::as_str) {
        Some(id) if st.customers.contains_key(id) => Ok((id.to_string(), None)),
        Some(_) => Err(invalid_request("unknown entity_id")),
        None => Ok((uuid_v4(), None)),
    }
}

/// Creates the customer if new and stores a token for it (at most the current token lifetime).
fn issue(
    st: &mut State,
    customer_id: String,
    license_id: u64,
    region: &str,
    requested: Option<u64>,
    set_cookie: IdentityCookies,
) -> Issued {
    if !st.customers.contains_key(&customer_id) {
        let now = st.now();
        st.customers
            .insert(customer_id.clone(), Customer::new(customer_id.clone(), now));
    }
    let lifetime = requested
        .unwrap_or(st.token_lifetime_secs)
        .min(st.token_lifetime_secs.max(1));
    let access_token = format!("{region}:{}", secret(16));
    st.tokens.insert(
        access_token.clone(),
        TokenInfo {
            customer_id: customer_id.clone(),
            license_id,
            expires_at: Instant::now() + Duration::from_secs(lifetime),
        },
    );
    Issued {
        access_token,
        entity_id: customer_id,
        lifetime,
        set_cookie,
    }
}

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

fn invalid_request(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn oauth_error(status: StatusCode, kind: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"oauth_exception": kind, "exception_description": description})),
    )
        .into_response()
}
