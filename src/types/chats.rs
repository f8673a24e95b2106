//! Chats and threads, access and queues, list and history pages.

use std::collections::HashMap;

use crate::json::Properties;
use livechat_core::types as core;

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct Access {
    #[uniffi(default)]
    pub group_ids: Option<Vec<u32>>,
}

impl From<core::Access> for Access {
    fn from(a: core::Access) -> Self {
        Access {
            group_ids: a.group_ids,
        }
    }
}

impl From<Access> for core::Access {
    fn from(a: Access) -> Self {
        core::Access {
            group_ids: a.group_ids,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Queue {
    pub position: u64,
    /// Estimated wait in seconds.
    pub wait_time: u64,
    /// RFC 3339; absent in `queue_position_updated`.
    pub queued_at: Option<String>,
}

impl From<core::Queue> for Queue {
    fn from(q: core::Queue) -> Self {
        Queue {
            position: q.position,
            wait_time: q.wait_time,
            queued_at: q.queued_at,
        }
    }
}

/// A chat with one thread (`getChat`, `startChat`, `resumeChat`, `incoming_chat`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Chat {
    pub id: String,
    pub access: Access,
    pub users: Vec<User>,
    pub properties: Properties,
    /// User id -> RFC 3339 time up to which they have seen events (None: nothing seen).
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    pub thread: Option<ChatThread>,
}

impl From<core::Chat> for Chat {
    fn from(c: core::Chat) -> Self {
        Chat {
            id: c.id,
            access: c.access.into(),
            users: convert_all(c.users),
            properties: c.properties.into(),
            events_seen_up_to_map: c.events_seen_up_to_map,
            thread: c.thread.map(Into::into),
        }
    }
}

/// A thread of a chat (the docs' "thread").
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatThread {
    pub id: String,
    pub chat_id: String,
    pub active: bool,
    pub access: Access,
    /// RFC 3339.
    pub created_at: String,
    pub user_ids: Vec<String>,
    pub events: Vec<Event>,
    pub properties: Properties,
    pub previous_thread_id: Option<String>,
    pub next_thread_id: Option<String>,
    pub queue: Option<Queue>,
}

impl From<core::Thread> for ChatThread {
    fn from(t: core::Thread) -> Self {
        ChatThread {
            id: t.id,
            chat_id: t.chat_id,
            active: t.active,
            access: t.access.into(),
            created_at: t.created_at,
            user_ids: t.user_ids,
            events: convert_all(t.events),
            properties: t.properties.into(),
            previous_thread_id: t.previous_thread_id,
            next_thread_id: t.next_thread_id,
            queue: t.queue.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatSummary {
    pub id: String,
    pub active: bool,
    pub access: Access,
    pub properties: Properties,
    pub users: Vec<User>,
    pub last_thread_id: Option<String>,
    pub last_thread_created_at: Option<String>,
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    pub last_event: Option<Event>,
    /// Event type (`"message"`, ...) -> the chat's last event of that type.
    pub last_events_per_type: Option<HashMap<String, Event>>,
}

impl From<core::ChatSummary> for ChatSummary {
    fn from(s: core::ChatSummary) -> Self {
        ChatSummary {
            id: s.id,
            active: s.active,
            access: s.access.into(),
            properties: s.properties.into(),
            users: convert_all(s.users),
            last_thread_id: s.last_thread_id,
            last_thread_created_at: s.last_thread_created_at,
            events_seen_up_to_map: s.events_seen_up_to_map,
            last_event: s.last_event.map(Into::into),
            last_events_per_type: s
                .last_events_per_type
                .map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ListChatsResult {
    pub chats_summary: Vec<ChatSummary>,
    pub total_chats: u64,
    pub users: Vec<User>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

impl From<core::ListChatsResult> for ListChatsResult {
    fn from(r: core::ListChatsResult) -> Self {
        ListChatsResult {
            chats_summary: convert_all(r.chats_summary),
            total_chats: r.total_chats,
            users: convert_all(r.users),
            previous_page_id: r.previous_page_id,
            next_page_id: r.next_page_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ListThreadsResult {
    pub threads: Vec<ChatThread>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

impl From<core::ListThreadsResult> for ListThreadsResult {
    fn from(r: core::ListThreadsResult) -> Self {
        ListThreadsResult {
            threads: convert_all(r.threads),
            previous_page_id: r.previous_page_id,
            next_page_id: r.next_page_id,
        }
    }
}

/// One `ChatHistory.next()` result (the docs' `{done, value: {threads}}`, flattened).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HistoryPage {
    /// True on the last page with data and on every call after it.
    pub done: bool,
    /// Older threads, oldest first.
    pub threads: Vec<ChatThread>,
}

impl From<core::HistoryPage> for HistoryPage {
    fn from(p: core::HistoryPage) -> Self {
        HistoryPage {
            done: p.done,
            threads: convert_all(p.value.threads),
        }
    }
}
