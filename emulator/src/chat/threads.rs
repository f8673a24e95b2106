//! Threads: the `chat` argument of start/resume (access, properties, initial events), opening a
//! thread (routing an agent or queueing it) and deactivating one.

use crate::chat::events::{build_event, system_message};
use crate::chat::lookup::Actor;
use crate::chat::properties::update_properties;
use crate::chat::routing::route;
use crate::error::{ApiError, ApiResult};
use crate::state::{State, Thread, UserKind};
use crate::util::{group_ids, short_id, Args};
use serde_json::{json, Map, Value};

/// The validated `chat` argument of start_chat / resume_chat (both sides).
#[derive(Default)]
pub struct ChatInit {
    /// `chat.access.group_ids`, if given and not empty.
    pub access: Option<Vec<u64>>,
    pub properties: Map<String, Value>,
    pub thread_properties: Map<String, Value>,
    /// The thread's initial events, built (`id`/`created_at` come when appended).
    pub events: Vec<Value>,
}

/// Validates `chat.access` (groups of `license_id`), `chat.properties` and `chat.thread`.
pub fn chat_init(
    st: &State,
    license_id: u64,
    actor: Actor,
    chat_args: &Args,
) -> ApiResult<ChatInit> {
    let access = match chat_args.sub("access")? {
        Some(a) => match a.get("group_ids") {
            Some(ids) => {
                let ids = group_ids(ids, "chat.access.group_ids")?;
                for g in &ids {
                    if st.group_status(license_id, *g).is_none() {
                        return Err(ApiError::group_not_found());
                    }
                }
                (!ids.is_empty()).then_some(ids)
            }
            None => None,
        },
        None => None,
    };
    let properties = match chat_args.get("properties") {
        Some(p) => update_properties(st, Some(p), actor)?,
        None => Map::new(),
    };
    let (mut thread_properties, mut events) = (Map::new(), Vec::new());
    if let Some(t) = chat_args.sub("thread")? {
        if let Some(p) = t.get("properties") {
            thread_properties = update_properties(st, Some(p), actor)?;
        }
        if let Some(evs) = t.opt_array("events")? {
            for e in evs {
                events.push(build_event(st, e, actor)?);
            }
        }
    }
    Ok(ChatInit {
        access,
        properties,
        thread_properties,
        events,
    })
}

/// Opens a new thread on a chat (start or resume): routes an agent, queues when needed.
pub fn open_thread(
    st: &mut State,
    chat_id: &str,
    active: bool,
    queued: bool,
    properties: Map<String, Value>,
) -> usize {
    let now = st.now();
    let (license, group) = match st.chats.get(chat_id) {
        Some(c) => (c.license_id, c.access.first().copied().unwrap_or(0)),
        None => return 0,
    };
    let agent = if queued || !active {
        None
    } else {
        route(st, group)
    };
    let queue_pos = if queued {
        1 + st
            .chats
            .values()
            .filter(|c| {
                c.license_id == license && c.active_thread().is_some_and(|t| t.queue.is_some())
            })
            .count()
    } else {
        0
    };
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return 0;
    };
    if let Some(a) = &agent {
        chat.join(a, UserKind::Agent);
    }
    let user_ids = chat
        .users
        .iter()
        .filter(|u| u.present)
        .map(|u| u.id.clone())
        .collect();
    let queue = queued
        .then(|| json!({"position": queue_pos, "wait_time": 60 * queue_pos, "queued_at": now}));
    chat.threads.push(Thread {
        id: unique_thread_id(),
        created_at: now,
        active,
        user_ids,
        events: Vec::new(),
        properties,
        access: chat.access.clone(),
        queue,
        next_event: 0,
    });
    chat.threads.len() - 1
}

fn unique_thread_id() -> String {
    short_id()
}

/// Deactivates the chat's open thread with a system message, pushing `incoming_event` then `chat_deactivated`.
pub fn deactivate(
    st: &mut State,
    chat_id: &str,
    by: Option<Actor>,
    kind: &str,
    text: String,
    settle: Option<(u64, &Value)>,
) -> ApiResult<()> {
    let chat = st.chats.get(chat_id).ok_or_else(ApiError::chat_not_found)?;
    if !chat.is_active() {
        return Err(ApiError::chat_inactive());
    }
    let idx = chat.threads.len() - 1;
    let vars = match by {
        Some(a) => json!({"user": a.id()}),
        None => json!({}),
    };
    system_message(st, chat_id, kind, text, vars);
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return Err(ApiError::chat_not_found());
    };
    let t = &mut chat.threads[idx];
    t.active = false;
    t.queue = None;
    let tid = t.id.clone();
    let mut payload = json!({"chat_id": chat_id, "thread_id": tid});
    if let Some(a) = by {
        payload["user_id"] = json!(a.id());
    }
    st.push_to_chat(chat_id, "chat_deactivated", &payload, settle);
    Ok(())
}
