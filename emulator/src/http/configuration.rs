//! The five GET configuration actions of the customer Web API (license and group properties,
//! dynamic configuration, configuration with forms, localization): no token needed.

use crate::error::{ApiError, ApiResult};
use crate::http::wire::{check_region, reply, QueryMap};
use crate::shared::Shared;
use axum::extract::{Path, State as Ax};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub const GET_ACTIONS: &[&str] = &[
    "list_license_properties",
    "list_group_properties",
    "get_dynamic_configuration",
    "get_configuration",
    "get_localization",
];

pub async fn web_get_default(
    Ax(s): Ax<Arc<Shared>>,
    Path(action): Path<String>,
    q: QueryMap,
) -> Response {
    reply(get_action(&s, &action, &q))
}

pub async fn web_get_region(
    Ax(s): Ax<Arc<Shared>>,
    Path((region, action)): Path<(String, String)>,
    q: QueryMap,
) -> Response {
    reply(check_region(&region).and_then(|_| get_action(&s, &action, &q)))
}

/// The five GET configuration actions (no token needed).
pub fn get_action(s: &Arc<Shared>, action: &str, q: &HashMap<String, String>) -> ApiResult {
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
                .filter(|(k, _)| name.is_none_or(|x| x == *k))
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
