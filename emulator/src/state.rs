//! The emulator's whole mutable world behind one lock: customers, tokens, connections, chats.
//! Handlers mutate it and queue outgoing frames in `outbox`; the caller flushes the outbox to the
//! per-connection writer channels before releasing the lock, so every connection sees pushes in
//! the order the state changed. Nothing here awaits.

use crate::config::{AgentConfig, EmulatorConfig};
use crate::faults::Faults;
use crate::files::FileStore;
use crate::frames::push_frame;
use crate::send_queue::{self, Out};
use crate::util::Clock;
use axum::extract::ws::Utf8Bytes;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
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

pub struct State {
    pub cfg: Arc<EmulatorConfig>,
    pub started: Instant,
    pub clock: Clock,
    pub licenses: HashMap<u64, crate::config::LicenseConfig>,
    pub groups: BTreeMap<(u64, u64), Group>,
    pub agents: Vec<Agent>,
    pub customers: HashMap<String, Customer>,
    /// `__lc_cst` cookie secret -> customer id.
    pub cookies: HashMap<String, String>,
    pub tokens: HashMap<String, TokenInfo>,
    pub chats: HashMap<String, Chat>,
    /// Ordered by id so the sweeper can walk it in small slices.
    pub conns: BTreeMap<u64, Conn>,
    pub next_conn: u64,
    pub token_lifetime_secs: u64,
    /// Failures and delays injected through the control API.
    pub faults: Faults,
    pub bot_enabled: bool,
    pub outbox: Vec<(u64, Out)>,
    pub tickets: Vec<Value>,
    pub email_verifications: Vec<Value>,
    /// Uploaded files by key (`<id>/<name>`).
    pub files: FileStore,
    /// `(chat_id, customer text)` the bot should answer; spawned after the lock is released.
    pub bot_jobs: Vec<(String, String)>,
}

impl State {
    pub fn new(cfg: Arc<EmulatorConfig>) -> Self {
        let first_license = cfg.licenses.first().map(|l| l.id).unwrap_or(0);
        let licenses = cfg.licenses.iter().map(|l| (l.id, l.clone())).collect();
        let groups = cfg
            .groups
            .iter()
            .map(|g| {
                let lic = g.license_id.unwrap_or(first_license);
                (
                    (lic, g.id),
                    Group {
                        name: g.name.clone(),
                        status: g.status.clone(),
                        properties: g.properties.clone(),
                    },
                )
            })
            .collect();
        let agents = cfg
            .agents
            .iter()
            .map(|a| Agent {
                cfg: a.clone(),
                routing_status: a.routing_status.clone(),
            })
            .collect();
        State {
            started: Instant::now(),
            clock: Clock::default(),
            licenses,
            groups,
            agents,
            customers: HashMap::new(),
            cookies: HashMap::new(),
            tokens: HashMap::new(),
            chats: HashMap::new(),
            conns: BTreeMap::new(),
            next_conn: 1,
            token_lifetime_secs: cfg.token_lifetime_secs,
            faults: Faults::default(),
            bot_enabled: cfg.bot,
            outbox: Vec::new(),
            tickets: Vec::new(),
            email_verifications: Vec::new(),
            files: FileStore::new(&cfg.limits),
            bot_jobs: Vec::new(),
            cfg,
        }
    }

    pub fn now(&mut self) -> String {
        self.clock.now()
    }

    pub fn millis_since_start(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    pub fn agent(&self, id: &str) -> Option<&Agent> {
        self.agents.iter().find(|a| a.cfg.id == id)
    }

    pub fn group_status(&self, license_id: u64, group_id: u64) -> Option<&str> {
        self.groups
            .get(&(license_id, group_id))
            .map(|g| g.status.as_str())
    }

    // ---- connections and pushes ----

    /// Logged-in, not closing connections of a customer.
    pub fn live_conns(&self, customer_id: &str) -> Vec<u64> {
        self.customers
            .get(customer_id)
            .map(|c| {
                c.conns
                    .iter()
                    .copied()
                    .filter(|id| self.conns.get(id).is_some_and(|k| !k.closing))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_online(&self, customer_id: &str) -> bool {
        !self.live_conns(customer_id).is_empty()
    }

    pub fn send(&mut self, conn: u64, out: Out) {
        self.outbox.push((conn, out));
    }

    /// Pushes `action` to every live connection of a customer. The copy for `settle.0` carries the
    /// request id `settle.1` (the push that settles start_chat / resume_chat / send_event / deactivate_chat).
    pub fn push_to_customer(
        &mut self,
        customer_id: &str,
        action: &str,
        payload: &Value,
        settle: Option<(u64, &Value)>,
    ) {
        let conns = self.live_conns(customer_id);
        if conns.is_empty() {
            return;
        }
        let plain = Utf8Bytes::from(push_frame(action, payload, None));
        for id in conns {
            let subscribed = self
                .conns
                .get(&id)
                .is_some_and(|c| c.pushes.as_ref().map_or(true, |p| p.contains(action)));
            match settle {
                Some((sid, rid)) if sid == id => {
                    // The settling copy goes out even if unsubscribed: the request depends on it.
                    self.send(id, Out::Text(push_frame(action, payload, Some(rid)).into()));
                }
                _ if subscribed => self.send(id, Out::Text(plain.clone())),
                _ => {}
            }
        }
    }

    /// Pushes to the customer of a chat.
    pub fn push_to_chat(
        &mut self,
        chat_id: &str,
        action: &str,
        payload: &Value,
        settle: Option<(u64, &Value)>,
    ) {
        if let Some(cid) = self.chats.get(chat_id).map(|c| c.customer_id.clone()) {
            self.push_to_customer(&cid, action, payload, settle);
        }
    }

    /// Sends `customer_disconnected` to one connection and closes it.
    pub fn disconnect_conn(&mut self, conn: u64, reason: &str, data: Option<Value>) {
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        if c.closing {
            return;
        }
        c.closing = true;
        let mut payload = json!({ "reason": reason });
        if let Some(d) = data {
            payload["data"] = d;
        }
        self.send(
            conn,
            Out::Text(push_frame("customer_disconnected", &payload, None).into()),
        );
        self.send(conn, Out::Close(1000, "customer_disconnected"));
    }

    /// Disconnects every connection of a customer with `reason`.
    pub fn disconnect_customer(
        &mut self,
        customer_id: &str,
        reason: &str,
        data: Option<Value>,
    ) -> usize {
        let conns = self.live_conns(customer_id);
        for id in &conns {
            self.disconnect_conn(*id, reason, data.clone());
        }
        conns.len()
    }

    /// Drops the customer's sockets without a close frame.
    pub fn drop_customer(&mut self, customer_id: &str) -> usize {
        let conns = self.live_conns(customer_id);
        for id in &conns {
            if let Some(c) = self.conns.get_mut(id) {
                c.closing = true;
            }
            self.send(*id, Out::Drop);
        }
        conns.len()
    }

    /// Hands the outbox to the writer queues (non-blocking sends).
    pub fn flush(&mut self) {
        for (id, out) in self.outbox.drain(..) {
            if let Some(c) = self.conns.get_mut(&id) {
                if c.tx.send(out).is_err() {
                    // Evicted as a slow consumer: its writer stops and its reader unregisters it.
                    c.closing = true;
                }
            }
        }
    }

    pub fn unregister(&mut self, conn: u64) {
        if let Some(c) = self.conns.remove(&conn) {
            if let Some(cid) = c.customer_id {
                if let Some(cust) = self.customers.get_mut(&cid) {
                    cust.conns.retain(|x| *x != conn);
                }
            }
        }
    }

    /// Not-yet-logged-in connections of a license. O(1) while there are fewer connections than `limit`.
    pub fn unauthorized_at_least(&self, license_id: u64, limit: usize) -> bool {
        if self.conns.len() < limit {
            return false;
        }
        self.unauthorized_count(license_id) >= limit
    }

    pub fn unauthorized_count(&self, license_id: u64) -> usize {
        self.conns
            .values()
            .filter(|c| c.customer_id.is_none() && !c.closing && c.license_id == license_id)
            .count()
    }

    /// Whether at least `limit` customers are online in a license (cheap while connections < `limit`).
    pub fn online_at_least(&self, license_id: u64, limit: usize) -> bool {
        if self.conns.len() < limit {
            return false;
        }
        self.online_customers(license_id) >= limit
    }

    pub fn online_customers(&self, license_id: u64) -> usize {
        self.customers
            .values()
            .filter(|c| {
                c.conns.iter().any(|id| {
                    self.conns
                        .get(id)
                        .is_some_and(|k| !k.closing && k.license_id == license_id)
                })
            })
            .count()
    }

    // ---- rendering ----

    pub fn render_chat_user(&self, u: &ChatUser) -> Value {
        let mut v = match u.kind {
            UserKind::Customer => self
                .customers
                .get(&u.id)
                .map(|c| c.render(false))
                .unwrap_or_else(|| json!({"id": u.id, "type": "customer"})),
            UserKind::Agent => self
                .agent(&u.id)
                .map(|a| a.render())
                .unwrap_or_else(|| json!({"id": u.id, "type": "agent", "name": u.id})),
        };
        v["present"] = json!(u.present);
        if let Some(s) = &u.seen_up_to {
            v["events_seen_up_to"] = json!(s);
        }
        v
    }

    pub fn render_users(&self, chat: &Chat) -> Value {
        Value::Array(
            chat.users
                .iter()
                .map(|u| self.render_chat_user(u))
                .collect(),
        )
    }

    /// A thread as a customer (or, with `viewer = None`, an agent) sees it.
    pub fn render_thread(&self, chat: &Chat, idx: usize, viewer: Option<&str>) -> Value {
        let t = &chat.threads[idx];
        let events: Vec<Value> = t
            .events
            .iter()
            .filter(|e| viewer.map_or(true, |c| visible_to_customer(e, c)))
            .cloned()
            .collect();
        let mut v = json!({
            "id": t.id, "created_at": t.created_at, "active": t.active, "user_ids": t.user_ids,
            "events": events, "properties": t.properties, "access": {"group_ids": t.access},
        });
        if let Some(q) = &t.queue {
            v["queue"] = q.clone();
        }
        if idx > 0 {
            v["previous_thread_id"] = json!(chat.threads[idx - 1].id);
        }
        if let Some(n) = chat.threads.get(idx + 1) {
            v["next_thread_id"] = json!(n.id);
        }
        v
    }

    pub fn render_chat(
        &self,
        chat: &Chat,
        thread_idx: Option<usize>,
        viewer: Option<&str>,
    ) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat),
            "access": {"group_ids": chat.access}, "properties": chat.properties,
        });
        if let Some(i) = thread_idx {
            v["thread"] = self.render_thread(chat, i, viewer);
        }
        v
    }

    /// `last_event_per_type` over every thread.
    pub fn last_event_per_type(&self, chat: &Chat, viewer: Option<&str>) -> Map<String, Value> {
        let mut m = Map::new();
        for (order, t) in chat.threads.iter().enumerate() {
            for e in t
                .events
                .iter()
                .filter(|e| viewer.map_or(true, |c| visible_to_customer(e, c)))
            {
                let ty = e["type"].as_str().unwrap_or("unknown").to_string();
                m.insert(
                    ty,
                    json!({"thread_id": t.id, "thread_created_at": t.created_at,
                           "thread_order": order + 1, "event": e}),
                );
            }
        }
        m
    }

    /// Customer-form chat summary (`list_chats`).
    pub fn render_summary(&self, chat: &Chat, customer_id: &str) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat), "access": {"group_ids": chat.access},
            "properties": chat.properties, "active": chat.is_active(),
        });
        if let Some(t) = chat.threads.last() {
            v["last_thread_id"] = json!(t.id);
            v["last_thread_created_at"] = json!(t.created_at);
            v["last_event_per_type"] =
                Value::Object(self.last_event_per_type(chat, Some(customer_id)));
        }
        v
    }

    /// Agent-form chat summary (agent `list_chats`).
    pub fn render_agent_summary(&self, chat: &Chat) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat), "access": {"group_ids": chat.access},
            "properties": chat.properties, "is_followed": false,
            "last_event_per_type": self.last_event_per_type(chat, None),
        });
        if let Some(t) = chat.threads.last() {
            let mut s = json!({"id": t.id, "created_at": t.created_at, "user_ids": t.user_ids,
                               "properties": t.properties, "active": t.active, "access": {"group_ids": t.access}});
            if let Some(q) = &t.queue {
                s["queue"] = q.clone();
            }
            v["last_thread_summary"] = s;
        }
        v
    }
}
