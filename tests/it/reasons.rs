//! The 14 documented disconnection reasons, each with its documented policy, driven by the
//! emulator (`disconnect` control op, or the real server-side condition where the emulator has one).

use std::sync::Arc;
use std::time::Duration;

use crate::support::engine::*;
use livechat_core::{Client, DisconnectReason, ErrorCode, Event, Region, Status};
use livechat_emulator::EmulatorConfig;
use serde_json::{json, Value};

/// Connects a client, makes the emulator disconnect it with `reason`, and checks the
/// `disconnected {reason}` event. Returns the client (status after the policy applied).
async fn disconnect_with(
    emu: &livechat_emulator::Emulator,
    reason: &str,
    data: Option<Value>,
) -> (Client, Events) {
    let (client, recorder) = client(config(emu));
    let customer = connected(&client, &recorder).await;
    let mut body = disconnect_body(&customer, reason);
    if let Some(data) = data {
        body["data"] = data;
    }
    control(emu, "disconnect", body).await;
    let Event::Disconnected { reason: got } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(got.as_str(), reason);
    (client, recorder)
}

async fn expect_reconnect(client: &Client, recorder: &Events) {
    recorder.wait_nth("connected", 2).await;
    assert_eq!(client.status(), Status::Connected);
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
}

async fn expect_wait_for_connect(client: &Client, recorder: &Events) {
    until("paused", || client.status() == Status::Paused).await;
    tokio::time::sleep(Duration::from_millis(1500)).await; // longer than any reconnect delay
    assert_eq!(client.status(), Status::Paused);
    assert_eq!(recorder.count("connected"), 1, "no reconnect on its own");
    assert_eq!(
        client
            .send_raw("get_customer", json!({}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::NoConnection
    );
    client.connect().await.unwrap();
    recorder.wait_nth("connected", 2).await;
}

async fn expect_destroyed(client: &Client) {
    until("destroyed", || client.status() == Status::Destroyed).await;
    assert_eq!(
        client
            .send_raw("get_customer", json!({}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SdkDestroyed
    );
    assert_eq!(
        client.connect().await.unwrap_err().code,
        ErrorCode::SdkDestroyed
    );
}

// ----- reconnect on its own -------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_connection_lost_reconnects() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "connection_lost", None).await;
    expect_reconnect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_connection_lost_when_the_socket_drops_without_a_close_frame() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    let customer = connected(&client, &recorder).await;
    control(&emu, "drop", json!({ "customer_id": customer })).await;
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::ConnectionLost);
    expect_reconnect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_internal_error_reconnects() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "internal_error", None).await;
    expect_reconnect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_too_many_unauthorized_connections_reconnects() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "too_many_unauthorized_connections", None).await;
    expect_reconnect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

// ----- fetch a new token and reconnect --------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_access_token_expired_refreshes_token_and_reconnects() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    let customer = connected(&client, &recorder).await;
    let before = client.auth_get_token().await.unwrap();
    control(&emu, "expire_token", json!({ "customer_id": customer })).await;
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::AccessTokenExpired);
    expect_reconnect(&client, &recorder).await;
    let after = client.auth_get_token().await.unwrap();
    assert_ne!(
        before.access_token, after.access_token,
        "a fresh token was fetched"
    );
    assert_eq!(after.entity_id, customer, "same customer (cookie grant)");
    client.destroy().await.unwrap();
}

// ----- switch region and reconnect ------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_misdirected_connection_switches_region_and_reconnects() {
    // The license lives in fra; the client starts in dal (the default) and is redirected.
    let mut cfg = EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    for license in &mut cfg.licenses {
        license.region = "fra".into();
    }
    let emu = emulator_with(cfg).await;
    let config = config(&emu);
    // Checked on the config: the client may have switched already by the time it could be asked.
    assert_eq!(config.region, Region::Dal);
    let (client, recorder) = client(config);
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::MisdirectedConnection);
    recorder.wait("connected").await;
    assert_eq!(client.region(), Region::Fra);
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_misdirected_connection_pushed_with_a_region() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(
        &emu,
        "misdirected_connection",
        Some(json!({ "region": "fra" })),
    )
    .await;
    // fra is the wrong region for this license: the emulator redirects back to dal.
    recorder.wait_nth("connected", 2).await;
    assert_eq!(client.region(), Region::Dal);
    assert!(
        recorder.count("disconnected") >= 2,
        "{:?}",
        recorder.names()
    );
    client.destroy().await.unwrap();
}

// ----- stay disconnected until connect() ------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_inactivity_timeout_waits_for_connect() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "inactivity_timeout", None).await;
    expect_wait_for_connect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_license_expired_waits_for_connect() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "license_expired", None).await;
    expect_wait_for_connect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_license_expired_at_login_waits_for_connect() {
    let mut cfg = EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    cfg.licenses[0].expired = true;
    let emu = emulator_with(cfg).await;
    let (client, recorder) = client(config(&emu));
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::LicenseExpired);
    until("paused", || client.status() == Status::Paused).await;
    assert_eq!(recorder.count("connected"), 0);
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_users_limit_reached_waits_for_connect() {
    let emu = emulator().await;
    let (client, recorder) = disconnect_with(&emu, "users_limit_reached", None).await;
    expect_wait_for_connect(&client, &recorder).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_users_limit_reached_at_login_waits_for_connect() {
    let mut cfg = EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    cfg.limits.users = 1;
    let emu = emulator_with(cfg).await;
    let (first, first_events) = client(config(&emu));
    first_events.wait("connected").await;
    // A second customer (own cookie jar, so another identity) exceeds the license's limit.
    let (second, events) = client(config(&emu));
    let Event::Disconnected { reason } = events.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::UsersLimitReached);
    until("paused", || second.status() == Status::Paused).await;
    // Once the first customer leaves, connect() succeeds (the emulator notices the first socket
    // closing asynchronously, so an early attempt may meet the limit again and pause again).
    first.destroy().await.unwrap();
    let mut attempts = 0;
    loop {
        attempts += 1;
        assert!(attempts <= 50, "never got back in: {:?}", events.names());
        second.connect().await.unwrap();
        until("login settled", || second.status() != Status::Disconnected).await;
        if second.status() == Status::Connected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    second.destroy().await.unwrap();
}

// ----- destroy the instance -------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_customer_banned_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "customer_banned", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_customer_temporarily_blocked_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "customer_temporarily_blocked", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_identity_mismatch_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "identity_mismatch", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_license_not_found_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "license_not_found", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_license_not_found_for_an_unknown_license_destroys() {
    // The socket of an unknown license is refused with `license_not_found` (the token comes from
    // a valid license, as a host provider might hand out).
    let emu = emulator().await;
    let tokens = Arc::new(cookie_grant(&emu));
    let mut cfg = config(&emu);
    cfg.license_id = 999_999;
    let (client, recorder) = client_with(cfg, Some(tokens), None);
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason, DisconnectReason::LicenseNotFound);
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_license_not_found_for_an_unknown_license_with_the_built_in_tokens() {
    // The token endpoint refuses an unknown license (`oauth_exception: invalid_request`) while the
    // socket is refused with `customer_disconnected: license_not_found`: the reference client, which
    // listens on the socket while it fetches the token, reports the latter.
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.license_id = 999_999;
    for _ in 0..5 {
        let (client, recorder) = client(cfg.clone());
        let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
            unreachable!()
        };
        assert_eq!(reason, DisconnectReason::LicenseNotFound);
        expect_destroyed(&client).await;
    }
}

/// A token source that always fails with one error (a host provider relaying an OAuth refusal).
struct FailingTokens(livechat_core::Error);

#[async_trait::async_trait]
impl livechat_core::TokenProvider for FailingTokens {
    async fn get_token(&self) -> livechat_core::error::Result<livechat_core::Token> {
        Err(self.0.clone())
    }
    async fn invalidate(&self) -> livechat_core::error::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_oauth_exception_destroys_with_its_message_as_reason() {
    // client-behavior §6.5: SSO_*_EXCEPTION other than server_error / temporarily_unavailable.
    let emu = emulator().await;
    let refusal = livechat_core::Error::new(ErrorCode::SsoOauthException, "access_denied");
    let (client, recorder) =
        client_with(config(&emu), Some(Arc::new(FailingTokens(refusal))), None);
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason.as_str(), "access_denied");
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_too_many_connections_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "too_many_connections", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reason_unsupported_version_destroys() {
    let emu = emulator().await;
    let (client, _recorder) = disconnect_with(&emu, "unsupported_version", None).await;
    expect_destroyed(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_reason_has_a_test_here() {
    // Guards the parity table: the 14 reasons of the docs, each tested above by name.
    let source = include_str!("reasons.rs");
    for reason in DisconnectReason::ALL {
        assert!(
            source.contains(&format!("fn reason_{}_", reason.as_str())),
            "no test for {reason}"
        );
    }
}
