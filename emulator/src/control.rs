//! Control API operations (`POST /emulator/<op>`, endpoint in `http::control_api`): what no public
//! API covers, for tests and widget developers.

use crate::chat::routing::set_group_status;
use crate::customer::greetings::show_greeting;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Disconnect reasons a server may send (documented list plus the SDK-level ones tests want to reach).
pub const REASONS: &[&str] = &[
    "access_token_expired",
    "connection_evicted",
    "connection_timeout",
    "customer_banned",
    "customer_temporarily_blocked",
    "inactivity_timeout",
    "internal_error",
    "license_expired",
    "license_not_found",
    "misdirected_connection",
    "product_version_changed",
    "service_temporarily_unavailable",
    "too_many_connections",
    "too_many_unauthorized_connections",
    "unsupported_version",
    "users_limit_reached",
    "identity_mismatch",
    "connection_lost",
    "access_token_revoked",
    "logged_out_remotely",
];

/// Runs control operation `op` (under the state lock).
pub fn handle(st: &mut State, op: &str, args: &Args) -> ApiResult {
    match op {
        "greetings" | "greeting" => greeting(st, args),
        "queue" => queue_position(st, args),
        "disconnect" => disconnect(st, args),
        "group_status" => group_status(st, args),
        "fail" => inject_failure(st, args),
        "delay" => {
            let action = args.str("action")?.to_string();
            let ms = args.u64("ms")?;
            st.faults.set_delay(action, ms);
            Ok(json!({}))
        }
        "drop" => {
            let cid = customer(st, args)?;
            Ok(json!({"connections": st.drop_customer(&cid)}))
        }
        "token_lifetime" => {
            st.token_lifetime_secs = args.u64("seconds")?.max(1);
            Ok(json!({}))
        }
        "expire_token" => {
            let cid = customer(st, args)?;
            let now = Instant::now() - Duration::from_millis(1);
            for t in st.tokens.values_mut().filter(|t| t.customer_id == cid) {
                t.expires_at = now;
            }
            let n = st.disconnect_customer(&cid, "access_token_expired", None);
            Ok(json!({"connections": n}))
        }
        "bot" => {
            st.bot_enabled = args
                .opt_bool("enabled")?
                .ok_or_else(|| ApiError::missing("enabled"))?;
            Ok(json!({}))
        }
        "state" => Ok(snapshot(st)),
        "side_storage" => {
            let cid = customer(st, args)?;
            let storage = args
                .opt_obj("customer_side_storage")?
                .ok_or_else(|| ApiError::missing("customer_side_storage"))?;
            let p = json!({"customer_side_storage": storage});
            st.push_to_customer(&cid, "customer_side_storage_updated", &p, None);
            Ok(json!({}))
        }
        "multicast" => multicast(st, args),
        "reset" => {
            st.faults.clear();
            Ok(json!({}))
        }
        _ => Err(ApiError::not_found("Control operation")),
    }
}

fn customer(st: &State, args: &Args) -> ApiResult<String> {
    let cid = args.str("customer_id")?;
    if !st.customers.contains_key(cid) {
        return Err(ApiError::not_found("Customer"));
    }
    Ok(cid.to_string())
}

fn greeting(st: &mut State, args: &Args) -> ApiResult {
    let cid = customer(st, args)?;
    let group = args.opt_u64("group_id")?.unwrap_or(0);
    let fixture = st
        .cfg
        .greetings
        .iter()
        .find(|g| g.group_id == group)
        .cloned();
    let id = args
        .opt_u64("greeting_id")?
        .or(fixture.as_ref().map(|g| g.id))
        .unwrap_or(1);
    let agent = match args.opt_str("agent_id")? {
        Some(a) => a.to_string(),
        None => fixture
            .as_ref()
            .and_then(|g| g.agent_id.clone())
            .or_else(|| {
                st.agents
                    .iter()
                    .find(|a| !a.cfg.is_bot)
                    .map(|a| a.cfg.id.clone())
            })
            .ok_or_else(|| ApiError::not_found("Agent"))?,
    };
    let text = match args.opt_str("text")? {
        Some(t) => t.to_string(),
        None => fixture
            .as_ref()
            .map(|g| g.text.clone())
            .unwrap_or_else(|| "Hello! Can I help you?".into()),
    };
    let subtype = args
        .opt_str("subtype")?
        .map(str::to_string)
        .or(fixture.as_ref().and_then(|g| g.subtype.clone()));
    let addon = args
        .opt_str("addon")?
        .map(str::to_string)
        .or(fixture.as_ref().and_then(|g| g.addon.clone()));
    show_greeting(
        st,
        &cid,
        id,
        &agent,
        &text,
        subtype.as_deref(),
        addon.as_deref(),
    )
}

/// Customers, connections and chats, for tests and debugging.
fn snapshot(st: &State) -> Value {
    let mut customers: Vec<Value> = st
        .customers
        .values()
        .map(|c| {
            json!({"id": c.id, "created_at": c.created_at, "name": c.name, "email": c.email, "online": st.is_online(&c.id),
                   "connections": st.live_conns(&c.id).len(), "banned": c.is_banned(),
                   "session_fields": c.session_fields_json(), "page": c.page,
                   "greeting": c.greeting.as_ref().map(|g| json!({"id": g.id, "unique_id": g.unique_id, "accepted": g.accepted}))})
        })
        .collect();
    customers.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    let mut chats: Vec<Value> = st
        .chats
        .values()
        .map(|c| {
            json!({"id": c.id, "customer_id": c.customer_id, "active": c.is_active(), "access": {"group_ids": c.access},
                   "threads": c.threads.iter().map(|t| json!({"id": t.id, "active": t.active, "events": t.events.len()})).collect::<Vec<_>>(),
                   "users": st.render_users(c), "sneak_peek": c.sneak_peek})
        })
        .collect();
    chats.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    let groups: Vec<Value> = st
        .groups
        .iter()
        .map(|((lic, id), g)| json!({"license_id": lic, "id": id, "name": g.name, "status": g.status}))
        .collect();
    json!({
        "customers": customers,
        "connections": st.conns.values().filter(|c| !c.closing).count(),
        // Sockets still open, closing ones included (a closed one leaves at once).
        "sockets": st.conns.len(),
        "uploaded_bytes": st.files.total_bytes(),
        "logged_in_connections": st.conns.values().filter(|c| !c.closing && c.customer_id.is_some()).count(),
        "chats": chats,
        "groups": groups,
        "agents": st.agents.iter().map(|a| json!({"id": a.cfg.id, "routing_status": a.routing_status, "is_bot": a.cfg.is_bot})).collect::<Vec<_>>(),
        "bot": st.bot_enabled,
        "tickets": st.tickets,
        "email_verifications": st.email_verifications,
    })
}

/// Moves the chat's queued thread (`queue_position_updated`); `queued_at` stays.
fn queue_position(st: &mut State, args: &Args) -> ApiResult {
    let chat_id = args.str("chat_id")?;
    let position = args.u64("position")?;
    let wait = args.u64("wait_time")?;
    let now = st.now();
    let c = st
        .chats
        .get_mut(chat_id)
        .ok_or_else(ApiError::chat_not_found)?;
    let t = c
        .threads
        .last_mut()
        .filter(|t| t.active)
        .ok_or_else(ApiError::chat_inactive)?;
    let queued_at = t
        .queue
        .as_ref()
        .and_then(|q| q["queued_at"].as_str().map(str::to_string))
        .unwrap_or(now);
    t.queue = Some(json!({"position": position, "wait_time": wait, "queued_at": queued_at}));
    let tid = t.id.clone();
    let p = json!({"chat_id": chat_id, "thread_id": tid, "queue": {"position": position, "wait_time": wait}});
    st.push_to_chat(chat_id, "queue_position_updated", &p, None);
    Ok(json!({}))
}

/// Disconnects every connection of a customer with one of `REASONS`.
fn disconnect(st: &mut State, args: &Args) -> ApiResult {
    let cid = customer(st, args)?;
    let reason = args.str("reason")?;
    if !REASONS.contains(&reason) {
        return Err(ApiError::validation(format!(
            "unknown reason `{reason}`; one of {}",
            REASONS.join(", ")
        )));
    }
    let data = args.get("data").cloned();
    let n = st.disconnect_customer(&cid, reason, data);
    Ok(json!({"connections": n}))
}

/// Sets a group's status (default license: the first).
fn group_status(st: &mut State, args: &Args) -> ApiResult {
    let gid = args.u64("group_id")?;
    let status = args.str("status")?;
    if !["online", "offline", "online_for_queue"].contains(&status) {
        return Err(ApiError::validation(
            "status must be online, offline or online_for_queue",
        ));
    }
    let lic = match args.opt_u64("license_id")? {
        Some(l) => l,
        None => st.cfg.licenses.first().map(|l| l.id).unwrap_or(0),
    };
    if !set_group_status(st, lic, gid, status) {
        return Err(ApiError::group_not_found());
    }
    Ok(json!({}))
}

/// The next `count` (default 1) requests of `action` fail with `error`.
fn inject_failure(st: &mut State, args: &Args) -> ApiResult {
    let action = args.str("action")?.to_string();
    let count = args.opt_u64("count")?.unwrap_or(1);
    let e = args
        .sub("error")?
        .ok_or_else(|| ApiError::missing("error"))?;
    let err = ApiError::new(
        e.str("type")?,
        e.opt_str("message")?.unwrap_or("Injected failure"),
    );
    let err = match e.get("data") {
        Some(d) => err.with_data(d.clone()),
        None => err,
    };
    st.faults.set_failure(action, count, err);
    Ok(json!({}))
}

/// Pushes `incoming_multicast` to a customer.
fn multicast(st: &mut State, args: &Args) -> ApiResult {
    let cid = customer(st, args)?;
    let content = args
        .get("content")
        .cloned()
        .ok_or_else(|| ApiError::missing("content"))?;
    let mut p = json!({"content": content});
    if let Some(t) = args.opt_str("type")? {
        p["type"] = json!(t);
    }
    if let Some(a) = args.opt_str("author_id")? {
        p["author_id"] = json!(a);
    }
    st.push_to_customer(&cid, "incoming_multicast", &p, None);
    Ok(json!({}))
}
