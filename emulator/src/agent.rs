//! Agent Chat API v3.3 Web subset (endpoint in `http::agent_api`): each action changes the state
//! and sends the customer pushes the real service would.

use crate::chat::events::{
    append_event, build_event, mark_all_seen, mark_seen_up_to, push_event, push_typing,
    system_message,
};
use crate::chat::lookup::{chat, get_chat, Actor};
use crate::chat::paging::{self, requested_chat_page, ChatPage};
use crate::chat::properties::{merge_properties, properties};
use crate::chat::routing::set_group_status;
use crate::chat::threads::{chat_init, deactivate, open_thread, ChatInit};
use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, ChatUser, State, UserKind};
use crate::util::{group_ids, short_id, Args};
use serde_json::{json, Map, Value};
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
        "deactivate_chat" => deactivate_chat(st, agent_id, &args),
        "transfer_chat" => transfer(st, agent_id, &args),
        "add_user_to_chat" => add_user(st, agent_id, &args),
        "remove_user_from_chat" => remove_user(st, agent_id, &args),
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => properties(st, me, action, &args),
        "send_typing_indicator" => send_typing_indicator(st, agent_id, &args),
        "mark_events_as_seen" => mark_events_as_seen(st, agent_id, &args),
        "ban_customer" => ban_customer(st, &args),
        "set_routing_status" => set_routing_status(st, agent_id, &args),
        "list_chats" => list_chats(st, agent_id, &args),
        "get_chat" => {
            let mut v = get_chat(st, &args, me, None)?;
            v["is_followed"] = json!(false);
            Ok(v)
        }
        "list_threads" => list_threads(st, agent_id, &args),
        "get_customer" => get_customer(st, &args),
        _ => Err(ApiError::not_found("Action")),
    }
}

pub fn list_chats(st: &State, agent_id: &str, args: &Args) -> ApiResult {
    let scope = format!("a:{agent_id}");
    let filters = args.sub("filters")?;
    if args.opt_str("page_id")?.is_some() && filters.is_some() {
        return Err(ApiError::validation(
            "filters cannot be combined with page_id",
        ));
    }
    let page = requested_chat_page(args, &scope, 100)?;
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
    let visible = st
        .chats
        .values()
        .filter(|c| chat(st, &c.id, me).is_ok())
        .filter(|c| include_active || !c.is_active())
        .filter(|c| include_empty || !c.threads.is_empty())
        .filter(|c| {
            groups
                .as_ref()
                .map_or(true, |g| c.access.iter().any(|x| g.contains(x)))
        });
    let found = ChatPage::new(visible, &page);
    let items: Vec<Value> = found
        .ids
        .iter()
        .filter_map(|id| st.chats.get(id))
        .map(|c| st.render_agent_summary(c))
        .collect();
    let mut v = json!({"chats_summary": items, "found_chats": found.total});
    found.add_page_ids(&mut v, &page, &scope);
    Ok(v)
}

pub fn list_threads(st: &State, agent_id: &str, args: &Args) -> ApiResult {
    let c = chat(st, args.str("chat_id")?, Actor::Agent(agent_id))?;
    paging::list_threads(st, c, args, None)
}

pub fn deactivate_chat(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let me = Actor::Agent(agent_id);
    let id = args.str("id")?;
    chat(st, id, me)?;
    let name = st.agent_name(agent_id);
    deactivate(
        st,
        id,
        Some(me),
        "manual_archived_agent",
        format!("{name} archived the chat"),
        None,
    )?;
    Ok(json!({}))
}

/// Agent `start_chat` (needs `chat.users` with the customer) and `resume_chat` (needs `chat.id`):
/// the agent joins the new thread and the customer gets `incoming_chat`.
pub fn start_or_resume(st: &mut State, agent_id: &str, resume: bool, args: &Args) -> ApiResult {
    let me = Actor::Agent(agent_id);
    let chat_args = args.sub("chat")?;
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?;
    let (chat_id, license) = if resume {
        let ca = chat_args
            .as_ref()
            .ok_or_else(|| ApiError::missing("chat"))?;
        let id = ca.str("id")?.to_string();
        let c = chat(st, &id, me)?;
        if c.is_active() {
            return Err(ApiError::new(
                "chat_already_active",
                "Chat is already active",
            ));
        }
        (id, c.license_id)
    } else {
        // Created before the rest of `chat` is checked: a failing check leaves the empty chat.
        create_chat(st, chat_args.as_ref())?
    };
    let init = match &chat_args {
        Some(ca) => chat_init(st, license, me, ca)?,
        None => ChatInit::default(),
    };
    if let Some(c) = st.chats.get_mut(&chat_id) {
        if let Some(a) = init.access {
            c.access = a;
        }
        merge_properties(&mut c.properties, &init.properties);
        if let Some(cont) = continuous {
            c.continuous = cont;
        }
    }
    // The requesting agent handles the thread itself (no routing, no queue).
    let idx = open_thread(st, &chat_id, false, false, init.thread_properties);
    if let Some(c) = st.chats.get_mut(&chat_id) {
        if let Some(t) = c.threads.get_mut(idx) {
            t.active = active;
            if !t.user_ids.iter().any(|u| u == agent_id) {
                t.user_ids.push(agent_id.to_string());
            }
        }
        c.join(agent_id, UserKind::Agent);
    }
    let mut event_ids = Vec::new();
    for e in init.events {
        event_ids.push(append_event(st, &chat_id, idx, e)["id"].clone());
    }
    mark_all_seen(st, &chat_id, agent_id);
    let tid = announce_new_thread(st, agent_id, &chat_id, idx, resume);
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

/// A new chat for the one customer in `chat.users`, in the license of the customer's token.
fn create_chat(st: &mut State, chat_args: Option<&Args>) -> ApiResult<(String, u64)> {
    let users = chat_args
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
    let id = short_id();
    let chat = Chat::new(id.clone(), license, customer_id, vec![0], Map::new(), false);
    st.chats.insert(id.clone(), chat);
    Ok((id, license))
}

/// Counts the new thread in the customer's statistics and pushes `incoming_chat`; returns the
/// thread id.
fn announce_new_thread(
    st: &mut State,
    agent_id: &str,
    chat_id: &str,
    idx: usize,
    resume: bool,
) -> String {
    let customer_id = st
        .chats
        .get(chat_id)
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
        .get(chat_id)
        .map(|c| st.render_chat(c, Some(idx), Some(&customer_id)))
        .unwrap_or_default();
    st.push_to_customer(
        &customer_id,
        "incoming_chat",
        &json!({"requester_id": agent_id, "chat": chat_json}),
        None,
    );
    st.chats
        .get(chat_id)
        .and_then(|c| c.threads.get(idx))
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

pub fn get_customer(st: &State, args: &Args) -> ApiResult {
    let id = args.str("customer_id")?;
    let c = st
        .customers
        .get(id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    let mut v = c.render(true);
    v["online"] = json!(st.is_online(id));
    Ok(v)
}

/// `ban_customer`: closes the customer's active chats and, for `days > 0`, disconnects them and
/// refuses them until the ban ends (`days: 0` lifts a ban).
pub fn ban_customer(st: &mut State, args: &Args) -> ApiResult {
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
        let _ = deactivate(
            st,
            &chat_id,
            None,
            "customer_banned",
            format!("Customer banned for {days} days"),
            None,
        );
    }
    if let Some(c) = st.customers.get_mut(&id) {
        c.banned_until = (days > 0).then(|| Instant::now() + Duration::from_secs(days * 86_400));
    }
    if days > 0 {
        st.disconnect_customer(&id, "customer_banned", None);
    }
    Ok(json!({}))
}

pub fn send_event(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let ev = args
        .get("event")
        .ok_or_else(|| ApiError::missing("event"))?;
    let attach = args.opt_bool("attach_to_last_thread")?.unwrap_or(false);
    let c = chat(st, id, Actor::Agent(agent_id))?;
    let event = build_event(st, ev, Actor::Agent(agent_id))?;
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
    let event = append_event(st, id, idx, event);
    mark_all_seen(st, id, agent_id);
    let tid = st.chats[id].threads[idx].id.clone();
    push_event(st, id, &tid, &event, None);
    Ok(json!({"event_id": event["id"]}))
}

pub fn send_typing_indicator(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let is_typing = args
        .opt_bool("is_typing")?
        .ok_or_else(|| ApiError::missing("is_typing"))?;
    let recipients = args.opt_str("recipients")?.unwrap_or("all");
    if recipients != "all" && recipients != "agents" {
        return Err(ApiError::validation("recipients must be `all` or `agents`"));
    }
    let c = chat(st, id, Actor::Agent(agent_id))?;
    if !c.is_active() {
        return Err(ApiError::chat_inactive());
    }
    // Customers see only typing meant for everyone.
    if recipients == "all" {
        push_typing(st, id, agent_id, is_typing);
    }
    Ok(json!({}))
}

pub fn mark_events_as_seen(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let seen = mark_seen_up_to(st, id, Actor::Agent(agent_id), args.str("seen_up_to")?)?;
    st.push_to_chat(
        id,
        "events_marked_as_seen",
        &json!({"user_id": agent_id, "chat_id": id, "seen_up_to": seen}),
        None,
    );
    Ok(json!({}))
}

/// An agent who is not in the chat joins it (absent) when writing, as documented.
pub fn ensure_member(st: &mut State, chat_id: &str, agent_id: &str, present: bool) {
    let Some(c) = st.chats.get_mut(chat_id) else {
        return;
    };
    if c.user(agent_id).is_some() {
        return;
    }
    c.users
        .push(ChatUser::new(agent_id, UserKind::Agent, present));
    if let Some(t) = c.threads.last_mut().filter(|t| t.active) {
        t.user_ids.push(agent_id.to_string());
    }
    let tid = c.active_thread().map(|t| t.id.clone());
    push_user_added(st, chat_id, agent_id, agent_id, tid.as_deref());
}

/// Pushes `user_added_to_chat` for member `user_id`.
fn push_user_added(
    st: &mut State,
    chat_id: &str,
    user_id: &str,
    requester_id: &str,
    thread_id: Option<&str>,
) {
    let user = st
        .chats
        .get(chat_id)
        .and_then(|c| c.user(user_id))
        .map(|u| st.render_chat_user(u))
        .unwrap_or_default();
    let mut p =
        json!({"chat_id": chat_id, "user": user, "reason": "manual", "requester_id": requester_id});
    if let Some(t) = thread_id {
        p["thread_id"] = json!(t);
    }
    st.push_to_chat(chat_id, "user_added_to_chat", &p, None);
}

/// Where `transfer_chat` sends the chat.
enum Target {
    Groups(Vec<u64>),
    Agents(Vec<String>),
}

/// `target` of `transfer_chat`; without one, the chat's own groups.
fn transfer_target(args: &Args, chat_access: &[u64]) -> ApiResult<Target> {
    let Some(t) = args.sub("target")? else {
        return Ok(Target::Groups(chat_access.to_vec()));
    };
    match t.str("type")? {
        "group" => {
            let ids = t
                .get("ids")
                .ok_or_else(|| ApiError::missing("target.ids"))?;
            Ok(Target::Groups(group_ids(ids, "target.ids")?))
        }
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
            Ok(Target::Agents(ids))
        }
        _ => Err(ApiError::validation(
            "target.type must be `group` or `agent`",
        )),
    }
}

/// `transfer_chat`: the present agents leave, the target agent (or one accepting agent of the
/// target groups) joins.
pub fn transfer(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("id")?;
    let force = args.opt_bool("force")?.unwrap_or(false);
    let c = chat(st, id, Actor::Agent(agent_id))?;
    if !c.is_active() {
        return Err(ApiError::chat_inactive());
    }
    let license = c.license_id;
    let target = transfer_target(args, &c.access)?;
    let new_agent = match &target {
        Target::Agents(ids) => {
            for a in ids {
                if st.agent(a).is_none() {
                    return Err(ApiError::not_found("Agent"));
                }
            }
            ids.first().cloned()
        }
        Target::Groups(groups) => {
            for g in groups {
                if st.group_status(license, *g).is_none() {
                    return Err(ApiError::group_not_found());
                }
            }
            let pick = st
                .agents
                .iter()
                .filter(|a| {
                    a.accepting()
                        && a.cfg.id != agent_id
                        && groups.iter().any(|g| a.cfg.groups.contains(g))
                })
                .min_by_key(|a| a.cfg.is_bot)
                .map(|a| a.cfg.id.clone());
            if pick.is_none() && !force {
                return Err(ApiError::validation(
                    "Cannot assign any agent from the requested groups",
                ));
            }
            pick
        }
    };
    let previous: Vec<String> = c
        .users
        .iter()
        .filter(|u| u.kind == UserKind::Agent && u.present && Some(&u.id) != new_agent.as_ref())
        .map(|u| u.id.clone())
        .collect();
    let tid = c.active_thread().map(|t| t.id.clone()).unwrap_or_default();
    if let (Some(c), Target::Groups(groups)) = (st.chats.get_mut(id), &target) {
        c.access = groups.clone();
        if let Some(t) = c.threads.last_mut() {
            t.access = groups.clone();
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
    let to = match &target {
        Target::Groups(groups) => json!({"group_ids": groups}),
        Target::Agents(ids) => json!({"agent_ids": ids}),
    };
    let payload = json!({"chat_id": id, "thread_id": tid, "requester_id": agent_id, "reason": "manual", "transferred_to": to});
    st.push_to_chat(id, "chat_transferred", &payload, None);
    let name = st.agent_name(agent_id);
    system_message(
        st,
        id,
        "chat_transferred",
        format!("{name} transferred the chat"),
        json!({"initiator": name}),
    );
    Ok(json!({}))
}

/// `add_user_to_chat`: an agent, or the chat's own customer, becomes a present member.
pub fn add_user(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let user_id = args.str("user_id")?;
    let kind = args.str("user_type")?;
    let require_active = args.opt_bool("require_active_thread")?.unwrap_or(false);
    let c = chat(st, id, Actor::Agent(agent_id))?;
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
        c.join(user_id, user_kind);
        if let Some(t) = c.threads.last_mut().filter(|t| t.active) {
            if !t.user_ids.iter().any(|u| u == user_id) {
                t.user_ids.push(user_id.to_string());
            }
        }
    }
    push_user_added(st, id, user_id, agent_id, tid.as_deref());
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
        system_message(
            st,
            id,
            kind_msg,
            text,
            json!({"agent": st.agent_name(user_id)}),
        );
    }
    Ok(json!({}))
}

/// `remove_user_from_chat` (agents only).
pub fn remove_user(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let id = args.str("chat_id")?;
    let user_id = args.str("user_id")?;
    if args.str("user_type")? != "agent" {
        return Err(ApiError::validation(
            "Only agents can be removed from a chat",
        ));
    }
    let c = chat(st, id, Actor::Agent(agent_id))?;
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
        system_message(st, id, k, text, json!({"agent": st.agent_name(user_id)}));
    }
    Ok(json!({}))
}

pub fn set_routing_status(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
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
            // A group is online while one of its agents accepts chats.
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
