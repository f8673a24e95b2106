//! Chats and threads, access and queues, list and history pages.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::*;

/// Who may see a chat or thread.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<u32>>,
}

/// A queue position. `queued_at` is absent in `queue_position_updated`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queue {
    pub position: u64,
    /// Estimated wait, in seconds.
    pub wait_time: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<String>,
}

/// A chat with (at most) one thread: `getChat`, `incoming_chat`, `startChat`, `resumeChat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chat {
    pub id: String,
    pub access: Access,
    pub users: Vec<User>,
    pub properties: Properties,
    /// User id -> RFC 3339 time up to which that user has seen the events (None if never).
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    /// The requested (or latest) thread; None when the chat has none.
    pub thread: Option<Thread>,
}

/// The `{chat}` object of `incoming_chat`, `startChat` and `resumeChat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatEnvelope {
    pub chat: Chat,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub id: String,
    pub chat_id: String,
    pub active: bool,
    pub access: Access,
    /// RFC 3339.
    pub created_at: String,
    pub user_ids: Vec<String>,
    pub events: Vec<ChatEvent>,
    pub properties: Properties,
    pub previous_thread_id: Option<String>,
    pub next_thread_id: Option<String>,
    pub queue: Option<Queue>,
}

/// One entry of `listChats`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatSummary {
    pub id: String,
    pub active: bool,
    pub access: Access,
    pub properties: Properties,
    pub users: Vec<User>,
    pub last_thread_id: Option<String>,
    pub last_thread_created_at: Option<String>,
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    /// The most recent event of the chat, if known and of a supported type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event: Option<ChatEvent>,
    /// Event type -> the most recent event of that type (supported types only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_events_per_type: Option<HashMap<String, ChatEvent>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListChatsResult {
    pub chats_summary: Vec<ChatSummary>,
    pub total_chats: u64,
    /// Every distinct user of the summaries.
    pub users: Vec<User>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListThreadsResult {
    pub threads: Vec<Thread>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

/// One step of a `getChatHistory` iterator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryPage {
    /// True when nothing older is left to load.
    pub done: bool,
    pub value: HistoryValue,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryValue {
    /// Threads of this step, oldest first (empty once the history was fully loaded).
    pub threads: Vec<Thread>,
}
