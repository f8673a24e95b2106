//! The things the state is made of: connections, customers, tokens, agents, groups, chats with
//! their users and threads.

use crate::config::AgentConfig;
use crate::send_queue;
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

pub struct Conn {
    pub tx: send_queue::Sender,
    pub license_id: u64,
    pub region: String,
    pub customer_id: Option<String>,
    pub opened_at: Instant,
    pub last_ping: Instant,
    /// Milliseconds since the emulator started at the last incoming frame (pongs included).
    pub last_rx: Arc<AtomicU64>,
    pub group_id: u64,
    pub token: Option<String>,
    /// Push names this connection subscribed to (`None` = all).
    pub pushes: Option<HashSet<String>>,
    /// Set once a disconnect was decided; excluded from pushes and counts.
    pub closing: bool,
}

#[derive(Default, Clone)]
pub struct Statistics {
    pub chats_count: u64,
    pub threads_count: u64,
    pub visits_count: u64,
    pub page_views_count: u64,
    pub greetings_shown_count: u64,
    pub greetings_accepted_count: u64,
}

pub struct Greeting {
    pub id: u64,
    pub unique_id: String,
    pub accepted: bool,
    pub payload: Value,
}

pub struct Customer {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub avatar: Option<String>,
    pub session_fields: Vec<(String, String)>,
    pub page: Option<Value>,
    pub statistics: Statistics,
    pub last_activity: Instant,
    pub banned_until: Option<Instant>,
    pub greeting: Option<Greeting>,
    pub conns: Vec<u64>,
    pub created_at: String,
}

impl Customer {
    pub fn new(id: String, created_at: String) -> Self {
        Customer {
            id,
            name: None,
            email: None,
            avatar: None,
            session_fields: Vec::new(),
            page: None,
            statistics: Statistics::default(),
            last_activity: Instant::now(),
            banned_until: None,
            greeting: None,
            conns: Vec::new(),
            created_at,
        }
    }

    pub fn is_banned(&self) -> bool {
        self.banned_until.is_some_and(|t| t > Instant::now())
    }

    pub fn session_fields_json(&self) -> Value {
        Value::Array(
            self.session_fields
                .iter()
                .map(|(k, v)| json!({ k.clone(): v }))
                .collect(),
        )
    }

    /// The customer object (without chat-specific fields).
    pub fn render(&self, with_statistics: bool) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("type".into(), json!("customer"));
        if let Some(v) = &self.name {
            m.insert("name".into(), json!(v));
        }
        if let Some(v) = &self.email {
            m.insert("email".into(), json!(v));
        }
        if let Some(v) = &self.avatar {
            m.insert("avatar".into(), json!(v));
        }
        if !self.session_fields.is_empty() {
            m.insert("session_fields".into(), self.session_fields_json());
        }
        if with_statistics {
            let s = &self.statistics;
            m.insert(
                "statistics".into(),
                json!({
                    "chats_count": s.chats_count, "threads_count": s.threads_count,
                    "visits_count": s.visits_count, "page_views_count": s.page_views_count,
                    "greetings_shown_count": s.greetings_shown_count,
                    "greetings_accepted_count": s.greetings_accepted_count,
                }),
            );
        }
        Value::Object(m)
    }
}

pub struct TokenInfo {
    pub customer_id: String,
    pub license_id: u64,
    pub expires_at: Instant,
}

pub struct Agent {
    pub cfg: AgentConfig,
    pub routing_status: String,
}

impl Agent {
    pub fn render(&self) -> Value {
        json!({ "id": self.cfg.id, "type": "agent", "name": self.cfg.name,
                "avatar": self.cfg.avatar, "job_title": self.cfg.job_title })
    }

    pub fn render_with_bot_flag(&self) -> Value {
        let mut v = self.render();
        v["is_bot"] = json!(self.cfg.is_bot);
        v
    }

    pub fn accepting(&self) -> bool {
        self.routing_status == "accepting_chats"
    }
}

pub struct Group {
    pub name: String,
    pub status: String,
    pub properties: Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UserKind {
    Customer,
    Agent,
}

pub struct ChatUser {
    pub id: String,
    pub kind: UserKind,
    pub present: bool,
    pub seen_up_to: Option<String>,
}

impl ChatUser {
    /// A member who has seen nothing yet.
    pub fn new(id: &str, kind: UserKind, present: bool) -> ChatUser {
        ChatUser {
            id: id.to_string(),
            kind,
            present,
            seen_up_to: None,
        }
    }
}

pub struct Thread {
    pub id: String,
    pub created_at: String,
    pub active: bool,
    pub user_ids: Vec<String>,
    pub events: Vec<Value>,
    pub properties: Map<String, Value>,
    pub access: Vec<u64>,
    pub queue: Option<Value>,
    pub next_event: u64,
}

pub struct Chat {
    pub id: String,
    pub license_id: u64,
    pub customer_id: String,
    pub users: Vec<ChatUser>,
    pub access: Vec<u64>,
    pub properties: Map<String, Value>,
    pub threads: Vec<Thread>,
    pub continuous: bool,
    pub sneak_peek: Option<String>,
}

impl Chat {
    /// A chat without threads whose one member is its (present) customer.
    pub fn new(
        id: String,
        license_id: u64,
        customer_id: &str,
        access: Vec<u64>,
        properties: Map<String, Value>,
        continuous: bool,
    ) -> Chat {
        Chat {
            id,
            license_id,
            customer_id: customer_id.to_string(),
            users: vec![ChatUser::new(customer_id, UserKind::Customer, true)],
            access,
            properties,
            threads: Vec::new(),
            continuous,
            sneak_peek: None,
        }
    }

    /// Marks `id` present, adding it as a member of `kind` if it is not one.
    pub fn join(&mut self, id: &str, kind: UserKind) {
        match self.user_mut(id) {
            Some(u) => u.present = true,
            None => self.users.push(ChatUser::new(id, kind, true)),
        }
    }

    pub fn active_thread(&self) -> Option<&Thread> {
        self.threads.last().filter(|t| t.active)
    }

    pub fn is_active(&self) -> bool {
        self.active_thread().is_some()
    }

    pub fn user(&self, id: &str) -> Option<&ChatUser> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut ChatUser> {
        self.users.iter_mut().find(|u| u.id == id)
    }

    pub fn thread_index(&self, thread_id: &str) -> Option<usize> {
        self.threads.iter().position(|t| t.id == thread_id)
    }

    pub fn last_event_time(&self) -> Option<&str> {
        self.threads
            .iter()
            .rev()
            .find_map(|t| t.events.last())
            .and_then(|e| e["created_at"].as_str())
    }
}

/// Whether `viewer` may see `event` (events for `agents` are hidden from customers but their authors).
pub fn visible_to_customer(event: &Value, customer_id: &str) -> bool {
    event["recipients"].as_str() != Some("agents")
        || event["author_id"].as_str() == Some(customer_id)
}
