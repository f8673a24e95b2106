//! Bad input never crashes the emulator or corrupts state: documented error frames / HTTP errors.

use crate::support::*;
use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn malformed_frames_get_error_responses_and_the_connection_survives() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let cases: Vec<(&str, &str)> = vec![
        ("{not json", "validation"),
        ("[1,2,3]", "validation"),
        ("\"text\"", "validation"),
        (r#"{"request_id":"a1"}"#, "validation"),
        (r#"{"request_id":"a2","action":5}"#, "validation"),
        (
            r#"{"request_id":"a3","action":"get_chat","payload":"x"}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a4","action":"no_such_action","payload":{}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a5","action":"get_chat","payload":{"chat_id":12}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a6","action":"list_chats","payload":{"limit":"ten"}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a7","action":"start_chat","payload":{"chat":{"thread":{"events":[null]}}}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a8","action":"start_chat","payload":{"chat":{"access":{"group_ids":["x"]}}}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a9","action":"get_customer","version":"3.4","payload":{}}"#,
            "unsupported_version",
        ),
        (
            r#"{"request_id":"a10","action":"get_customer","version":"3.2","payload":{}}"#,
            "validation",
        ),
        (
            r#"{"request_id":"a11","action":"upload_file","payload":{}}"#,
            "validation",
        ),
    ];
    for (text, kind) in cases {
        rtm.send_text(text).await;
        let f = rtm.wait_for(text, |f| f["type"] == "response").await;
        assert_eq!(f["success"], false, "{text}: {f}");
        assert_eq!(f["payload"]["error"]["type"], kind, "{text}: {f}");
        assert!(f["payload"]["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        if let Ok(Value::Object(req)) = serde_json::from_str::<Value>(text) {
            if let Some(rid) = req.get("request_id") {
                assert_eq!(&f["request_id"], rid, "request_id echoed");
            }
            if let Some(Value::String(a)) = req.get("action") {
                assert_eq!(f["action"], a.as_str(), "action echoed");
            }
        }
    }
    // Binary frames.
    rtm.ws
        .send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    let f = rtm.wait_for("binary", |f| f["type"] == "response").await;
    assert_eq!(f["payload"]["error"]["type"], "validation");
    // A request over the handled size (but under the frame limit) gets an error frame.
    let big = json!({"request_id": "big", "action": "update_customer", "payload": {"name": "x".repeat(300 * 1024)}});
    rtm.send_text(&big.to_string()).await;
    let f = rtm.wait_for("big", |f| f["type"] == "response").await;
    assert_eq!(f["payload"]["error"]["type"], "validation");
    // The connection and state still work.
    let (chat, _) = start_chat(&mut rtm, "still alive").await;
    assert_eq!(
        rtm.ok("get_chat", json!({"chat_id": chat})).await["id"],
        chat.as_str()
    );
    // Unknown request fields are ignored, not rejected.
    rtm.ok(
        "get_customer",
        json!({"whatever": [1, 2], "session_fields": []}),
    )
    .await;
    emu.shutdown().await;
}

#[tokio::test]
async fn oversized_websocket_message_closes_with_1009() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let huge = "x".repeat(2 << 20);
    let _ = rtm.ws.send(Message::Text(huge.into())).await;
    let mut code = None;
    while let Ok(Some(m)) =
        tokio::time::timeout(WAIT, futures_util::StreamExt::next(&mut rtm.ws)).await
    {
        match m {
            Ok(Message::Close(Some(f))) => {
                code = Some(u16::from(f.code));
                break;
            }
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    assert_eq!(code, Some(1009));
    // The emulator keeps serving others.
    let (mut other, _, _) = Rtm::customer(&emu).await;
    other.ok("ping", json!({})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn http_bad_input() {
    let emu = emulator().await;
    let c = reqwest::Client::new();
    let (tok, _) = token(&emu, &http()).await;
    let url = |a: &str| {
        format!(
            "{}/v3.3/customer/action/{a}?license_id={LICENSE}",
            emu.url()
        )
    };
    let r = c
        .post(url("get_customer"))
        .bearer_auth(&tok)
        .body("{bad")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["type"],
        "validation"
    );
    let r = c.post(url("get_customer")).body("{}").send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .post(url("get_customer"))
        .bearer_auth("dal:nope")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["type"],
        "authentication"
    );
    let r = c
        .post(format!("{}/v3.3/customer/action/get_customer", emu.url()))
        .bearer_auth(&tok)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(url("nope"))
        .bearer_auth(&tok)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c
        .post(url("get_chat"))
        .bearer_auth(&tok)
        .body(r#"{"chat_id": []}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(format!("{}/emulator/fail", emu.url()))
        .bearer_auth(emu.control_token())
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(format!("{}/emulator/fail", emu.url()))
        .bearer_auth(emu.control_token())
        .body(r#"{"action":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .get(format!("{}/nothing/here", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Oversized JSON bodies are refused without harm.
    let r = c
        .post(url("get_customer"))
        .bearer_auth(&tok)
        .body(vec![b' '; 3 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["type"],
        "entity_too_large"
    );
    let r = c
        .post(url("get_customer"))
        .bearer_auth(&tok)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    emu.shutdown().await;
}
