//! Agent Chat API v3.3 Web subset (endpoint in `http::agent_api`): each action changes the state
//! and sends the customer pushes the real service would.

use crate::chat::{self, Actor, Page};
use crate::customer;
use crate::error::{ApiError, ApiResult};
use crate::state::{ChatUser, State, UserKind};
use crate::util::{group_ids, normalize_time, Args};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Runs agent action `action` as `agent_id` (under the state lock).
pub fn handle(st: &mut State, agent_id: &str, action: &str, payload: &Value) -> ApiResult {
    let args = Args::new(payload)?;
    let me = Actor::Agent(agent_id);
    match action {
        "send_event" => send_event(st, agent_id, &args),
        "start_chat" | "resume_chat" => {
            start_or_resume(st, agent_id, action == "resume_chat", &args)
        }
        "deactivate_chat" => {
            let id = args.str("id")?;
            chat::chat(st, id, me)?;
            let name = st.agent_name(agent_id);
            chat::deactivate(
                st,
                id,
                Some(me),
                "manual_archived_agent",
                format!("{name} archived the chat"),
                None,
            )?;
            Ok(json!({}))
        }
        "transfer_chat" => transfer(st, agent_id, &args),
        "add_user_to_chat" => add_user(st, agent_id, &args),
        "remove_user_from_chat" => remove_user(st, agent_id, &args),
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => customer::properties(st, me, action, &args),
        "send_typing_indicator" => {
            let id = args.str("chat_id")?;
            let is_typing = args
                .opt_bool("is_typing")?
                .ok_or_else(|| ApiError::missing("is_typing"))?;
            let recipients = args.opt_str("recipients")?.unwrap_or("all");
            if recipients != "all" && recipients != "agents" {
                return Err(ApiError::validation("recipients must be `all` or `agents`"));
            }
            let c = chat::chat(st, id, me)?;
            if !c.is_active() {
                return Err(ApiError::chat_inactive());
            }
            if recipients == "all" {
                crate::bot::typing(st, id, agent_id, is_typing);
            }
            Ok(json!({}))
        }
        "mark_events_as_seen" => {
            let id = args.str("chat_id")?;
            let seen = normalize_time(args.str("seen_up_to")?)
                .ok_or_else(|| ApiError::validation("seen_up_to must be an RFC 3339 date-time"))?;
            let c = chat::chat_mut(st, id, me)?;
            if let Some(u) = c.user_mut(agent_id) {
                if u.seen_up_to.as_deref().map_or(true, |s| s < seen.as_str()) {
                    u.seen_up_to = Some(seen.clone());
                }
            }
            st.push_to_chat(
                id,
                "events_marked_as_seen",
                &json!({"user_id": agent_id, "chat_id": id, "seen_up_to": seen}),
                None,
            );
            Ok(json!({}))
        }
        "ban_customer" => {
            let id = args.str("id")?.to_string();
            let days = args
                .sub("ban")?
                .ok_or_else(|| ApiError::missing("ban"))?
                .u64("days")?;
            if !st.customers.contains_key(&id) {
                return Err(ApiError::not_found("Customer"));
            }
            let active: Vec<String> = st
                .chats
                .values()
                .filter(|c| c.customer_id == id && c.is_active())
                .map(|c| c.id.clone())
                .collect();
            for chat_id in active {
                let _ = chat::deactivate(
                    st,
                    &chat_id,
                    None,
                    "customer_banned",
                    format!("Customer banned for {days} days"),
                    None,
                );
            }
            if let Some(c) = st.customers.get_mut(&id) {
                c.banned_until =
                    (days > 0).then(|| Instant::now() + Duration::from_secs(days * 86_400));
            }
            if days > 0 {
                st.disconnect_customer(&id, "customer_banned", None);
            }
            Ok(json!({}))
        }
        "set_routing_status" => {
            let status = args.str("status")?;
            let target = args.opt_str("agent_id")?.unwrap_or(agent_id).to_string();
            let is_bot = st
                .agent(&target)
                .ok_or_else(|| ApiError::not_found("Agent"))?
                .cfg
                .is_bot;
            let ok = matches!(status, "accepting_chats" | "not_accepting_chats")
                || (is_bot && status == "offline");
            if !ok {
                return Err(ApiError::validation(
                    "status must be accepting_chats or not_accepting_chats (bots: offline)",
                ));
            }
            let groups = {
                let a = st
                    .agents
                    .iter_mut()
                    .find(|a| a.cfg.id == target)
                    .ok_or_else(|| ApiError::not_found("Agent"))?;
                a.routing_status = status.to_string();
                a.cfg.groups.clone()
            };
            for g in groups {
                let keys: Vec<(u64, u64)> = st
                    .groups
                    .keys()
                    .filter(|(_, id)| *id == g)
                    .copied()
                    .collect();
                for (lic, gid) in keys {
                    let any = st
                        .agents
                        .iter()
                        .any(|a| a.accepting() && a.cfg.groups.contains(&gid));
                    let new = if any { "online" } else { "offline" };
                    set_group_status(st, lic, gid, new);
                }
            }
            Ok(json!({}))
        }
        "list_chats" => list_chats(st, agent_id, &args),
        "get_chat" => {
            let c = chat::chat(st, args.str("chat_id")?, me)?;
            let idx = match args.opt_str("thread_id")? {
                Some(t) => Some(chat::thread_idx(c, t)?),
                None => c.threads.len().checked_sub(1),
            };
            let mut v = st.render_chat(c, idx, None);
            v["is_followed"] = json!(false);
            Ok(v)
        }
        "list_threads" => {
            let c = chat::chat(st, args.str("chat_id")?, me)?;
            chat::list_threads(st, c, &args, None)
        }
        "get_customer" => {
            let id = args.str("customer_id")?;
            let c = st
                .customers
                .get(id)
                .ok_or_else(|| ApiError::not_found("Customer"))?;
            let mut v = c.render(true);
            v["online"] = json!(st.is_online(id));
            Ok(v)
        }
        _ => Err(ApiError::not_found("Action")),
    }
}

/// Changes a group's status and tells the customers watching it (`incoming_multicast`, as up to v3.4).
pub fn set_group_status(st: &mut State, license_id: u64, group_id: u64, status: &str) -> bool {
    let Some(g) = st.groups.get_mut(&(license_id, group_id)) else {
        return false;
    };
    if g.status == status {
        return true;
    }
    g.status = status.to_string();
    let payload = json!({"type": "lc2", "content": {"name": "groups_update", "groups": [{"id": group_id, "status": status}]}});
    let watchers: Vec<String> = st
        .conns
        .values()
        .filter(|c| !c.closing && c.license_id == license_id && c.group_id == group_id)
        .filter_map(|c| c.customer_id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for cid in watchers {
        st.push_to_customer(&cid, "incoming_multicast", &payload, None);
    }
    true
}

/// An agent who is not in the chat joins it (absent) when writing, as documented.
fn ensure_member(st: &mut State, chat_id: &str, agent_id: &str, present: bool) {
    let Some(c) = st.chats.get_mut(chat_id) else {
        return;
    };
    if c.user(agent_id).is_some() {
        return;
    }
    c.users.push(ChatUser {
        id: agent_id.to_string(),
        kind: UserKind::Agent,
        present,
        seen_up_to: None,
    });
    if let Some(t) = c.threads.last_mut().filter(|t| t.active) {
        t.user_ids.push(agent_id.to_string());
    }
    let tid = c.active_thread().map(|t| t.id.clone());
    let user = st
        .chats
        .get(chat_id)
        .and_then(|c| c.user(agent_id))
        .map(|u| st.render_chat_user(u))
        .unwrap_or_default();
    let mut p =
        json!({"chat_id": chat_id, "user": user, "reason": "manual", "requester_id": agent_id});
    if let Some(t) = tid {
        p["thread_id"] = json!(t);
    }
    st.push_to_chat(chat_id, "user_added_to_chat", &p, None);
}

fn send_event(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let ev = args
        .get("event")
        .ok_or_else(|| ApiError::missing("event"))?;
    let attach = args.opt_bool("attach_to_last_thread")?.unwrap_or(false);
    let c = chat::chat(st, id, Actor::Agent(agent_id))?;
    let event = chat::build_event(st, ev, Actor::Agent(agent_id))?;
    let active = c.is_active();
    // Inactive chats accept only system messages, and only with attach_to_last_thread.
    let allowed = active || (attach && event["type"] == "system_message");
    if c.threads.is_empty() || !allowed {
        return Err(ApiError::chat_inactive());
    }
    let idx = c.threads.len() - 1;
    if active {
        ensure_member(st, id, agent_id, false);
    }
    let event = chat::append_event(st, id, idx, event);
    chat::mark_all_seen(st, id, agent_id);
    let tid = st.chats[id].threads[idx].id.clone();
    chat::push_event(st, id, &tid, &event, None);
    Ok(json!({"event_id": event["id"]}))
}

fn transfer(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("id")?;
    let force = args.opt_bool("force")?.unwrap_or(false);
    let c = chat::chat(st, id, Actor::Agent(agent_id))?;
    if !c.is_active() {
        return Err(ApiError::chat_inactive());
    }
    let license = c.license_id;
    let (kind, target_groups, target_agents): (String, Vec<u64>, Vec<String>) =
        match args.sub("target")? {
            None => ("group".into(), c.access.clone(), Vec::new()),
            Some(t) => match t.str("type")? {
                "group" => (
                    "group".into(),
                    group_ids(
                        t.get("ids")
                            .ok_or_else(|| ApiError::missing("target.ids"))?,
                        "target.ids",
                    )?,
                    Vec::new(),
                ),
                "agent" => {
                    let ids = t
                        .opt_array("ids")?
                        .ok_or_else(|| ApiError::missing("target.ids"))?;
                    let ids: Vec<String> = ids
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect();
                    if ids.is_empty() {
                        return Err(ApiError::validation("target.ids must list agent ids"));
                    }
                    ("agent".into(), Vec::new(), ids)
                }
                _ => {
                    return Err(ApiError::validation(
                        "target.type must be `group` or `agent`",
                    ))
                }
            },
        };
    for g in &target_groups {
        if st.group_status(license, *g).is_none() {
            return Err(ApiError::group_not_found());
        }
    }
    // Who takes over.
    let new_agent = if kind == "agent" {
        for a in &target_agents {
            if st.agent(a).is_none() {
                return Err(ApiError::not_found("Agent"));
            }
        }
        target_agents.first().cloned()
    } else {
        let pick = st
            .agents
            .iter()
            .filter(|a| {
                a.accepting()
                    && a.cfg.id != agent_id
                    && target_groups.iter().any(|g| a.cfg.groups.contains(g))
            })
            .min_by_key(|a| a.cfg.is_bot)
            .map(|a| a.cfg.id.clone());
        if pick.is_none() && !force {
            return Err(ApiError::validation(
                "Cannot assign any agent from the requested groups",
            ));
        }
        pick
    };
    let previous: Vec<String> = c
        .users
        .iter()
        .filter(|u| u.kind == UserKind::Agent && u.present && Some(&u.id) != new_agent.as_ref())
        .map(|u| u.id.clone())
        .collect();
    let tid = c.active_thread().map(|t| t.id.clone()).unwrap_or_default();
    if let Some(c) = st.chats.get_mut(id) {
        if kind == "group" {
            c.access = target_groups.clone();
            if let Some(t) = c.threads.last_mut() {
                t.access = target_groups.clone();
            }
        }
    }
    for p in &previous {
        if let Some(c) = st.chats.get_mut(id) {
            c.users.retain(|u| &u.id != p);
        }
        let payload = json!({"chat_id": id, "thread_id": tid, "user_id": p, "reason": "manual", "requester_id": agent_id});
        st.push_to_chat(id, "user_removed_from_chat", &payload, None);
    }
    if let Some(a) = &new_agent {
        ensure_member(st, id, a, true);
        if let Some(u) = st.chats.get_mut(id).and_then(|c| c.user_mut(a)) {
            u.present = true;
        }
    }
    let mut to = json!({});
    if kind == "group" {
        to["group_ids"] = json!(target_groups);
    } else {
        to["agent_ids"] = json!(target_agents);
    }
    let payload = json!({"chat_id": id, "thread_id": tid, "requester_id": agent_id, "reason": "manual", "transferred_to": to});
    st.push_to_chat(id, "chat_transferred", &payload, None);
    let name = st.agent_name(agent_id);
    chat::system_message(
        st,
        id,
        "chat_transferred",
        format!("{name} transferred the chat"),
        json!({"initiator": name}),
    );
    Ok(json!({}))
}

fn add_user(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let user_id = args.str("user_id")?;
    let kind = args.str("user_type")?;
    let require_active = args.opt_bool("require_active_thread")?.unwrap_or(false);
    let c = chat::chat(st, id, Actor::Agent(agent_id))?;
    if require_active && !c.is_active() {
        return Err(ApiError::chat_inactive());
    }
    match kind {
        "agent" => {
            st.agent(user_id)
                .ok_or_else(|| ApiError::not_found("Agent"))?;
        }
        "customer" => {
            if c.customer_id != user_id {
                return Err(ApiError::validation("A chat has exactly one customer"));
            }
        }
        _ => {
            return Err(ApiError::validation(
                "user_type must be `agent` or `customer`",
            ))
        }
    }
    if c.user(user_id).is_some_and(|u| u.present) {
        return Ok(json!({}));
    }
    let tid = c.active_thread().map(|t| t.id.clone());
    let user_kind = if kind == "agent" {
        UserKind::Agent
    } else {
        UserKind::Customer
    };
    if let Some(c) = st.chats.get_mut(id) {
        match c.user_mut(user_id) {
            Some(u) => u.present = true,
            None => c.users.push(ChatUser {
                id: user_id.to_string(),
                kind: user_kind,
                present: true,
                seen_up_to: None,
            }),
        }
        if let Some(t) = c.threads.last_mut().filter(|t| t.active) {
            if !t.user_ids.iter().any(|u| u == user_id) {
                t.user_ids.push(user_id.to_string());
            }
        }
    }
    let user = st
        .chats
        .get(id)
        .and_then(|c| c.user(user_id))
        .map(|u| st.render_chat_user(u))
        .unwrap_or_default();
    let mut p = json!({"chat_id": id, "user": user, "reason": "manual", "requester_id": agent_id});
    if let Some(t) = &tid {
        p["thread_id"] = json!(t);
    }
    st.push_to_chat(id, "user_added_to_chat", &p, None);
    if tid.is_some() {
        let (kind_msg, text) = if kind == "customer" {
            ("customer_added", "Customer added to the chat".to_string())
        } else if user_id == agent_id {
            (
                "agent_joined",
                format!("{} joined the chat", st.agent_name(user_id)),
            )
        } else {
            (
                "agent_added",
                format!(
                    "{} added {} to the chat",
                    st.agent_name(agent_id),
                    st.agent_name(user_id)
                ),
            )
        };
        chat::system_message(
            st,
            id,
            kind_msg,
            text,
            json!({"agent": st.agent_name(user_id)}),
        );
    }
    Ok(json!({}))
}

fn remove_user(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let user_id = args.str("user_id")?;
    if args.str("user_type")? != "agent" {
        return Err(ApiError::validation(
            "Only agents can be removed from a chat",
        ));
    }
    let c = chat::chat(st, id, Actor::Agent(agent_id))?;
    if c.user(user_id).is_none() {
        return Err(ApiError::validation("User is not a member of the chat"));
    }
    let tid = c.active_thread().map(|t| t.id.clone());
    if let Some(c) = st.chats.get_mut(id) {
        c.users.retain(|u| u.id != user_id);
        if let Some(t) = c.threads.last_mut().filter(|t| t.active) {
            t.user_ids.retain(|u| u != user_id);
        }
    }
    let mut p =
        json!({"chat_id": id, "user_id": user_id, "reason": "manual", "requester_id": agent_id});
    if let Some(t) = &tid {
        p["thread_id"] = json!(t);
    }
    st.push_to_chat(id, "user_removed_from_chat", &p, None);
    if tid.is_some() {
        let (k, text) = if user_id == agent_id {
            (
                "agent_left",
                format!("{} left the chat", st.agent_name(user_id)),
            )
        } else {
            (
                "agent_removed",
                format!(
                    "{} removed {} from the chat",
                    st.agent_name(agent_id),
                    st.agent_name(user_id)
                ),
            )
        };
        chat::system_message(st, id, k, text, json!({"agent": st.agent_name(user_id)}));
    }
    Ok(json!({}))
}

fn list_chats(st: &State, agent_id: &str, args: &Args) -> ApiResult {
    let scope = format!("a:{agent_id}");
    let filters = args.sub("filters")?;
    let page = match args.opt_str("page_id")? {
        Some(pid) => {
            if filters.is_some() {
                return Err(ApiError::validation(
                    "filters cannot be combined with page_id",
                ));
            }
            Page::decode(pid, &scope)?
        }
        None => {
            let limit = args.opt_u64("limit")?.unwrap_or(10);
            if !(1..=100).contains(&limit) {
                return Err(ApiError::validation("limit must be between 1 and 100"));
            }
            Page {
                offset: 0,
                limit: limit as usize,
                desc: chat::sort_order(args.opt_str("sort_order")?)?,
                min_events: 0,
            }
        }
    };
    let include_active = filters
        .as_ref()
        .map(|f| f.opt_bool("include_active"))
        .transpose()?
        .flatten()
        .unwrap_or(true);
    let include_empty = filters
        .as_ref()
        .map(|f| f.opt_bool("include_chats_without_threads"))
        .transpose()?
        .flatten()
        .unwrap_or(true);
    let groups = match filters.as_ref().and_then(|f| f.get("group_ids")) {
        Some(g) => Some(group_ids(g, "filters.group_ids")?),
        None => None,
    };
    let me = Actor::Agent(agent_id);
    let ids: Vec<(String, String)> = st
        .chats
        .values()
        .filter(|c| chat::chat(st, &c.id, me).is_ok())
        .filter(|c| include_active || !c.is_active())
        .filter(|c| include_empty || !c.threads.is_empty())
        .filter(|c| {
            groups
                .as_ref()
                .map_or(true, |g| c.access.iter().any(|x| g.contains(x)))
        })
        .map(|c| {
            (
                c.id.clone(),
                c.threads
                    .last()
                    .map(|t| t.created_at.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let total = ids.len();
    let (slice, next, prev) = chat::page_chats(ids, &page);
    let items: Vec<Value> = slice
        .iter()
        .filter_map(|id| st.chats.get(id))
        .map(|c| st.render_agent_summary(c))
        .collect();
    let mut v = json!({"chats_summary": items, "found_chats": total});
    if let Some(n) = next {
        v["next_page_id"] = json!(Page { offset: n, ..page }.encode(&scope));
    }
    if let Some(p) = prev {
        v["previous_page_id"] = json!(Page { offset: p, ..page }.encode(&scope));
    }
    Ok(v)
}

/// Agent `start_chat` (needs `chat.users` with the customer) and `resume_chat` (needs `chat.id`):
/// the agent joins the new thread and the customer gets `incoming_chat`.
fn start_or_resume(st: &mut State, agent_id: &str, resume: bool, args: &Args) -> ApiResult {
    let me = Actor::Agent(agent_id);
    let chat_args = args.sub("chat")?;
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?;
    let (chat_id, license) = if resume {
        let ca = chat_args
            .as_ref()
            .ok_or_else(|| ApiError::missing("chat"))?;
        let id = ca.str("id")?.to_string();
        let c = chat::chat(st, &id, me)?;
        if c.is_active() {
            return Err(ApiError::new(
                "chat_already_active",
                "Chat is already active",
            ));
        }
        (id, c.license_id)
    } else {
        let users = chat_args
            .as_ref()
            .and_then(|c| c.get("users"))
            .and_then(Value::as_array);
        let customers: Vec<&str> = users
            .into_iter()
            .flatten()
            .filter(|u| u["type"] == "customer")
            .filter_map(|u| u["id"].as_str())
            .collect();
        let [customer_id] = customers[..] else {
            return Err(ApiError::validation(
                "chat.users must list exactly one customer",
            ));
        };
        if !st.customers.contains_key(customer_id) {
            return Err(ApiError::not_found("Customer"));
        }
        let license = st
            .tokens
            .values()
            .find(|t| t.customer_id == customer_id)
            .map(|t| t.license_id)
            .or_else(|| st.cfg.licenses.first().map(|l| l.id))
            .unwrap_or(0);
        let owned = st
            .chats
            .values()
            .filter(|c| c.customer_id == customer_id)
            .count();
        if owned >= st.cfg.limits.chats_per_customer {
            return Err(ApiError::new("chat_limit_reached", "Chat limit reached"));
        }
        let id = crate::util::short_id();
        st.chats.insert(
            id.clone(),
            crate::state::Chat {
                id: id.clone(),
                license_id: license,
                customer_id: customer_id.to_string(),
                users: vec![ChatUser {
                    id: customer_id.to_string(),
                    kind: UserKind::Customer,
                    present: true,
                    seen_up_to: None,
                }],
                access: vec![0],
                properties: serde_json::Map::new(),
                threads: Vec::new(),
                continuous: false,
                sneak_peek: None,
            },
        );
        (id, license)
    };
    let mut thread_props = serde_json::Map::new();
    let mut events = Vec::new();
    if let Some(ca) = &chat_args {
        let access = match ca.sub("access")?.and_then(|a| a.get("group_ids")) {
            Some(g) => Some(group_ids(g, "chat.access.group_ids")?),
            None => None,
        };
        if let Some(a) = &access {
            for g in a {
                if st.group_status(license, *g).is_none() {
                    return Err(ApiError::group_not_found());
                }
            }
        }
        let props = match ca.get("properties") {
            Some(p) => Some(chat::update_properties(st, Some(p), me)?),
            None => None,
        };
        if let Some(t) = ca.sub("thread")? {
            if let Some(p) = t.get("properties") {
                thread_props = chat::update_properties(st, Some(p), me)?;
            }
            for e in t.opt_array("events")?.into_iter().flatten() {
                events.push(chat::build_event(st, e, me)?);
            }
        }
        if let Some(c) = st.chats.get_mut(&chat_id) {
            if let Some(a) = access.filter(|a| !a.is_empty()) {
                c.access = a;
            }
            if let Some(p) = props {
                chat::merge_properties(&mut c.properties, &p);
            }
            if let Some(cont) = continuous {
                c.continuous = cont;
            }
        }
    }
    // The requesting agent handles the thread itself (no routing, no queue).
    let idx = chat::open_thread(st, &chat_id, false, false, thread_props);
    if let Some(c) = st.chats.get_mut(&chat_id) {
        if let Some(t) = c.threads.get_mut(idx) {
            t.active = active;
            if !t.user_ids.iter().any(|u| u == agent_id) {
                t.user_ids.push(agent_id.to_string());
            }
        }
        match c.user_mut(agent_id) {
            Some(u) => u.present = true,
            None => c.users.push(ChatUser {
                id: agent_id.to_string(),
                kind: UserKind::Agent,
                present: true,
                seen_up_to: None,
            }),
        }
    }
    let mut event_ids = Vec::new();
    for e in events {
        event_ids.push(chat::append_event(st, &chat_id, idx, e)["id"].clone());
    }
    chat::mark_all_seen(st, &chat_id, agent_id);
    let customer_id = st
        .chats
        .get(&chat_id)
        .map(|c| c.customer_id.clone())
        .unwrap_or_default();
    if let Some(c) = st.customers.get_mut(&customer_id) {
        if !resume {
            c.statistics.chats_count += 1;
        }
        c.statistics.threads_count += 1;
    }
    let chat_json = st
        .chats
        .get(&chat_id)
        .map(|c| st.render_chat(c, Some(idx), Some(&customer_id)))
        .unwrap_or_default();
    st.push_to_customer(
        &customer_id,
        "incoming_chat",
        &json!({"requester_id": agent_id, "chat": chat_json}),
        None,
    );
    let tid = st
        .chats
        .get(&chat_id)
        .and_then(|c| c.threads.get(idx))
        .map(|t| t.id.clone())
        .unwrap_or_default();
    let mut v = if resume {
        json!({"thread_id": tid})
    } else {
        json!({"chat_id": chat_id, "thread_id": tid})
    };
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}
