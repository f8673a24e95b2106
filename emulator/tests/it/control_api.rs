//! Control API: every op, and every disconnect reason reachable through it.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn every_disconnect_reason_is_delivered_then_the_socket_closes() {
    let emu = emulator().await;
    for reason in [
        "access_token_expired",
        "connection_evicted",
        "connection_timeout",
        "customer_banned",
        "customer_temporarily_blocked",
        "inactivity_timeout",
        "internal_error",
        "license_expired",
        "license_not_found",
        "misdirected_connection",
        "product_version_changed",
        "service_temporarily_unavailable",
        "too_many_connections",
        "too_many_unauthorized_connections",
        "unsupported_version",
    ] {
        let (mut rtm, cid, _) = Rtm::customer(&emu).await;
        let data = (reason == "misdirected_connection").then(|| json!({"region": "fra"}));
        let mut body = json!({"customer_id": cid, "reason": reason});
        if let Some(d) = &data {
            body["data"] = d.clone();
        }
        let (s, r) = control(&emu, "disconnect", body).await;
        assert_eq!(
            (s, r["connections"].as_u64()),
            (200, Some(1)),
            "{reason}: {r}"
        );
        let frames = rtm.until_closed().await;
        assert_eq!(frames.len(), 1, "{reason}: {frames:?}");
        assert_eq!(frames[0]["action"], "customer_disconnected");
        assert_eq!(frames[0]["payload"]["reason"], reason);
        if let Some(d) = data {
            assert_eq!(frames[0]["payload"]["data"], d);
        }
    }
    let (s, r) = control(
        &emu,
        "disconnect",
        json!({"customer_id": "nobody", "reason": "internal_error"}),
    )
    .await;
    assert_eq!((s, r["error"]["type"].as_str()), (404, Some("not_found")));
    let (_, cid) = token(&emu, &http()).await;
    let (s, r) = control(
        &emu,
        "disconnect",
        json!({"customer_id": cid, "reason": "bogus"}),
    )
    .await;
    assert_eq!((s, r["error"]["type"].as_str()), (400, Some("validation")));
    emu.shutdown().await;
}

#[tokio::test]
async fn fail_and_delay_injection() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let (s, _) = control(&emu, "fail", json!({"action": "get_customer", "count": 2, "error": {"type": "internal", "message": "boom"}})).await;
    assert_eq!(s, 200);
    let r = rtm.request("get_customer", json!({})).await;
    assert_eq!(
        r["payload"]["error"],
        json!({"type": "internal", "message": "boom"})
    );
    assert_eq!(rtm.err("get_customer", json!({})).await, "internal");
    rtm.ok("get_customer", json!({})).await;

    // Delayed replies still answer in full; other actions are not delayed meanwhile.
    control(&emu, "delay", json!({"action": "get_customer", "ms": 300})).await;
    let slow = rtm.send("get_customer", json!({})).await;
    let fast = rtm.send("list_chats", json!({})).await;
    let first = rtm
        .wait_for("any response", |f| f["type"] == "response")
        .await;
    assert_eq!(
        first["request_id"],
        fast.as_str(),
        "the undelayed request answers first"
    );
    assert_eq!(rtm.response(&slow).await["success"], true);
    control(&emu, "delay", json!({"action": "get_customer", "ms": 0})).await;

    // Failures for login reach the login flow.
    control(
        &emu,
        "fail",
        json!({"action": "login", "error": {"type": "service_temporarily_unavailable"}}),
    )
    .await;
    let (tok, _) = token(&emu, &http()).await;
    let mut other = Rtm::dal(&emu).await;
    assert_eq!(
        other
            .err("login", json!({"token": format!("Bearer {tok}")}))
            .await,
        "service_temporarily_unavailable"
    );
    assert_eq!(other.login(&tok).await["success"], true);
    emu.shutdown().await;
}

#[tokio::test]
async fn pending_requests_limit() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    control(&emu, "delay", json!({"action": "get_customer", "ms": 1000})).await;
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(rtm.send("get_customer", json!({})).await);
    }
    assert_eq!(
        rtm.err("list_chats", json!({})).await,
        "pending_requests_limit_reached"
    );
    for id in ids {
        assert_eq!(rtm.response(&id).await["success"], true);
    }
    rtm.ok("list_chats", json!({})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn drop_closes_without_a_close_frame() {
    let emu = emulator().await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (s, r) = control(&emu, "drop", json!({"customer_id": cid})).await;
    assert_eq!((s, r["connections"].as_u64()), (200, Some(1)));
    let m = tokio::time::timeout(WAIT, futures_util::StreamExt::next(&mut rtm.ws))
        .await
        .expect("socket ends");
    assert!(
        !matches!(
            m,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))
        ),
        "no close frame expected, got {m:?}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn token_lifetime_and_expiry() {
    let emu = emulator().await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (s, r) = control(&emu, "expire_token", json!({"customer_id": cid})).await;
    assert_eq!((s, r["connections"].as_u64()), (200, Some(1)));
    let frames = rtm.until_closed().await;
    assert_eq!(frames[0]["payload"]["reason"], "access_token_expired");

    // Short-lived tokens are cut by the server when they expire.
    control(&emu, "token_lifetime", json!({"seconds": 1})).await;
    let client = http();
    let body = json!({"grant_type": "cookie", "client_id": "t", "license_id": LICENSE});
    let v: serde_json::Value = client
        .post(format!("{}/customer/token", emu.url()))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["expires_in"], 1);
    let mut rtm = Rtm::dal(&emu).await;
    rtm.login(v["access_token"].as_str().unwrap()).await;
    let frames = rtm.until_closed().await;
    assert_eq!(
        frames.last().unwrap()["payload"]["reason"],
        "access_token_expired"
    );
    // The expired token is refused at login.
    let mut again = Rtm::dal(&emu).await;
    assert_eq!(
        again
            .err("login", json!({"token": v["access_token"]}))
            .await,
        "authentication"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn queue_and_bot_toggle_and_state() {
    let emu = emulator_with(livechat_emulator::EmulatorConfig {
        bot_delay_ms: 10,
        ..Default::default()
    })
    .await;
    control(
        &emu,
        "group_status",
        json!({"group_id": 0, "status": "online_for_queue"}),
    )
    .await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (chat, thread) = start_chat(&mut rtm, "queued?").await;
    let c = rtm.ok("get_chat", json!({"chat_id": chat})).await;
    assert_eq!(c["thread"]["queue"]["position"], 1);
    let (s, _) = control(
        &emu,
        "queue",
        json!({"chat_id": chat, "position": 3, "wait_time": 120}),
    )
    .await;
    assert_eq!(s, 200);
    let q = rtm.push("queue_position_updated").await["payload"].clone();
    assert_eq!(
        q,
        json!({"chat_id": chat, "thread_id": thread, "queue": {"position": 3, "wait_time": 120}})
    );

    let (s, _) = control(&emu, "bot", json!({"enabled": false})).await;
    assert_eq!(s, 200);
    let (_, st) = control(&emu, "state", json!({})).await;
    assert_eq!(st["bot"], false);
    assert_eq!(st["logged_in_connections"], 1);
    assert_eq!(st["customers"][0]["id"], cid.as_str());
    assert_eq!(st["chats"][0]["id"], chat.as_str());
    let (s, r) = control(
        &emu,
        "group_status",
        json!({"group_id": 0, "status": "sleepy"}),
    )
    .await;
    assert_eq!((s, r["error"]["type"].as_str()), (400, Some("validation")));
    let (s, _) = control(
        &emu,
        "group_status",
        json!({"group_id": 7, "status": "online"}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = control(&emu, "queue", json!({"chat_id": "x"})).await;
    assert_eq!(s, 400);
    emu.shutdown().await;
}

#[tokio::test]
async fn side_storage_and_multicast_pushes() {
    let emu = emulator().await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (s, _) = control(
        &emu,
        "side_storage",
        json!({"customer_id": cid, "customer_side_storage": {"visits": "3"}}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        rtm.push("customer_side_storage_updated").await["payload"],
        json!({"customer_side_storage": {"visits": "3"}})
    );
    let (s, _) = control(
        &emu,
        "multicast",
        json!({"customer_id": cid, "type": "custom", "content": {"x": 1}}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        rtm.push("incoming_multicast").await["payload"],
        json!({"content": {"x": 1}, "type": "custom"})
    );
    let (s, _) = control(&emu, "side_storage", json!({"customer_id": cid})).await;
    assert_eq!(s, 400);
    emu.shutdown().await;
}

#[tokio::test]
async fn delays_beyond_the_server_deadline_answer_request_timeout() {
    let limits = livechat_emulator::Limits {
        request_timeout_ms: 200,
        ..Default::default()
    };
    let emu = emulator_with(livechat_emulator::EmulatorConfig {
        bot: false,
        limits,
        ..Default::default()
    })
    .await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    control(&emu, "delay", json!({"action": "start_chat", "ms": 5000})).await;
    assert_eq!(rtm.err("start_chat", json!({})).await, "request_timeout");
    control(&emu, "delay", json!({"action": "start_chat", "ms": 0})).await;
    // Nothing was applied by the timed-out request.
    assert_eq!(rtm.ok("list_chats", json!({})).await["total_chats"], 0);
    emu.shutdown().await;
}
