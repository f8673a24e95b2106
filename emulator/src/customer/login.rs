//! RTM `login`: the token, license, region, ban and limit checks, the connection's subscription to
//! pushes, the customer's first data and page, and the reply with their chats.

use crate::auth::{customer_token, not_banned, strip_bearer};
use crate::customer::profile::apply_customer_update;
use crate::error::{ApiError, ApiResult};
use crate::state::{visible_to_customer, Chat, State};
use crate::util::Args;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Instant;

/// `login` on a new connection; `None` when it is answered by a disconnect instead of a response
/// (wrong region, too many connections).
pub fn login(st: &mut State, conn_id: u64, payload: &Value) -> Option<ApiResult> {
    let r = login_inner(st, conn_id, payload);
    match r {
        Ok(Some(v)) => Some(Ok(v)),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

fn login_inner(st: &mut State, conn_id: u64, payload: &Value) -> ApiResult<Option<Value>> {
    let args = Args::new(payload)?;
    let (license_id, region) = {
        let conn = st
            .conns
            .get(&conn_id)
            .ok_or_else(|| ApiError::new("internal", "connection gone"))?;
        if conn.customer_id.is_some() {
            return Err(ApiError::validation("Already logged in"));
        }
        (conn.license_id, conn.region.clone())
    };
    let token = strip_bearer(args.str("token")?).to_string();
    let customer_id = customer_token(st, &token, license_id)?.customer_id.clone();
    let license = st
        .licenses
        .get(&license_id)
        .ok_or_else(|| ApiError::new("license_not_found", "License not found"))?;
    if license.expired {
        return Err(ApiError::new("license_expired", "License expired"));
    }
    if license.region != region {
        let right = license.region.clone();
        st.disconnect_conn(
            conn_id,
            "misdirected_connection",
            Some(json!({"region": right})),
        );
        return Ok(None);
    }
    not_banned(st, &customer_id)?;
    let group_id = args.opt_u64("group_id")?.unwrap_or(0);
    if st.group_status(license_id, group_id).is_none() {
        return Err(ApiError::group_not_found());
    }
    let was_online = st.is_online(&customer_id);
    if !was_online && st.online_at_least(license_id, st.cfg.limits.users) {
        return Err(ApiError::new("users_limit_reached", "Users limit reached"));
    }
    if st.live_conns(&customer_id).len() >= st.cfg.limits.connections_per_customer {
        st.disconnect_conn(conn_id, "too_many_connections", None);
        return Ok(None);
    }
    let pushes = match args.opt_obj("pushes")? {
        Some(p) => match p.get("3.3") {
            Some(Value::Array(names)) => {
                let set: HashSet<String> = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                (!set.contains("all")).then_some(set)
            }
            Some(_) => return Err(ApiError::wrong_type("pushes.3.3", "an array of push names")),
            None => Some(HashSet::new()),
        },
        None => None,
    };
    if let Some(c) = args.sub("customer")? {
        apply_customer_update(st, &customer_id, &c)?;
    }
    let page = match args.opt_obj("customer_page")? {
        Some(p) => {
            let mut p = Value::Object(p.clone());
            p["opened_at"] = json!(st.now());
            Some(p)
        }
        None => None,
    };
    let c = st
        .customers
        .get_mut(&customer_id)
        .ok_or_else(|| ApiError::authentication("Unknown customer"))?;
    if let Some(p) = page {
        c.page = Some(p);
        c.statistics.page_views_count += 1;
    }
    if !was_online {
        c.statistics.visits_count += 1;
    }
    c.last_activity = Instant::now();
    c.conns.push(conn_id);
    if let Some(conn) = st.conns.get_mut(&conn_id) {
        conn.customer_id = Some(customer_id.clone());
        conn.group_id = group_id;
        conn.token = Some(token);
        conn.pushes = pushes;
    }
    Ok(Some(login_response(st, &customer_id, license_id, group_id)))
}

/// The login reply: the customer, their chats (with unread flags), online groups, the greeting.
fn login_response(st: &State, customer_id: &str, license_id: u64, group_id: u64) -> Value {
    let mut chats: Vec<&Chat> = st
        .chats
        .values()
        .filter(|c| c.customer_id == customer_id && c.license_id == license_id)
        .collect();
    chats.sort_by(|a, b| a.id.cmp(&b.id));
    let chat_items: Vec<Value> = chats
        .iter()
        .map(|c| {
            let seen = c.user(customer_id).and_then(|u| u.seen_up_to.clone()).unwrap_or_default();
            let unread = c.threads.iter().flat_map(|t| &t.events).any(|e| {
                e["author_id"].as_str() != Some(customer_id)
                    && visible_to_customer(e, customer_id)
                    && e["created_at"].as_str().is_some_and(|t| t > seen.as_str())
            });
            json!({"chat_id": c.id, "has_unread_events": unread, "has_active_thread": c.is_active()})
        })
        .collect();
    let online: Vec<u64> = st
        .groups
        .iter()
        .filter(|((lic, _), g)| *lic == license_id && g.status != "offline")
        .map(|((_, id), _)| *id)
        .collect();
    let customer = st.customers.get(customer_id);
    let mut v = json!({
        "customer": customer.map(|c| c.render(true)).unwrap_or_default(),
        "has_active_thread": chats.iter().any(|c| c.is_active()),
        "chats": chat_items,
        "__priv_dynamic_config": {
            "online_groups_ids": online,
            "customer_groups": {"monitoring": {
                "id": group_id,
                "static_config_url": format!("/emulator/static_config/{license_id}/{group_id}"),
                "language_config_url": format!("/emulator/language_config/{license_id}/{group_id}"),
            }},
        },
    });
    if let Some(g) = customer.and_then(|c| c.greeting.as_ref()) {
        let mut p = g.payload.clone();
        p["accepted"] = json!(g.accepted);
        p["displayed_first_time"] = json!(false);
        v["greeting"] = p;
    }
    v
}
