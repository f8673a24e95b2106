//! Error codes of the request methods: the standard codes of the docs, the client-side gating
//! (NO_CONNECTION, SDK_DESTROYED), and argument validation that sends nothing.

use std::collections::HashMap;
use std::time::Duration;

use crate::support::fake::{FakeServer, Reply};
use crate::support::TestEnv;
use livechat_core::types::*;
use livechat_core::{Client, CustomerData, ErrorCode, Page};
use serde_json::json;

/// Calls every request method once with plausible arguments and returns each outcome's code
/// (None = success).
async fn call_every_method(c: &Client) -> Vec<(&'static str, Option<ErrorCode>)> {
    fn code<T>(r: livechat_core::error::Result<T>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }
    let chat = || "CHAT".to_owned();
    let props = || {
        HashMap::from([(
            "test".to_owned(),
            HashMap::from([("k".to_owned(), json!(1))]),
        )])
    };
    let names = || HashMap::from([("test".to_owned(), vec!["k".to_owned()])]);
    let history = c
        .get_chat_history(GetChatHistoryParams { chat_id: chat() })
        .unwrap();
    vec![
        (
            "acceptGreeting",
            code(
                c.accept_greeting(AcceptGreetingParams {
                    greeting_id: 1,
                    unique_id: "U".into(),
                })
                .await,
            ),
        ),
        (
            "cancelGreeting",
            code(
                c.cancel_greeting(CancelGreetingParams {
                    unique_id: "U".into(),
                })
                .await,
            ),
        ),
        (
            "cancelRate",
            code(
                c.cancel_rate(CancelRateParams {
                    chat_id: chat(),
                    properties: None,
                })
                .await,
            ),
        ),
        (
            "deactivateChat",
            code(c.deactivate_chat(DeactivateChatParams { id: chat() }).await),
        ),
        (
            "deleteChatProperties",
            code(
                c.delete_chat_properties(DeleteChatPropertiesParams {
                    id: chat(),
                    properties: names(),
                })
                .await,
            ),
        ),
        (
            "deleteEventProperties",
            code(
                c.delete_event_properties(DeleteEventPropertiesParams {
                    chat_id: chat(),
                    thread_id: "T".into(),
                    event_id: "E".into(),
                    properties: names(),
                })
                .await,
            ),
        ),
        (
            "deleteThreadProperties",
            code(
                c.delete_thread_properties(DeleteThreadPropertiesParams {
                    chat_id: chat(),
                    thread_id: "T".into(),
                    properties: names(),
                })
                .await,
            ),
        ),
        (
            "getChat",
            code(
                c.get_chat(GetChatParams {
                    chat_id: chat(),
                    thread_id: None,
                })
                .await,
            ),
        ),
        ("getChatHistory", code(history.next().await)),
        ("getCustomer", code(c.get_customer().await)),
        (
            "getForm",
            code(
                c.get_form(GetFormParams {
                    group_id: 0,
                    kind: FormType::Prechat,
                })
                .await,
            ),
        ),
        (
            "getPredictedAgent",
            code(
                c.get_predicted_agent(GetPredictedAgentParams::default())
                    .await,
            ),
        ),
        (
            "getUrlInfo",
            code(
                c.get_url_info(GetUrlInfoParams {
                    url: "https://www.livechat.com".into(),
                })
                .await,
            ),
        ),
        (
            "listChats",
            code(c.list_chats(ListChatsParams::default()).await),
        ),
        (
            "listGroupStatuses",
            code(
                c.list_group_statuses(ListGroupStatusesParams::default())
                    .await,
            ),
        ),
        (
            "listThreads",
            code(
                c.list_threads(ListThreadsParams {
                    chat_id: chat(),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "markEventsAsSeen",
            code(
                c.mark_events_as_seen(MarkEventsAsSeenParams {
                    chat_id: chat(),
                    seen_up_to: "2021-05-25T10:00:00Z".into(),
                })
                .await,
            ),
        ),
        (
            "rateChat",
            code(
                c.rate_chat(RateChatParams {
                    chat_id: chat(),
                    rating: Rating::default(),
                })
                .await,
            ),
        ),
        (
            "resumeChat",
            code(
                c.resume_chat(ResumeChatParams {
                    chat: ResumeChatData {
                        id: chat(),
                        ..Default::default()
                    },
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "sendEvent",
            code(
                c.send_event(SendEventParams {
                    chat_id: chat(),
                    event: NewEvent::message("hi"),
                    attach_to_last_thread: None,
                })
                .await,
            ),
        ),
        (
            "sendRichMessagePostback",
            code(
                c.send_rich_message_postback(SendRichMessagePostbackParams {
                    chat_id: chat(),
                    thread_id: "T".into(),
                    event_id: "E".into(),
                    postback: Postback {
                        id: "p".into(),
                        toggled: true,
                    },
                })
                .await,
            ),
        ),
        (
            "setCustomerSessionFields",
            code(
                c.set_customer_session_fields(SetCustomerSessionFieldsParams {
                    session_fields: vec![("a".into(), "b".into())],
                })
                .await,
            ),
        ),
        (
            "startChat",
            code(c.start_chat(StartChatParams::default()).await),
        ),
        (
            "updateChatProperties",
            code(
                c.update_chat_properties(UpdateChatPropertiesParams {
                    id: chat(),
                    properties: props(),
                })
                .await,
            ),
        ),
        (
            "updateCustomer",
            code(
                c.update_customer(CustomerData {
                    name: Some("N".into()),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "updateEventProperties",
            code(
                c.update_event_properties(UpdateEventPropertiesParams {
                    chat_id: chat(),
                    thread_id: "T".into(),
                    event_id: "E".into(),
                    properties: props(),
                })
                .await,
            ),
        ),
        (
            "updateThreadProperties",
            code(
                c.update_thread_properties(UpdateThreadPropertiesParams {
                    chat_id: chat(),
                    thread_id: "T".into(),
                    properties: props(),
                })
                .await,
            ),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_method_while_disconnected_is_no_connection() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    me.client.disconnect().await.unwrap();
    for (method, code) in call_every_method(&me.client).await {
        assert_eq!(code, Some(ErrorCode::NoConnection), "{method}");
    }
    // The two fire-and-forget methods do not fail: dropped / deferred, as documented.
    me.client
        .set_sneak_peek(SetSneakPeekParams {
            chat_id: "CHAT".into(),
            sneak_peek_text: "x".into(),
        })
        .unwrap();
    me.client
        .update_customer_page(Page {
            url: Some("https://example.com/".into()),
            title: None,
        })
        .unwrap();
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_method_after_destroy_is_sdk_destroyed() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    me.client.destroy().await.unwrap();
    for (method, code) in call_every_method(&me.client).await {
        assert_eq!(code, Some(ErrorCode::SdkDestroyed), "{method}");
    }
    // The two fire-and-forget methods stay silent after destroy too (the docs' methods never fail).
    me.client
        .set_sneak_peek(SetSneakPeekParams {
            chat_id: "CHAT".into(),
            sneak_peek_text: "x".into(),
        })
        .unwrap();
    me.client
        .update_customer_page(Page {
            url: None,
            title: Some("T".into()),
        })
        .unwrap();
    let ticket = me
        .client
        .send_ticket_form(SendTicketFormParams {
            filled_form: TicketForm {
                form_id: String::new(),
                fields: vec![FilledFormField {
                    kind: "email".into(),
                    ..Default::default()
                }],
            },
            ..Default::default()
        })
        .await;
    assert_eq!(ticket.unwrap_err().code, ErrorCode::SdkDestroyed);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_codes_reach_the_caller_typed_with_their_message() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    for wire in [
        "customer_banned",
        "group_not_found",
        "internal",
        "pending_requests_limit_reached",
        "request_timeout",
        "service_unavailable",
        "validation",
        "greeting_not_found",
        "group_offline",
        "group_unavailable",
        "chat_already_active",
        "groups_offline",
        "chat_limit_reached",
        "customer_session_fields_limit_reached",
        "some_future_code",
    ] {
        env.fail_next("get_customer", wire, 1).await;
        let err = me.client.get_customer().await.unwrap_err();
        assert_eq!(err.code.as_str(), wire.to_uppercase(), "{wire}");
        assert_eq!(err.message, format!("injected {wire}"));
    }
    // The connection is unharmed.
    me.client.get_customer().await.unwrap();
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_not_found_and_validation_from_real_server_checks() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let err = me
        .client
        .get_predicted_agent(GetPredictedAgentParams { group_id: Some(99) })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::GroupNotFound);
    // A URL that parses but that the service refuses.
    let err = me
        .client
        .get_url_info(GetUrlInfoParams {
            url: "http://ab".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_pending_requests_is_pending_requests_limit_reached() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // Held replies keep the requests pending on the server (10 allowed per socket).
    env.control("delay", json!({"action": "get_customer", "ms": 1500}))
        .await;
    let calls: Vec<_> = (0..15)
        .map(|_| {
            let client = me.client.clone();
            tokio::spawn(async move { client.get_customer().await })
        })
        .collect();
    let mut limited = 0;
    let mut ok = 0;
    for call in calls {
        match call.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) if e.code == ErrorCode::PendingRequestsLimitReached => limited += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert!(limited >= 1, "some hit the limit ({ok} ok)");
    assert!(ok >= 1, "the others succeed ({limited} limited)");
    env.control("delay", json!({"action": "get_customer", "ms": 0}))
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_slower_than_the_request_timeout_is_request_timeout() {
    let env = TestEnv::start().await;
    let mut config = env.config();
    config.request_timeout = Duration::from_secs(1);
    config.ping_interval = Duration::from_secs(15);
    let me = env.customer_with(config).await;
    env.control("delay", json!({"action": "get_customer", "ms": 5000}))
        .await;
    let err = me.client.get_customer().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::RequestTimeout);
    env.control("delay", json!({"action": "get_customer", "ms": 0}))
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_arguments_are_rejected_before_anything_is_sent() {
    let server = FakeServer::start(|_, _| Reply::Ok(json!({}))).await;
    let me = server.customer().await;
    let c = &me.client;
    let empty = String::new;
    let props = HashMap::from([("ns".to_owned(), HashMap::from([("k".to_owned(), json!(1))]))]);
    let names = HashMap::from([("ns".to_owned(), vec!["k".to_owned()])]);
    let results: Vec<(&str, ErrorCode)> = vec![
        (
            "acceptGreeting",
            c.accept_greeting(AcceptGreetingParams {
                greeting_id: 1,
                unique_id: empty(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "cancelGreeting",
            c.cancel_greeting(CancelGreetingParams {
                unique_id: " ".into(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "cancelRate",
            c.cancel_rate(CancelRateParams {
                chat_id: "C".into(),
                properties: Some(vec![]),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "deactivateChat",
            c.deactivate_chat(DeactivateChatParams { id: empty() })
                .await
                .unwrap_err()
                .code,
        ),
        (
            "deleteChatProperties",
            c.delete_chat_properties(DeleteChatPropertiesParams {
                id: "C".into(),
                properties: HashMap::new(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "deleteEventProperties",
            c.delete_event_properties(DeleteEventPropertiesParams {
                chat_id: "C".into(),
                thread_id: "T".into(),
                event_id: empty(),
                properties: names.clone(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "deleteThreadProperties",
            c.delete_thread_properties(DeleteThreadPropertiesParams {
                chat_id: "C".into(),
                thread_id: empty(),
                properties: names.clone(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "getChat",
            c.get_chat(GetChatParams {
                chat_id: "C".into(),
                thread_id: Some(empty()),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "getChatHistory",
            c.get_chat_history(GetChatHistoryParams { chat_id: empty() })
                .err()
                .unwrap()
                .code,
        ),
        (
            "getUrlInfo",
            c.get_url_info(GetUrlInfoParams {
                url: "ftp://files".into(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "listChats",
            c.list_chats(ListChatsParams {
                page_id: None,
                limit: Some(0),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "listGroupStatuses",
            c.list_group_statuses(ListGroupStatusesParams {
                group_ids: Some(vec![]),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "listThreads",
            c.list_threads(ListThreadsParams {
                chat_id: "C".into(),
                limit: Some(0),
                ..Default::default()
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "markEventsAsSeen",
            c.mark_events_as_seen(MarkEventsAsSeenParams {
                chat_id: "C".into(),
                seen_up_to: "2021-05-25".into(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "rateChat",
            c.rate_chat(RateChatParams {
                chat_id: "C".into(),
                rating: Rating {
                    score: 2,
                    comment: None,
                },
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "resumeChat",
            c.resume_chat(ResumeChatParams::default())
                .await
                .unwrap_err()
                .code,
        ),
        (
            "sendEvent",
            c.send_event(SendEventParams {
                chat_id: "C".into(),
                event: NewEvent::message(""),
                attach_to_last_thread: None,
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "sendRichMessagePostback",
            c.send_rich_message_postback(SendRichMessagePostbackParams {
                chat_id: "C".into(),
                thread_id: "T".into(),
                event_id: "E".into(),
                postback: Postback {
                    id: empty(),
                    toggled: true,
                },
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "sendTicketForm",
            c.send_ticket_form(SendTicketFormParams::default())
                .await
                .unwrap_err()
                .code,
        ),
        (
            "setCustomerSessionFields",
            c.set_customer_session_fields(SetCustomerSessionFieldsParams {
                session_fields: vec![(empty(), "v".into())],
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "setSneakPeek",
            c.set_sneak_peek(SetSneakPeekParams {
                chat_id: empty(),
                sneak_peek_text: "x".into(),
            })
            .unwrap_err()
            .code,
        ),
        (
            "startChat",
            c.start_chat(StartChatParams {
                chat: Some(StartChatData {
                    thread: Some(InitialThread {
                        events: vec![NewEvent::file("")],
                        properties: None,
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "updateChatProperties",
            c.update_chat_properties(UpdateChatPropertiesParams {
                id: empty(),
                properties: props.clone(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "updateCustomer",
            c.update_customer(CustomerData::default())
                .await
                .unwrap_err()
                .code,
        ),
        (
            "updateCustomerPage",
            c.update_customer_page(Page {
                url: Some("not a url".into()),
                title: None,
            })
            .unwrap_err()
            .code,
        ),
        (
            "updateEventProperties",
            c.update_event_properties(UpdateEventPropertiesParams {
                chat_id: "C".into(),
                thread_id: "T".into(),
                event_id: "E".into(),
                properties: HashMap::new(),
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "updateThreadProperties",
            c.update_thread_properties(UpdateThreadPropertiesParams {
                chat_id: "C".into(),
                thread_id: empty(),
                properties: props,
            })
            .await
            .unwrap_err()
            .code,
        ),
        (
            "uploadFile",
            c.upload_file(livechat_core::upload::UploadFileParams::new(vec![1], " "))
                .result()
                .await
                .unwrap_err()
                .code,
        ),
    ];
    for (method, code) in results {
        assert_eq!(code, ErrorCode::Validation, "{method}");
    }
    // Nothing but the login (and keep-alive pings) reached the server.
    let received = server.received.lock().unwrap().clone();
    assert!(
        received.iter().all(|a| a == "login" || a == "ping"),
        "{received:?}"
    );
    me.destroy().await;
}
