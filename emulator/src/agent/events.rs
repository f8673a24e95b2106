//! The agent's events: sending one (joining the chat if needed), typing indicators, seen markers.

use crate::agent::members::ensure_member;
use crate::chat::events::{
    append_event, build_event, mark_all_seen, mark_seen_up_to, push_event, push_typing,
};
use crate::chat::lookup::{chat, Actor};
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::json;

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
