//! Chat membership by agents: joining when writing, transfers, adding and removing users, with the
//! pushes and system messages the customer sees.

use crate::chat::events::system_message;
use crate::chat::lookup::{chat, Actor};
use crate::error::{ApiError, ApiResult};
use crate::state::{ChatUser, State, UserKind};
use crate::util::{group_ids, Args};
use serde_json::{json, Value};

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
