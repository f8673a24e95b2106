//! Emulator configuration: licenses, groups, agents, forms, greetings, url-info fixtures, limits.
//! `EmulatorConfig::default()` is the demo configuration; `from_file` reads TOML or JSON.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::Path;

pub const BOT_ID: &str = "bot@emulator.local";
pub const JANE_ID: &str = "jane@emulator.local";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmulatorConfig {
    /// Address to bind; `127.0.0.1:0` picks an ephemeral port. Loopback by default: the control and
    /// agent APIs drive every customer, so only bind other interfaces on a trusted network.
    pub listen: String,
    /// Bearer token of the default human agent (Jane) on the Agent API; random when unset.
    pub agent_token: Option<String>,
    /// Bearer token the control API (`/emulator/<op>`) requires; random when unset.
    pub control_token: Option<String>,
    /// `Host` header names accepted besides loopback names and addresses and the listen host (DNS
    /// rebinding protection): e.g. a LAN name when listening on every interface.
    pub allowed_hosts: Vec<String>,
    /// Whether the bot agent answers customer messages.
    pub bot: bool,
    /// Delay between the bot's typing indicator and its reply.
    pub bot_delay_ms: u64,
    /// Lifetime of issued customer tokens (seconds).
    pub token_lifetime_secs: u64,
    /// Whether `set_customer_session_fields` pushes `customer_updated` (the docs disagree).
    pub session_fields_push: bool,
    /// Whether `update_customer_page` pushes `customer_page_updated` (removed from the docs in 2024; off by default).
    pub page_updated_push: bool,
    pub licenses: Vec<LicenseConfig>,
    pub groups: Vec<GroupConfig>,
    pub agents: Vec<AgentConfig>,
    pub forms: Vec<FormConfig>,
    pub greetings: Vec<GreetingConfig>,
    pub url_info: Vec<UrlInfoConfig>,
    pub limits: Limits,
    pub properties: PropertiesConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseConfig {
    pub id: u64,
    #[serde(default = "dal")]
    pub region: String,
    /// A license with `expired = true` answers every login with `license_expired`.
    #[serde(default)]
    pub expired: bool,
    /// Properties visible through `list_license_properties`.
    #[serde(default)]
    pub properties: Value,
}

fn dal() -> String {
    "dal".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    pub id: u64,
    /// Defaults to the first license.
    #[serde(default)]
    pub license_id: Option<u64>,
    #[serde(default)]
    pub name: String,
    /// `online`, `offline` or `online_for_queue`.
    #[serde(default = "online")]
    pub status: String,
    #[serde(default)]
    pub properties: Value,
}

fn online() -> String {
    "online".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub avatar: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub is_bot: bool,
    #[serde(default = "group0")]
    pub groups: Vec<u64>,
    /// Agent API bearer token of this agent (optional).
    #[serde(default)]
    pub token: Option<String>,
    /// `accepting_chats` or `not_accepting_chats`.
    #[serde(default = "accepting")]
    pub routing_status: String,
}

fn group0() -> Vec<u64> {
    vec![0]
}

fn accepting() -> String {
    "accepting_chats".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormConfig {
    pub group_id: u64,
    /// `prechat`, `postchat` or `ticket`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub id: String,
    /// Form fields exactly as returned on the wire.
    pub fields: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GreetingConfig {
    pub id: u64,
    #[serde(default)]
    pub group_id: u64,
    pub text: String,
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub subtype: Option<String>,
    #[serde(default)]
    pub addon: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlInfoConfig {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    #[serde(default)]
    pub image_original_url: Option<String>,
    #[serde(default)]
    pub image_width: Option<u64>,
    #[serde(default)]
    pub image_height: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Unanswered requests per WebSocket (documented: 10).
    pub pending_requests: usize,
    /// Logged-in connections per customer (tabs); one more gets `too_many_connections`.
    pub connections_per_customer: usize,
    /// Not-yet-logged-in connections per license; one more gets `too_many_unauthorized_connections`.
    pub unauthorized_connections: usize,
    /// Concurrently online customers per license (`users_limit_reached` at login).
    pub users: usize,
    /// Chats per customer (documented: 1; more chats need `resume_chat`).
    pub chats_per_customer: usize,
    /// Seconds to send `login` after the socket opens (documented: 30).
    pub login_timeout_secs: u64,
    /// The server sends a WebSocket ping this often (seconds).
    pub ping_interval_secs: u64,
    /// A logged-in connection with no incoming frame at all (pongs count) for this long is cut.
    pub idle_timeout_secs: u64,
    /// No chatting and no page change for this long: `inactivity_timeout` (documented: 30 min).
    pub inactivity_timeout_secs: u64,
    /// Largest accepted WebSocket message; larger closes the socket with 1009.
    pub max_frame_bytes: usize,
    /// Largest request frame handled; larger (up to `max_frame_bytes`) gets a `validation` error.
    pub max_request_bytes: usize,
    /// Largest message text (documented: 16 KB).
    pub max_text_bytes: usize,
    /// Largest upload (documented: 10 MB).
    pub upload_bytes: usize,
    /// Session fields per customer (documented: 100).
    pub session_fields: usize,
    /// Server processing deadline (documented: 15 s): a `delay` at least this long answers `request_timeout`.
    pub request_timeout_ms: u64,
    /// Bytes queued for one WebSocket that its client has not taken yet; a connection over this
    /// budget is a slow consumer and is dropped (memory stays bounded whatever a client does).
    pub send_queue_bytes: usize,
    /// Time to receive a request's headers (also the idle limit between keep-alive requests); a
    /// slower connection is closed (slowloris).
    pub header_read_timeout_secs: u64,
    /// Uploaded files are served for this long, then deleted.
    pub upload_ttl_secs: u64,
    /// Total size of the uploaded files kept; the oldest are deleted first beyond it.
    pub upload_store_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            pending_requests: 10,
            connections_per_customer: 10,
            unauthorized_connections: 20_000,
            users: 100_000,
            chats_per_customer: 1,
            login_timeout_secs: 30,
            ping_interval_secs: 15,
            idle_timeout_secs: 60,
            inactivity_timeout_secs: 30 * 60,
            max_frame_bytes: 1 << 20,
            max_request_bytes: 256 * 1024,
            max_text_bytes: 16 * 1024,
            upload_bytes: 10 * 1024 * 1024,
            session_fields: 100,
            request_timeout_ms: 15_000,
            send_queue_bytes: 4 << 20,
            header_read_timeout_secs: 10,
            upload_ttl_secs: 3600,
            upload_store_bytes: 100 << 20,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PropertiesConfig {
    /// Namespaces customers may write; `["*"]` (default) allows any. Others get `authorization`.
    pub customer_writable_namespaces: Vec<String>,
}

impl Default for PropertiesConfig {
    fn default() -> Self {
        PropertiesConfig {
            customer_writable_namespaces: vec!["*".into()],
        }
    }
}

impl PropertiesConfig {
    pub fn customer_may_write(&self, namespace: &str) -> bool {
        self.customer_writable_namespaces
            .iter()
            .any(|n| n == "*" || n == namespace)
    }
}

#[derive(Debug)]
pub enum ConfigError {
    Io(std::io::Error),
    Parse(String),
    Invalid(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Io(e) => write!(f, "cannot read config: {e}"),
            ConfigError::Parse(e) => write!(f, "cannot parse config: {e}"),
            ConfigError::Invalid(e) => write!(f, "invalid config: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            listen: "127.0.0.1:0".into(),
            agent_token: None,
            control_token: None,
            allowed_hosts: Vec::new(),
            bot: true,
            bot_delay_ms: 300,
            token_lifetime_secs: 28_800,
            session_fields_push: false,
            page_updated_push: false,
            licenses: vec![LicenseConfig {
                id: 12345,
                region: "dal".into(),
                expired: false,
                properties: json!({}),
            }],
            groups: vec![
                GroupConfig {
                    id: 0,
                    license_id: None,
                    name: "General".into(),
                    status: "online".into(),
                    properties: json!({}),
                },
                GroupConfig {
                    id: 1,
                    license_id: None,
                    name: "Sales".into(),
                    status: "online".into(),
                    properties: json!({}),
                },
            ],
            agents: vec![
                AgentConfig {
                    id: BOT_ID.into(),
                    name: "Emulator Bot".into(),
                    avatar: "https://emulator.local/avatars/bot.png".into(),
                    job_title: "Bot".into(),
                    is_bot: true,
                    groups: vec![0, 1],
                    token: None,
                    routing_status: "accepting_chats".into(),
                },
                AgentConfig {
                    id: JANE_ID.into(),
                    name: "Jane Doe".into(),
                    avatar: "https://emulator.local/avatars/jane.png".into(),
                    job_title: "Support Agent".into(),
                    is_bot: false,
                    groups: vec![0, 1],
                    token: None,
                    routing_status: "accepting_chats".into(),
                },
            ],
            forms: default_forms(),
            greetings: vec![GreetingConfig {
                id: 1,
                group_id: 0,
                text: "Hello! Can I help you?".into(),
                agent_id: Some(JANE_ID.into()),
                subtype: None,
                addon: None,
            }],
            url_info: vec![UrlInfoConfig {
                url: "https://example.com/".into(),
                title: Some("Example Domain".into()),
                description: Some("This domain is for use in illustrative examples.".into()),
                image_url: Some("emulator.local/files/example.png".into()),
                image_original_url: Some("https://example.com/image.png".into()),
                image_width: Some(200),
                image_height: Some(100),
            }],
            limits: Limits::default(),
            properties: PropertiesConfig::default(),
        }
    }
}

fn default_forms() -> Vec<FormConfig> {
    vec![
        FormConfig {
            group_id: 0,
            kind: "prechat".into(),
            id: "prechat-0".into(),
            fields: vec![
                json!({"type": "header", "id": "h1", "label": "Welcome! Tell us about you."}),
                json!({"type": "name", "id": "name", "label": "Name:", "required": false}),
                json!({"type": "email", "id": "email", "label": "E-mail:", "required": true}),
                json!({"type": "group_chooser", "id": "group", "label": "Department", "required": true,
                       "options": [{"id": "0", "label": "General", "group_id": 0}, {"id": "1", "label": "Sales", "group_id": 1}]}),
            ],
        },
        FormConfig {
            group_id: 0,
            kind: "postchat".into(),
            id: "postchat-0".into(),
            fields: vec![
                json!({"type": "radio", "id": "rate", "label": "How was the chat?", "required": true,
                       "options": [{"id": "0", "label": "Good"}, {"id": "1", "label": "Bad"}]}),
                json!({"type": "textarea", "id": "comment", "label": "Comment", "required": false}),
            ],
        },
        FormConfig {
            group_id: 0,
            kind: "ticket".into(),
            id: "ticket-0".into(),
            // Ticket form fields carry no `id` on the wire (the official client relies on that).
            fields: vec![
                json!({"type": "header", "label": "Leave us a message"}),
                json!({"type": "name", "label": "Your name", "required": false}),
                json!({"type": "email", "label": "E-mail", "required": true}),
                json!({"type": "subject", "label": "Subject", "required": false}),
                json!({"type": "textarea", "label": "Message", "required": true}),
            ],
        },
    ]
}

impl EmulatorConfig {
    /// Reads a TOML file, or JSON when the extension is `.json`. Missing keys take the demo defaults.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(ConfigError::Io)?;
        let cfg: EmulatorConfig = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            serde_json::from_str(&text).map_err(|e| ConfigError::Parse(e.to_string()))?
        } else {
            toml::from_str(&text).map_err(|e| ConfigError::Parse(e.to_string()))?
        };
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        for (name, token) in [
            ("agent_token", &self.agent_token),
            ("control_token", &self.control_token),
        ] {
            if token.as_ref().is_some_and(|t| t.trim().is_empty()) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must not be empty (leave it out for a random one)"
                )));
            }
        }
        if self.limits.header_read_timeout_secs == 0 {
            return Err(ConfigError::Invalid(
                "limits.header_read_timeout_secs must be at least 1".into(),
            ));
        }
        if self.licenses.is_empty() {
            return Err(ConfigError::Invalid(
                "at least one license is required".into(),
            ));
        }
        for l in &self.licenses {
            if l.region != "dal" && l.region != "fra" {
                return Err(ConfigError::Invalid(format!(
                    "license {}: region must be dal or fra",
                    l.id
                )));
            }
        }
        for g in &self.groups {
            if !["online", "offline", "online_for_queue"].contains(&g.status.as_str()) {
                return Err(ConfigError::Invalid(format!(
                    "group {}: bad status {}",
                    g.id, g.status
                )));
            }
            if let Some(l) = g.license_id {
                if !self.licenses.iter().any(|x| x.id == l) {
                    return Err(ConfigError::Invalid(format!(
                        "group {}: unknown license {l}",
                        g.id
                    )));
                }
            }
        }
        for f in &self.forms {
            if !["prechat", "postchat", "ticket"].contains(&f.kind.as_str()) {
                return Err(ConfigError::Invalid(format!("form type {}", f.kind)));
            }
        }
        Ok(())
    }
}
