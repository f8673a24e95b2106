//! Engine-side error codes (CONNECTION_LOST, REQUEST_TIMEOUT, NO_CONNECTION, SDK_DESTROYED,
//! PENDING_REQUESTS_LIMIT_REACHED, WRONG_THREAD, VALIDATION, server codes passed through),
//! and robustness against any server frame.

use std::sync::Arc;
use std::time::Duration;

use crate::support::engine::*;
use async_trait::async_trait;
use futures_util::{SinkExt, StreamExt};
use livechat_core::{runtime, Client, Config, Error, ErrorCode, Status, Token, TokenProvider};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_no_connection_before_connect() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    let client = Client::init(cfg, None, None).unwrap();
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::NoConnection, "No connection.")
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_sdk_destroyed_for_in_flight_and_later_requests() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    control(
        &emu,
        "delay",
        json!({ "action": "get_customer", "ms": 30_000 }),
    )
    .await;
    let in_flight = {
        let c = client.clone();
        tokio::spawn(async move { c.send_raw("get_customer", json!({})).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await; // let the request go out
    client.destroy().await.unwrap();
    let err = in_flight.await.unwrap().unwrap_err();
    assert_eq!(err.code, ErrorCode::SdkDestroyed);
    assert!(!err.message.is_empty());
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::SdkDestroyed, "SDK destroyed.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_connection_lost_fails_in_flight_requests_at_once() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.request_timeout = Duration::from_secs(120); // so only the drop can settle it
    let (client, recorder) = client(cfg);
    let customer = connected(&client, &recorder).await;
    control(
        &emu,
        "delay",
        json!({ "action": "get_customer", "ms": 60_000 }),
    )
    .await;
    let in_flight = {
        let c = client.clone();
        tokio::spawn(async move { c.send_raw("get_customer", json!({})).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    control(&emu, "drop", json!({ "customer_id": customer })).await;
    let err = tokio::time::timeout(WAIT, in_flight)
        .await
        .expect("settled")
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::ConnectionLost, "Connection lost.")
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_connection_lost_on_disconnect() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    control(
        &emu,
        "delay",
        json!({ "action": "get_customer", "ms": 30_000 }),
    )
    .await;
    let in_flight = {
        let c = client.clone();
        tokio::spawn(async move { c.send_raw("get_customer", json!({})).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    client.disconnect().await.unwrap();
    let err = in_flight.await.unwrap().unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::ConnectionLost,
        "disconnect() settles in-flight calls"
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_request_timeout_after_the_configured_timeout() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.request_timeout = Duration::from_millis(700);
    let (client, recorder) = client(cfg);
    recorder.wait("connected").await;
    control(
        &emu,
        "delay",
        json!({ "action": "get_customer", "ms": 20_000 }),
    )
    .await;
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::RequestTimeout, "Request timed out.")
    );
    // The connection itself is fine.
    control(&emu, "delay", json!({ "action": "get_customer", "ms": 0 })).await;
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
    assert_eq!(client.status(), Status::Connected);
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_pending_requests_limit_reached_from_the_server() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    control(
        &emu,
        "fail",
        json!({ "action": "get_customer", "count": 1,
                "error": { "type": "pending_requests_limit_reached", "message": "Requests limit reached" } }),
    )
    .await;
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PendingRequestsLimitReached);
    assert_eq!(err.message, "Requests limit reached");
    assert!(
        client.send_raw("get_customer", json!({})).await.is_ok(),
        "only `count` requests fail"
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_pending_requests_limit_reached_by_the_real_limit() {
    // Eleven requests in flight on one socket: the server's limit is 10.
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    control(
        &emu,
        "delay",
        json!({ "action": "get_customer", "ms": 1500 }),
    )
    .await;
    let calls: Vec<_> = (0..11)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send_raw("get_customer", json!({})).await })
        })
        .collect();
    let mut limited = 0;
    for call in calls {
        if let Err(e) = call.await.unwrap() {
            assert_eq!(e.code, ErrorCode::PendingRequestsLimitReached, "{e}");
            limited += 1;
        }
    }
    assert!(limited >= 1);
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_standard_server_codes_pass_through_with_messages() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    let codes = [
        ("customer_banned", ErrorCode::CustomerBanned),
        ("group_not_found", ErrorCode::GroupNotFound),
        ("internal", ErrorCode::Internal),
        ("request_timeout", ErrorCode::RequestTimeout),
        ("service_unavailable", ErrorCode::ServiceUnavailable),
        ("validation", ErrorCode::Validation),
        (
            "brand_new_error",
            ErrorCode::Other {
                code: "BRAND_NEW_ERROR".into(),
            },
        ),
    ];
    for (wire, code) in codes {
        control(
            &emu,
            "fail",
            json!({ "action": "get_customer", "count": 1, "error": { "type": wire, "message": "" } }),
        )
        .await;
        let err = client
            .send_raw("get_customer", json!({}))
            .await
            .unwrap_err();
        assert_eq!(err.code, code);
        assert!(!err.message.is_empty(), "never an empty message ({wire})");
    }
    client.destroy().await.unwrap();
}

#[test]
fn error_wrong_thread_for_blocking_calls_on_a_runtime_thread() {
    let err = runtime::block_on(async { runtime::block_on(async { 1 }) })
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongThread);
    let host_runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let err = host_runtime
        .block_on(async { runtime::block_on(async { 1 }) })
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::WrongThread,
        "also from a host's own runtime"
    );
    assert_eq!(
        runtime::block_on(async { 2 }).unwrap(),
        2,
        "fine from a plain thread"
    );
}

#[test]
fn error_invalid_argument_at_init() {
    let good = Config::for_emulator("http://127.0.0.1:1", "http://127.0.0.1:1/fra", 1);
    type Break = Box<dyn Fn(&mut Config)>;
    let cases: Vec<(&str, Break)> = vec![
        ("license 0", Box::new(|c| c.license_id = 0)),
        ("empty client id", Box::new(|c| c.client_id = String::new())),
        (
            "bad origin",
            Box::new(|c| c.api_origin_dal = "not a url".into()),
        ),
        (
            "plain http off loopback",
            Box::new(|c| c.api_origin_fra = "http://example.com".into()),
        ),
        (
            "ftp accounts",
            Box::new(|c| c.accounts_origin = "ftp://127.0.0.1".into()),
        ),
        (
            "zero timeout",
            Box::new(|c| c.request_timeout = Duration::ZERO),
        ),
        (
            "ping timeout >= interval",
            Box::new(|c| c.ping_timeout = c.ping_interval),
        ),
        (
            "bad page url",
            Box::new(|c| {
                c.page = Some(livechat_core::Page {
                    url: Some("::".into()),
                    title: None,
                })
            }),
        ),
    ];
    for (what, break_it) in cases {
        let mut cfg = good.clone();
        cfg.auto_connect = false;
        break_it(&mut cfg);
        let err = Client::init(cfg, None, None)
            .err()
            .unwrap_or_else(|| panic!("{what} accepted"));
        assert_eq!(err.code, ErrorCode::Validation, "{what}");
        assert!(!err.message.is_empty());
    }
    let mut insecure = good.clone();
    insecure.auto_connect = false;
    insecure.api_origin_fra = "http://example.com".into();
    insecure.allow_insecure = true;
    assert!(
        Client::init(insecure, None, None).is_ok(),
        "explicit opt-in allows plain http"
    );
}

#[test]
fn error_invalid_argument_for_unknown_event_names_and_raw_login() {
    let mut cfg = Config::for_emulator("http://127.0.0.1:1", "http://127.0.0.1:1/fra", 1);
    cfg.auto_connect = false;
    let client = Client::init(cfg, None, None).unwrap();
    assert_eq!(
        client
            .on("Connected", |_: &livechat_core::Event| {})
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    assert!(client.on("*", |_: &livechat_core::Event| {}).is_ok());
    let err = runtime::block_on({
        let c = client.clone();
        async move { c.send_raw("login", json!({})).await }
    })
    .unwrap()
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
}

// ----- a scripted server: nothing panics on any frame -----------------------------------------

struct StaticToken;

#[async_trait]
impl TokenProvider for StaticToken {
    async fn get_token(&self) -> Result<Token, Error> {
        Ok(Token {
            access_token: "dal:static".into(),
            entity_id: "customer-1".into(),
            expires_in: 3_600_000,
            token_type: "Bearer".into(),
            creation_date: 0,
            license_id: 1,
        })
    }
    async fn invalidate(&self) -> Result<(), Error> {
        Ok(())
    }
}

/// Answers login, then sends every kind of malformed frame, then answers requests normally.
async fn scripted_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
        let garbage: Vec<Message> = vec![
            Message::text("not json"),
            Message::text("[1,2,3]"),
            Message::text("42"),
            Message::text("{}"),
            Message::text(r#"{"type":"response","request_id":"999999","success":true}"#),
            Message::text(r#"{"type":"response","request_id":{"x":1},"success":"yes"}"#),
            Message::text(r#"{"type":"response","request_id":"1","success":false,"payload":7}"#),
            Message::text(r#"{"type":"push","action":"incoming_event","payload":null}"#),
            Message::text(r#"{"type":"push","action":"incoming_chat","payload":{"chat":5}}"#),
            Message::text(
                r#"{"type":"push","action":"customer_side_storage_updated","payload":[]}"#,
            ),
            Message::text(r#"{"type":"push","action":"no_such_push","payload":{"a":[{}]}}"#),
            Message::text(r#"{"action":12,"payload":"x"}"#),
            Message::binary(vec![0xff, 0xfe, 0x00]),
            Message::binary(br#"{"type":"push","action":"incoming_typing_indicator"}"#.to_vec()),
        ];
        while let Some(Ok(message)) = ws.next().await {
            let Ok(text) = message.to_text() else {
                continue;
            };
            let Ok(frame) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let id = frame["request_id"].clone();
            let action = frame["action"].as_str().unwrap_or("").to_owned();
            if action == "login" {
                let login = json!({ "type": "response", "action": "login", "request_id": id, "success": true,
                    "payload": { "customer": { "id": "customer-1", "type": "customer", "statistics": {} },
                                 "has_active_thread": false, "chats": [],
                                 "__priv_dynamic_config": { "online_groups_ids": [0],
                                     "customer_groups": { "monitoring": { "id": 0 } } } } });
                ws.send(Message::text(login.to_string())).await.unwrap();
                for message in garbage.clone() {
                    ws.send(message).await.unwrap();
                }
            } else {
                let reply = json!({ "type": "response", "action": action, "request_id": id, "success": true,
                                    "payload": { "echo": action } });
                ws.send(Message::text(reply.to_string())).await.unwrap();
            }
        }
    });
    (origin, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_server_frames_never_panic_or_break_the_connection() {
    let (origin, server) = scripted_server().await;
    let cfg = Config::for_emulator(&origin, &origin, 1);
    let (client, recorder) = client_with(cfg, Some(Arc::new(StaticToken)), None);
    recorder.wait("connected").await;
    // After all the garbage the link still works and nothing was torn down.
    let reply = client.send_raw("get_customer", json!({})).await.unwrap();
    assert_eq!(reply["echo"], "get_customer");
    assert_eq!(client.status(), Status::Connected);
    client.destroy().await.unwrap();
    server.abort();
}
