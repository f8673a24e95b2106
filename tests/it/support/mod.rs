//! Shared helpers for the SDK integration tests: an in-process emulator (ephemeral port), SDK
//! clients connected to it with an event log, the agent side (Agent API) and the control API.
//!
//! Timeouts here only turn a hang into a failure; no test asserts on timing.
#![allow(dead_code)]

pub mod engine;
pub mod fake;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use livechat_core::types::{ChatEnvelope, StartChatParams};
use livechat_core::{Client, Config, Event, Status};
use livechat_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};
use tokio::sync::Notify;

/// How long a test waits for something that should happen on a noisy machine (a hang guard, not a
/// timing assertion).
pub const WAIT: Duration = Duration::from_secs(20);

/// The demo license of `EmulatorConfig::default()`.
pub const LICENSE_ID: u64 = 12345;
/// The human agent the default agent token acts as.
pub const JANE: &str = "jane@emulator.local";
/// The bot agent.
pub const BOT: &str = "bot@emulator.local";

/// A running emulator plus an HTTP client for the agent and control APIs.
pub struct TestEnv {
    pub emu: Emulator,
    pub http: reqwest::Client,
}

impl TestEnv {
    /// The demo configuration with the bot off, so event sequences are exact.
    pub async fn start() -> TestEnv {
        TestEnv::start_with(EmulatorConfig {
            bot: false,
            ..Default::default()
        })
        .await
    }

    pub async fn start_with(config: EmulatorConfig) -> TestEnv {
        let emu = Emulator::start(config).await.expect("emulator starts");
        TestEnv {
            emu,
            http: reqwest::Client::new(),
        }
    }

    /// SDK configuration pointing at this emulator.
    pub fn config(&self) -> Config {
        Config::for_emulator(&self.emu.url(), &self.emu.region_url("fra"), LICENSE_ID)
    }

    /// The same for the exported API (`ChatClient`), as a host app would configure it.
    pub fn ffi_config(&self) -> livechat::ChatConfig {
        livechat::ChatConfig {
            license_id: LICENSE_ID,
            client_id: "emulator-client".into(),
            auto_connect: true,
            group_id: None,
            region: "dal".into(),
            redirect_uri: None,
            page_url: None,
            page_title: None,
            referrer: None,
            mobile: false,
            api_origin_dal: Some(self.emu.url()),
            api_origin_fra: Some(self.emu.region_url("fra")),
            accounts_origin: Some(self.emu.url()),
            request_timeout_ms: None,
            allow_insecure: false,
        }
    }

    /// A new customer (fresh cookie jar), connected; `connected` already received.
    pub async fn customer(&self) -> Customer {
        self.customer_with(self.config()).await
    }

    pub async fn customer_with(&self, config: Config) -> Customer {
        let auto_connect = config.auto_connect;
        let client = Client::init(config, None, None).expect("init");
        let events = Events::attach(&client);
        let customer = Customer { client, events };
        if auto_connect {
            customer.events.wait_for("connected", |_| true).await;
        }
        customer
    }

    /// Calls the Agent API as Jane. Ok(reply) on 2xx, Err(error body) otherwise.
    pub async fn agent(&self, action: &str, body: Value) -> Result<Value, Value> {
        self.agent_as(self.emu.agent_token(), action, body).await
    }

    pub async fn agent_as(&self, token: &str, action: &str, body: Value) -> Result<Value, Value> {
        let url = format!("{}/v3.3/agent/action/{action}", self.emu.url());
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("agent API reachable");
        let ok = response.status().is_success();
        let reply: Value = response.json().await.unwrap_or(Value::Null);
        if ok {
            Ok(reply)
        } else {
            Err(reply)
        }
    }

    /// Calls the control API; panics if it refuses (a broken test setup).
    pub async fn control(&self, op: &str, body: Value) -> Value {
        let url = format!("{}/emulator/{op}", self.emu.url());
        let response = self
            .http
            .post(url)
            .bearer_auth(self.emu.control_token())
            .json(&body)
            .send()
            .await
            .expect("control API reachable");
        let status = response.status();
        let reply: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "control {op} failed: {status} {reply}");
        reply
    }

    /// The emulator's state snapshot (customers, chats, tickets...).
    pub async fn state(&self) -> Value {
        self.control("state", json!({})).await
    }

    /// Makes the next `count` requests of `action` fail with `error_type`.
    pub async fn fail_next(&self, action: &str, error_type: &str, count: u64) {
        self.control(
            "fail",
            json!({"action": action, "count": count, "error": {"type": error_type, "message": format!("injected {error_type}")}}),
        )
        .await;
    }

    pub async fn shutdown(self) {
        self.emu.shutdown().await;
    }
}

/// An SDK client and everything it emitted.
pub struct Customer {
    pub client: Client,
    pub events: Events,
}

impl Customer {
    pub fn id(&self) -> String {
        self.events
            .all()
            .into_iter()
            .find_map(|e| match e {
                Event::CustomerId(id) => Some(id),
                _ => None,
            })
            .expect("customer_id was emitted")
    }

    /// Starts a chat with a first message; returns the chat envelope.
    pub async fn start_chat(&self) -> ChatEnvelope {
        let params = StartChatParams {
            chat: Some(livechat_core::types::StartChatData {
                thread: Some(livechat_core::types::InitialThread {
                    events: vec![livechat_core::types::NewEvent::message("Hello")],
                    properties: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        self.client.start_chat(params).await.expect("start_chat")
    }

    pub async fn destroy(self) {
        let _ = self.client.destroy().await;
    }

    pub fn status(&self) -> Status {
        self.client.status()
    }
}

/// The events a client emitted, in order, with waiting helpers.
#[derive(Clone)]
pub struct Events {
    log: Arc<Mutex<Vec<Event>>>,
    notify: Arc<Notify>,
}

impl Events {
    pub fn attach(client: &Client) -> Events {
        let events = Events {
            log: Arc::new(Mutex::new(Vec::new())),
            notify: Arc::new(Notify::new()),
        };
        let sink = events.clone();
        client
            .on("*", move |event: &Event| {
                sink.log.lock().unwrap().push(event.clone());
                sink.notify.notify_waiters();
            })
            .expect("listener registered");
        events
    }

    pub fn all(&self) -> Vec<Event> {
        self.log.lock().unwrap().clone()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.all().iter().map(Event::name).collect()
    }

    /// The number of events so far; pass it to `wait_after` to look only at later events.
    pub fn mark(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// How many events named `name` so far.
    pub fn count(&self, name: &str) -> usize {
        self.all().iter().filter(|e| e.name() == name).count()
    }

    /// The first event named `name`.
    pub async fn wait(&self, name: &str) -> Event {
        self.wait_nth(name, 1).await
    }

    /// The `n`th event named `name` (from 1).
    pub async fn wait_nth(&self, name: &str, n: usize) -> Event {
        self.pick(&format!("`{name}` #{n}"), |log| {
            log.iter().filter(|e| e.name() == name).nth(n - 1).cloned()
        })
        .await
    }

    /// The first event named `name` matching `pred` (from the start of the log).
    pub async fn wait_for(&self, name: &str, pred: impl Fn(&Event) -> bool) -> Event {
        self.wait_after(0, name, pred).await
    }

    /// The first event after `mark` named `name` matching `pred`; panics after `WAIT`.
    pub async fn wait_after(
        &self,
        mark: usize,
        name: &str,
        pred: impl Fn(&Event) -> bool,
    ) -> Event {
        self.pick(&format!("`{name}` event"), |log| {
            log.iter()
                .skip(mark)
                .find(|e| e.name() == name && pred(e))
                .cloned()
        })
        .await
    }

    /// Waits until `pick` finds something in the log (re-checked after every event).
    async fn pick<T>(&self, what: &str, mut pick: impl FnMut(&[Event]) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            // Snapshot first: `pick` may itself look at the log.
            if let Some(found) = pick(&self.all()) {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("no {what} matched within {WAIT:?}; got {:?}", self.names());
            }
        }
    }
}

/// Polls `check` until it returns Some (for emulator state that changes asynchronously).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("{what}: not reached within {WAIT:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
