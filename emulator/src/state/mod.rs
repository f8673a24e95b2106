//! The emulator's whole mutable world behind one lock: customers, tokens, connections, chats.
//! Handlers mutate it and queue outgoing frames in `outbox`; the caller flushes the outbox to the
//! per-connection writer channels before releasing the lock, so every connection sees pushes in
//! the order the state changed. Nothing here awaits.
//!
//! `model` holds the types, `connections` the pushes and disconnects, `render` the JSON shapes.

mod connections;
mod model;
mod render;

pub use model::{
    visible_to_customer, Agent, Chat, ChatUser, Conn, Customer, Greeting, Group, Thread, TokenInfo,
    UserKind,
};

use crate::config::{EmulatorConfig, LicenseConfig};
use crate::faults::Faults;
use crate::files::FileStore;
use crate::send_queue::Out;
use crate::util::Clock;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

pub struct State {
    pub cfg: Arc<EmulatorConfig>,
    pub started: Instant,
    pub clock: Clock,
    pub licenses: HashMap<u64, LicenseConfig>,
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

    /// The agent's name, or its id if there is no such agent.
    pub fn agent_name(&self, id: &str) -> String {
        self.agent(id)
            .map(|a| a.cfg.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn group_status(&self, license_id: u64, group_id: u64) -> Option<&str> {
        self.groups
            .get(&(license_id, group_id))
            .map(|g| g.status.as_str())
    }
}
