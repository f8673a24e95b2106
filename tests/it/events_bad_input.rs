//! Server input the emulator never sends on purpose, from a scripted fake server: malformed or
//! unexpected frames are skipped (no event, no panic, the connection lives on), malformed replies
//! give typed errors, and pushes the emulator does not send still become their events.

use crate::support::fake::{FakeServer, Reply};
use livechat_core::types::*;
use livechat_core::{ErrorCode, Event, Status};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_page_updated_push_becomes_the_event() {
    let server = FakeServer::start(|_, _| Reply::Ok(json!({}))).await;
    let me = server.customer().await;
    server.push(
        "customer_page_updated",
        json!({"url": "https://example.com/pricing", "title": "Pricing", "opened_at": "2021-05-25T10:00:00.000000Z"}),
    );
    let event = me.events.wait_for("customer_page_updated", |_| true).await;
    assert_eq!(
        event.payload_json(),
        json!({"url": "https://example.com/pricing", "title": "Pricing", "openedAt": "2021-05-25T10:00:00.000000Z"})
    );
    // A page without a title: `title` is null, not an invented "".
    server.push(
        "customer_page_updated",
        json!({"url": "https://example.com/", "opened_at": "2021-05-25T10:01:00.000000Z"}),
    );
    let event = me
        .events
        .wait_for("customer_page_updated", |e| {
            e.payload_json()["url"] == "https://example.com/"
        })
        .await;
    assert_eq!(
        event.payload_json(),
        json!({"url": "https://example.com/", "title": null, "openedAt": "2021-05-25T10:01:00.000000Z"})
    );
    me.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_and_pushes_are_skipped_and_the_connection_survives() {
    let server = FakeServer::start(|_, _| Reply::Ok(json!({}))).await;
    let me = server.customer().await;
    let mark = me.events.mark();
    server.raw("this is not json".into());
    server.raw("[1, 2, 3]".into());
    server.raw(json!({"type": "push"}).to_string());
    server.push(
        "incoming_event",
        json!({"chat_id": "C", "event": {"type": "message", "text": "no id"}}),
    );
    server.push(
        "incoming_event",
        json!({"chat_id": "C", "thread_id": "T", "event": {"id": "E0", "type": "form"}}),
    );
    server.push(
        "incoming_chat",
        json!({"chat": {"id": 42, "users": "nobody"}}),
    );
    server.push(
        "incoming_typing_indicator",
        json!({"chat_id": "C", "typing_indicator": []}),
    );
    server.push("chat_transferred", json!({"chat_id": "C"}));
    server.push(
        "queue_position_updated",
        json!({"chat_id": "C", "queue": "first"}),
    );
    server.push("user_added_to_chat", json!({"chat_id": "C", "user": null}));
    server.push("incoming_greeting", json!({"id": -1, "unique_id": "U"}));
    server.push("customer_updated", json!("not an object"));
    server.push("brand_new_push", json!({"anything": true}));
    // A good push after all that still arrives, and nothing before it was emitted.
    server.push(
        "incoming_event",
        json!({"chat_id": "C", "thread_id": "T", "event": {"id": "E1", "type": "message", "text": "still here",
            "author_id": "agent", "created_at": "2021-05-25T10:00:00.000000Z"}}),
    );
    let good = me.events.wait_after(mark, "incoming_event", |_| true).await;
    assert!(
        matches!(&good, Event::IncomingEvent { event: ChatEvent::Message(m), .. } if m.text == "still here")
    );
    assert_eq!(me.events.all()[mark..], [good]);
    assert_eq!(me.status(), Status::Connected);
    me.client
        .get_customer()
        .await
        .expect_err("the fake answers {} to get_customer");
    me.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_replies_are_bad_response_errors() {
    let server = FakeServer::start(|action, _| match action {
        "get_customer" => Reply::Ok(json!({"name": "no id"})),
        "list_chats" => Reply::Ok(json!({"chats_summary": "nope"})),
        "get_chat" => Reply::Ok(json!([])),
        "list_threads" => Reply::Ok(json!({"threads": [{"no": "id"}]})),
        "get_predicted_agent" => Reply::Ok(json!({"queue": false})),
        "send_event" => Reply::Push(
            "incoming_event",
            json!({"chat_id": "C", "thread_id": "T",
            "event": {"id": "E", "type": "form", "fields": []}}),
        ),
        "start_chat" => Reply::Push("incoming_chat", json!({"chat": {"id": "C"}})),
        _ => Reply::Ok(json!({})),
    })
    .await;
    let me = server.customer().await;
    let c = &me.client;
    let code = |e: livechat_core::Error| e.code;
    assert_eq!(
        code(c.get_customer().await.unwrap_err()),
        ErrorCode::BadResponse
    );
    assert_eq!(
        code(c.list_chats(ListChatsParams::default()).await.unwrap_err()),
        ErrorCode::BadResponse
    );
    assert_eq!(
        code(
            c.get_chat(GetChatParams {
                chat_id: "C".into(),
                thread_id: None
            })
            .await
            .unwrap_err()
        ),
        ErrorCode::BadResponse
    );
    assert_eq!(
        code(
            c.list_threads(ListThreadsParams {
                chat_id: "C".into(),
                ..Default::default()
            })
            .await
            .unwrap_err()
        ),
        ErrorCode::BadResponse
    );
    assert_eq!(
        code(
            c.get_predicted_agent(GetPredictedAgentParams::default())
                .await
                .unwrap_err()
        ),
        ErrorCode::BadResponse
    );
    let sent = c
        .send_event(SendEventParams {
            chat_id: "C".into(),
            event: NewEvent::message("hi"),
            attach_to_last_thread: None,
        })
        .await
        .unwrap_err();
    assert_eq!(sent.code, ErrorCode::BadResponse);
    assert!(!sent.message.is_empty());
    assert_eq!(
        code(c.start_chat(StartChatParams::default()).await.unwrap_err()),
        ErrorCode::BadResponse
    );
    me.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_chat_and_cancel_rate_without_threads_are_missing_chat_thread() {
    let server = FakeServer::start(|action, _| match action {
        "list_threads" => Reply::Ok(json!({"threads": [], "found_threads": 0})),
        _ => Reply::Ok(json!({})),
    })
    .await;
    let me = server.customer().await;
    let err = me
        .client
        .rate_chat(RateChatParams {
            chat_id: "EMPTY".into(),
            rating: Rating {
                score: 0,
                comment: None,
            },
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingChatThread);
    assert_eq!(err.message, "There is no thread in \"EMPTY\".");
    let err = me
        .client
        .cancel_rate(CancelRateParams {
            chat_id: "EMPTY".into(),
            properties: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingChatThread);
    // Only the thread lookups were sent, never a property update.
    let received = server.received.lock().unwrap().clone();
    assert!(
        !received.iter().any(|a| a.contains("thread_properties")),
        "{received:?}"
    );
    me.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_chat_targets_the_newest_thread() {
    let server = FakeServer::start(|action, payload| match action {
        "list_threads" => Reply::Ok(json!({"threads": [
            {"id": "NEWEST", "active": true, "created_at": "2021-05-25T10:00:00Z", "user_ids": [], "events": []},
            {"id": "OLDER", "active": false, "created_at": "2021-05-24T10:00:00Z", "user_ids": [], "events": []}]})),
        "update_thread_properties" if payload["thread_id"] == "NEWEST"
            && payload["properties"] == json!({"rating": {"score": 1}}) => Reply::Ok(json!({})),
        _ => Reply::Error("validation", "unexpected request"),
    })
    .await;
    let me = server.customer().await;
    me.client
        .rate_chat(RateChatParams {
            chat_id: "C".into(),
            rating: Rating {
                score: 1,
                comment: None,
            },
        })
        .await
        .unwrap();
    me.destroy().await;
}
