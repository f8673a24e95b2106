//! Helpers for the connection-engine tests: an in-process emulator, its control API, and an event
//! recorder. Timeouts here only turn a hang into a failure; no test asserts on timing.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use livechat::core::{Client, Config, CookieTokenProvider, Event, KeyValueStore, TokenProvider};
use livechat_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};

/// Generous bound for anything that should happen "soon" on a noisy machine.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub async fn emulator() -> Emulator {
    emulator_with(EmulatorConfig {
        bot: false,
        ..Default::default()
    })
    .await
}

pub async fn emulator_with(config: EmulatorConfig) -> Emulator {
    Emulator::start(config).await.expect("emulator starts")
}

pub const LICENSE: u64 = 12345;

pub fn config(emu: &Emulator) -> Config {
    Config::for_emulator(&emu.url(), &emu.region_url("fra"), LICENSE)
}

/// A client with a recorder listening to every event (registered before anything can happen).
pub fn client(config: Config) -> (Client, Arc<Recorder>) {
    client_with(config, None, None)
}

pub fn client_with(
    config: Config,
    tokens: Option<Arc<dyn TokenProvider>>,
    store: Option<Arc<dyn KeyValueStore>>,
) -> (Client, Arc<Recorder>) {
    // As documented: listeners attached right after init still see every event (the connection
    // is opened asynchronously).
    let client = Client::init(config, tokens, store).expect("init");
    let recorder = Recorder::attach(&client);
    (client, recorder)
}

/// `POST /emulator/<op>`; panics on a non-2xx answer.
pub async fn control(emu: &Emulator, op: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/emulator/{op}", emu.url()))
        .bearer_auth(emu.control_token())
        .json(&body)
        .send()
        .await
        .expect("control API reachable");
    let status = response.status();
    let value: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "control {op} failed: {status} {value}");
    value
}

/// Records every event of a client, in delivery order.
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<Event>>,
}

impl Recorder {
    pub fn attach(client: &Client) -> Arc<Recorder> {
        let recorder = Arc::new(Recorder::default());
        let sink = recorder.clone();
        client
            .on("*", move |event: &Event| {
                sink.events.lock().unwrap().push(event.clone())
            })
            .expect("listener");
        recorder
    }

    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.events().iter().map(Event::name).collect()
    }

    pub fn count(&self, name: &str) -> usize {
        self.events().iter().filter(|e| e.name() == name).count()
    }

    /// Waits until at least `n` events named `name` were delivered; returns the `n`th.
    pub async fn wait_nth(&self, name: &str, n: usize) -> Event {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Some(event) = self
                .events()
                .into_iter()
                .filter(|e| e.name() == name)
                .nth(n - 1)
            {
                return event;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {name} #{n} within {PATIENCE:?}; got {:?}",
                self.names()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn wait(&self, name: &str) -> Event {
        self.wait_nth(name, 1).await
    }
}

/// Waits until `check` holds (polling), failing after `PATIENCE`.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not within {PATIENCE:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The connected customer's id (after `connected`).
pub async fn connected(client: &Client, recorder: &Recorder) -> String {
    recorder.wait("connected").await;
    client
        .customer_id()
        .expect("customer id known once connected")
}

pub fn disconnect_body(customer_id: &str, reason: &str) -> Value {
    json!({ "customer_id": customer_id, "reason": reason })
}

/// The built-in cookie grant against `emu`, memory only: what a host provider would wrap.
pub fn cookie_grant(emu: &Emulator) -> CookieTokenProvider {
    CookieTokenProvider::new(
        reqwest::Client::new(),
        &emu.url(),
        LICENSE,
        "client",
        None,
        Duration::from_secs(10),
        None,
    )
    .unwrap()
}
