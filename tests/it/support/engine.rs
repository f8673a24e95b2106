//! Helpers for the connection-engine tests: an in-process emulator, its control API, and clients
//! with an event log. Timeouts here only turn a hang into a failure; no test asserts on timing.

use std::sync::Arc;
use std::time::Duration;

pub use super::{Events, WAIT};

use livechat_core::{Client, Config, CookieTokenProvider, KeyValueStore, TokenProvider};
use livechat_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};

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
pub fn client(config: Config) -> (Client, Events) {
    client_with(config, None, None)
}

pub fn client_with(
    config: Config,
    tokens: Option<Arc<dyn TokenProvider>>,
    store: Option<Arc<dyn KeyValueStore>>,
) -> (Client, Events) {
    // As documented: listeners attached right after init still see every event (the connection
    // is opened asynchronously).
    let client = Client::init(config, tokens, store).expect("init");
    let recorder = Events::attach(&client);
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

/// Waits until `check` holds (polling), failing after `WAIT`.
pub async fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not within {WAIT:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The connected customer's id (after `connected`).
pub async fn connected(client: &Client, recorder: &Events) -> String {
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
