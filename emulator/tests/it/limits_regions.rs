//! Limits (connections, unauthorized connections, users, login deadline, inactivity, idle) and regions.

use crate::support::*;
use livechat_emulator::{EmulatorConfig, Limits};
use serde_json::json;
use std::time::Duration;

fn cfg(limits: Limits) -> EmulatorConfig {
    EmulatorConfig {
        bot: false,
        limits,
        ..Default::default()
    }
}

#[tokio::test]
async fn too_many_connections_of_one_customer() {
    let emu = emulator_with(cfg(Limits {
        connections_per_customer: 2,
        ..Default::default()
    }))
    .await;
    let (tok, _) = token(&emu, &http()).await;
    let mut a = Rtm::dal(&emu).await;
    let mut b = Rtm::dal(&emu).await;
    let mut c = Rtm::dal(&emu).await;
    assert_eq!(a.login(&tok).await["success"], true);
    assert_eq!(b.login(&tok).await["success"], true);
    c.send_login(&tok, json!({})).await;
    let frames = c.until_closed().await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0]["payload"]["reason"], "too_many_connections");
    a.ok("ping", json!({})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn too_many_unauthorized_connections() {
    let emu = emulator_with(cfg(Limits {
        unauthorized_connections: 1,
        ..Default::default()
    }))
    .await;
    let mut first = Rtm::dal(&emu).await;
    first.ok("ping", json!({})).await;
    let mut second = Rtm::dal(&emu).await;
    let frames = second.until_closed().await;
    assert_eq!(
        frames[0]["payload"]["reason"],
        "too_many_unauthorized_connections"
    );
    // Once the first logs in, a new connection is accepted.
    let (tok, _) = token(&emu, &http()).await;
    assert_eq!(first.login(&tok).await["success"], true);
    let mut third = Rtm::dal(&emu).await;
    third.ok("ping", json!({})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn users_limit_reached_at_login() {
    let emu = emulator_with(cfg(Limits {
        users: 1,
        ..Default::default()
    }))
    .await;
    let client_a = http();
    let (tok_a, _) = token(&emu, &client_a).await;
    let mut a = Rtm::dal(&emu).await;
    assert_eq!(a.login(&tok_a).await["success"], true);
    let (tok_b, _) = token(&emu, &http()).await;
    let mut b = Rtm::dal(&emu).await;
    assert_eq!(
        b.err("login", json!({"token": format!("Bearer {tok_b}")}))
            .await,
        "users_limit_reached"
    );
    // The online customer may still open another tab.
    let (tok_a2, _) = token(&emu, &client_a).await;
    let mut a2 = Rtm::dal(&emu).await;
    assert_eq!(a2.login(&tok_a2).await["success"], true);
    emu.shutdown().await;
}

#[tokio::test]
async fn login_deadline() {
    let emu = emulator_with(cfg(Limits {
        login_timeout_secs: 1,
        ..Default::default()
    }))
    .await;
    let mut rtm = Rtm::dal(&emu).await;
    let frames = rtm.until_closed().await;
    assert_eq!(frames[0]["payload"]["reason"], "connection_timeout");
    emu.shutdown().await;
}

#[tokio::test]
async fn inactivity_timeout() {
    let emu = emulator_with(cfg(Limits {
        inactivity_timeout_secs: 1,
        ..Default::default()
    }))
    .await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let frames = rtm.until_closed().await;
    assert_eq!(
        frames.last().unwrap()["payload"]["reason"],
        "inactivity_timeout"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn websocket_pings_keep_a_connection_alive_and_silence_cuts_it() {
    let emu = emulator_with(cfg(Limits {
        ping_interval_secs: 1,
        idle_timeout_secs: 3,
        ..Default::default()
    }))
    .await;
    let (mut live, _, _) = Rtm::customer(&emu).await;
    let (mut silent, _, _) = Rtm::customer(&emu).await;
    // `live` keeps reading (tungstenite answers pings while reading) for longer than the idle timeout
    // and never sends the `ping` action.
    let until = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio::time::Instant::now() < until {
        if let Ok(m) = tokio::time::timeout(
            Duration::from_millis(200),
            futures_util::StreamExt::next(&mut live.ws),
        )
        .await
        {
            let m = m.expect("live socket stays open").expect("no error");
            assert!(
                !m.is_close() && !m.is_text(),
                "unexpected frame on the live socket: {m:?}"
            );
        }
    }
    live.ok("get_customer", json!({})).await;
    // `silent` did not read, so it answered no ping: cut with connection_timeout.
    let frames = silent.until_closed().await;
    assert_eq!(
        frames.last().unwrap()["payload"]["reason"],
        "connection_timeout"
    );
    emu.shutdown().await;
}

fn two_regions() -> EmulatorConfig {
    let mut c = EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    c.licenses.push(livechat_emulator::config::LicenseConfig {
        id: 777,
        region: "fra".into(),
        expired: false,
        properties: json!({}),
    });
    c.groups.push(livechat_emulator::config::GroupConfig {
        id: 0,
        license_id: Some(777),
        name: "EU".into(),
        status: "online".into(),
        properties: json!({}),
    });
    c
}

async fn token_for(emu: &livechat_emulator::Emulator, license: u64) -> String {
    let body = json!({"grant_type": "cookie", "client_id": "t", "license_id": license});
    let v: serde_json::Value = http()
        .post(format!("{}/customer/token", emu.url()))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn misdirected_connection_names_the_right_region() {
    let emu = emulator_with(two_regions()).await;
    // dal license on the fra endpoint.
    let tok = token_for(&emu, LICENSE).await;
    let mut rtm = Rtm::connect(&emu.rtm_url(Some("fra"), LICENSE)).await;
    rtm.send_login(&tok, json!({})).await;
    let frames = rtm.until_closed().await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0]["action"], "customer_disconnected");
    assert_eq!(
        frames[0]["payload"],
        json!({"reason": "misdirected_connection", "data": {"region": "dal"}})
    );
    // fra license on the default (dal) endpoint, then on its own region.
    let tok = token_for(&emu, 777).await;
    assert!(tok.starts_with("fra:"));
    let mut rtm = Rtm::connect(&emu.rtm_url(None, 777)).await;
    rtm.send_login(&tok, json!({})).await;
    assert_eq!(
        rtm.until_closed().await[0]["payload"]["data"]["region"],
        "fra"
    );
    let mut rtm = Rtm::connect(&emu.rtm_url(Some("fra"), 777)).await;
    assert_eq!(rtm.login(&tok).await["success"], true);
    // The explicit dal prefix is the default region.
    let tok = token_for(&emu, LICENSE).await;
    let mut rtm = Rtm::connect(&emu.rtm_url(Some("dal"), LICENSE)).await;
    assert_eq!(rtm.login(&tok).await["success"], true);
    // Web API: misdirected_request with data.region.
    let r = reqwest::Client::new()
        .post(format!(
            "{}/v3.3/customer/action/get_customer?license_id=777",
            emu.url()
        ))
        .bearer_auth(token_for(&emu, 777).await)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 421);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"]["type"], "misdirected_request");
    assert_eq!(v["error"]["data"]["region"], "fra");
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_license_and_unknown_region() {
    let emu = emulator().await;
    let mut rtm = Rtm::connect(&emu.rtm_url(None, 999)).await;
    assert_eq!(
        rtm.until_closed().await[0]["payload"]["reason"],
        "license_not_found"
    );
    let r = reqwest::Client::new()
        .get(format!("{}/v3.3/customer/rtm/ws", emu.url()))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    let r = reqwest::Client::new()
        .get(format!(
            "{}/mars/v3.3/customer/rtm/ws?license_id=1",
            emu.url()
        ))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    emu.shutdown().await;
}
