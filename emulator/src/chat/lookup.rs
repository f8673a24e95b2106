//! Who acts, and finding the chat, thread or event an actor may touch: customers see only their
//! own chats; agents any chat of their groups (group 0 = everyone) or that they are a member of.

use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, State};
use crate::util::Args;
use serde_json::Value;

/// Who performs an action.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Actor<'a> {
    Customer(&'a str),
    Agent(&'a str),
}

impl<'a> Actor<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Actor::Customer(id) | Actor::Agent(id) => id,
        }
    }
}

/// The chat, if it exists and `actor` may see it (`not_found` otherwise, as for a missing chat).
pub fn chat<'s>(st: &'s State, chat_id: &str, actor: Actor) -> ApiResult<&'s Chat> {
    let chat = st.chats.get(chat_id).ok_or_else(ApiError::chat_not_found)?;
    check_access(st, chat, actor)?;
    Ok(chat)
}

pub fn chat_mut<'s>(st: &'s mut State, chat_id: &str, actor: Actor) -> ApiResult<&'s mut Chat> {
    chat(st, chat_id, actor)?;
    st.chats
        .get_mut(chat_id)
        .ok_or_else(ApiError::chat_not_found)
}

fn check_access(st: &State, chat: &Chat, actor: Actor) -> ApiResult<()> {
    match actor {
        Actor::Customer(id) if chat.customer_id == id => Ok(()),
        Actor::Customer(_) => Err(ApiError::chat_not_found()),
        Actor::Agent(id) => {
            let agent = st
                .agent(id)
                .ok_or_else(|| ApiError::new("authorization", "Unknown agent"))?;
            let ok = chat.access.contains(&0)
                || chat.access.iter().any(|g| agent.cfg.groups.contains(g))
                || chat.user(id).is_some();
            if ok {
                Ok(())
            } else {
                Err(ApiError::new(
                    "authorization",
                    "Agent has no access to this chat",
                ))
            }
        }
    }
}

/// Locates a thread by id within a chat.
pub fn thread_idx(chat: &Chat, thread_id: &str) -> ApiResult<usize> {
    chat.thread_index(thread_id)
        .ok_or_else(|| ApiError::not_found("Thread"))
}

/// Locates `(thread index, event index)`.
pub fn event_idx(chat: &Chat, thread_id: &str, event_id: &str) -> ApiResult<(usize, usize)> {
    let ti = thread_idx(chat, thread_id)?;
    let ei = chat.threads[ti]
        .events
        .iter()
        .position(|e| e["id"].as_str() == Some(event_id))
        .ok_or_else(|| ApiError::not_found("Event"))?;
    Ok((ti, ei))
}

/// `get_chat` of either side: the chat with its `thread_id` thread (default: the last one), as
/// `viewer` (a customer; `None`: an agent) sees it.
pub fn get_chat(st: &State, args: &Args, actor: Actor, viewer: Option<&str>) -> ApiResult<Value> {
    let c = chat(st, args.str("chat_id")?, actor)?;
    let idx = match args.opt_str("thread_id")? {
        Some(t) => Some(thread_idx(c, t)?),
        None => c.threads.len().checked_sub(1),
    };
    Ok(st.render_chat(c, idx, viewer))
}
