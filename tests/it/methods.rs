//! Every request method of the docs against the in-process emulator: typed results, the events
//! they cause, and client-side argument validation (nothing sent on VALIDATION).

use std::collections::HashMap;

use crate::support::{eventually, TestEnv, JANE};
use livechat_core::types::*;
use livechat_core::{CustomerData, ErrorCode, Event, Page};
use serde_json::{json, Value};

fn code<T: std::fmt::Debug>(result: livechat_core::error::Result<T>) -> ErrorCode {
    result.expect_err("expected an error").code
}

fn props(ns: &str, key: &str, value: Value) -> Properties {
    HashMap::from([(ns.to_owned(), HashMap::from([(key.to_owned(), value)]))])
}

fn names(ns: &str, key: &str) -> PropertyNames {
    HashMap::from([(ns.to_owned(), vec![key.to_owned()])])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_chat_returns_the_chat_and_emits_user_data() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let mark = me.events.mark();
    let started = me.start_chat().await;
    let chat = &started.chat;
    assert!(!chat.id.is_empty());
    let thread = chat.thread.as_ref().expect("a thread");
    assert!(thread.active);
    assert_eq!(thread.chat_id, chat.id);
    let Some(ChatEvent::Message(first)) = thread.events.first() else {
        panic!("initial message missing: {:?}", thread.events)
    };
    assert_eq!(first.text, "Hello");
    assert_eq!(first.common.author_id, me.id());
    me.events
        .wait_after(
            mark,
            "user_data",
            |e| matches!(e, Event::UserData(User::Customer(c)) if c.id == me.id()),
        )
        .await;
    // The requester's own push-response is not emitted as incoming_chat.
    me.client.flush_events();
    assert!(!me.events.names()[mark..].contains(&"incoming_chat"));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_chat_twice_is_chat_limit_reached() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    me.start_chat().await;
    assert_eq!(
        code(me.client.start_chat(StartChatParams::default()).await),
        ErrorCode::ChatLimitReached
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_chat_with_every_group_offline_is_groups_offline() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.control("group_status", json!({"group_id": 0, "status": "offline"}))
        .await;
    assert_eq!(
        code(me.client.start_chat(StartChatParams::default()).await),
        ErrorCode::GroupsOffline
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_chat_inactive_and_with_properties() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let params = StartChatParams {
        active: Some(false),
        chat: Some(StartChatData {
            properties: Some(props("test", "string_property", json!("chat"))),
            thread: Some(InitialThread {
                events: vec![],
                properties: Some(props("test", "int_property", json!(7))),
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let chat = me.client.start_chat(params).await.unwrap().chat;
    assert_eq!(chat.properties["test"]["string_property"], json!("chat"));
    let thread = chat.thread.unwrap();
    assert!(!thread.active);
    assert_eq!(thread.properties["test"]["int_property"], json!(7));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivate_then_resume_chat() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    let done = me
        .client
        .deactivate_chat(DeactivateChatParams {
            id: chat_id.clone(),
        })
        .await
        .unwrap();
    assert!(done.success);
    let resumed = me
        .client
        .resume_chat(ResumeChatParams {
            chat: ResumeChatData {
                id: chat_id.clone(),
                thread: Some(InitialThread {
                    events: vec![NewEvent::message("back again")],
                    properties: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(resumed.chat.id, chat_id);
    let thread = resumed.chat.thread.unwrap();
    assert!(thread.active);
    assert!(thread.previous_thread_id.is_some());
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_active_chat_is_chat_already_active() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    let params = ResumeChatParams {
        chat: ResumeChatData {
            id: chat_id,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        code(me.client.resume_chat(params).await),
        ErrorCode::ChatAlreadyActive
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_chat_with_groups_offline_is_groups_offline() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    me.client
        .deactivate_chat(DeactivateChatParams {
            id: chat_id.clone(),
        })
        .await
        .unwrap();
    env.control("group_status", json!({"group_id": 0, "status": "offline"}))
        .await;
    let params = ResumeChatParams {
        chat: ResumeChatData {
            id: chat_id,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        code(me.client.resume_chat(params).await),
        ErrorCode::GroupsOffline
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_event_of_every_sendable_type() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    let send = |event: NewEvent| {
        let client = me.client.clone();
        let chat_id = chat_id.clone();
        async move {
            client
                .send_event(SendEventParams {
                    chat_id,
                    event,
                    attach_to_last_thread: None,
                })
                .await
                .unwrap()
        }
    };
    let message = send(NewEvent::Message(NewMessage {
        text: "hi there".into(),
        custom_id: Some("c-1".into()),
        properties: Some(props("test", "bool_property", json!(true))),
        ..Default::default()
    }))
    .await;
    let ChatEvent::Message(message) = message else {
        panic!("{message:?}")
    };
    assert_eq!(message.text, "hi there");
    assert_eq!(message.common.custom_id.as_deref(), Some("c-1"));
    assert!(message.common.thread_id.is_some());
    assert_eq!(
        message.common.properties["test"]["bool_property"],
        json!(true)
    );

    let custom = send(NewEvent::Custom(NewCustom {
        content: Some(json!({"order": 123})),
        ..Default::default()
    }))
    .await;
    assert!(matches!(&custom, ChatEvent::Custom(c) if c.content == Some(json!({"order": 123}))));

    let system = send(NewEvent::SystemMessage(NewSystemMessage {
        text: "custom notice".into(),
        system_message_type: "custom.notice".into(),
        ..Default::default()
    }))
    .await;
    assert!(matches!(&system, ChatEvent::SystemMessage(s) if s.common.author_id == "system"));

    let form = send(NewEvent::FilledForm(NewFilledForm {
        form_id: "f1".into(),
        fields: vec![
            FilledFormField {
                kind: "name".into(),
                id: "1".into(),
                label: "Name".into(),
                answer: Some(FormAnswer::Text("Ann".into())),
                answers: None,
            },
            FilledFormField {
                kind: "group_chooser".into(),
                id: "2".into(),
                label: "Department".into(),
                answer: Some(FormAnswer::Choice(FormChoice {
                    id: "0".into(),
                    label: "Sales".into(),
                    group_id: Some(0),
                })),
                answers: None,
            },
        ],
        ..Default::default()
    }))
    .await;
    let ChatEvent::FilledForm(form) = form else {
        panic!("{form:?}")
    };
    assert!(matches!(&form.fields[1].answer, Some(FormAnswer::Choice(c)) if c.group_id == Some(0)));

    let upload = me
        .client
        .upload_file(UploadFileParams::new(b"%PDF-1.4 test".to_vec(), "doc.pdf"))
        .result()
        .await
        .unwrap();
    let file = send(NewEvent::file(upload.url.clone())).await;
    assert!(matches!(&file, ChatEvent::File(f) if f.url == upload.url && f.name == "doc.pdf"));
    env.shutdown().await;
}

use livechat_core::upload::UploadFileParams;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_event_to_inactive_chat_with_attach_to_last_thread() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    me.client
        .deactivate_chat(DeactivateChatParams {
            id: chat_id.clone(),
        })
        .await
        .unwrap();
    let event = me
        .client
        .send_event(SendEventParams {
            chat_id,
            event: NewEvent::message("after the end"),
            attach_to_last_thread: Some(true),
        })
        .await
        .unwrap();
    assert_eq!(event.type_name(), "message");
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_chat_latest_and_by_thread() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let started = me.start_chat().await.chat;
    let first_thread = started.thread.unwrap().id;
    let mark = me.events.mark();
    let chat = me
        .client
        .get_chat(GetChatParams {
            chat_id: started.id.clone(),
            thread_id: None,
        })
        .await
        .unwrap();
    assert_eq!(chat.id, started.id);
    assert_eq!(chat.thread.as_ref().unwrap().id, first_thread);
    assert!(chat.events_seen_up_to_map.contains_key(&me.id()));
    me.events.wait_after(mark, "user_data", |_| true).await;
    let by_thread = me
        .client
        .get_chat(GetChatParams {
            chat_id: started.id,
            thread_id: Some(first_thread.clone()),
        })
        .await
        .unwrap();
    assert_eq!(by_thread.thread.unwrap().id, first_thread);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_customer_after_update_customer_and_session_fields() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let ok = me
        .client
        .update_customer(CustomerData {
            name: Some("John Doe".into()),
            email: Some("john.doe@example.com".into()),
            session_fields: vec![("basket".into(), "10usd".into())],
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(ok.success);
    me.client
        .set_customer_session_fields(SetCustomerSessionFieldsParams {
            session_fields: vec![("plan".into(), "pro".into())],
        })
        .await
        .unwrap();
    let customer = me.client.get_customer().await.unwrap();
    assert_eq!(customer.id, me.id());
    assert_eq!(customer.name.as_deref(), Some("John Doe"));
    assert_eq!(customer.email.as_deref(), Some("john.doe@example.com"));
    assert_eq!(
        customer.session_fields.get("plan").map(String::as_str),
        Some("pro")
    );
    assert!(customer.statistics.visits_count >= 1);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_session_fields_is_customer_session_fields_limit_reached() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let fields: Vec<(String, String)> = (0..101)
        .map(|i| (format!("k{i}"), "v".to_owned()))
        .collect();
    assert_eq!(
        code(
            me.client
                .set_customer_session_fields(SetCustomerSessionFieldsParams {
                    session_fields: fields.clone()
                })
                .await
        ),
        ErrorCode::CustomerSessionFieldsLimitReached
    );
    assert_eq!(
        code(
            me.client
                .update_customer(CustomerData {
                    session_fields: fields,
                    ..Default::default()
                })
                .await
        ),
        ErrorCode::CustomerSessionFieldsLimitReached
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_chats_and_list_threads() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    let chats = me
        .client
        .list_chats(ListChatsParams::default())
        .await
        .unwrap();
    assert_eq!(chats.total_chats, 1);
    let summary = &chats.chats_summary[0];
    assert_eq!(summary.id, chat_id);
    assert!(summary.active);
    assert!(summary.last_thread_id.is_some());
    assert!(matches!(&summary.last_event, Some(ChatEvent::Message(m)) if m.text == "Hello"));
    assert!(chats.users.iter().any(|u| u.id() == me.id()));

    let threads = me
        .client
        .list_threads(ListThreadsParams {
            chat_id: chat_id.clone(),
            sort_order: Some(SortOrder::Asc),
            limit: Some(5),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(threads.threads.len(), 1);
    assert_eq!(threads.threads[0].chat_id, chat_id);
    assert!(!threads.threads[0].events.is_empty());
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_chats_limit_over_25_is_rejected_before_sending() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // The injected failure would surface if anything were sent.
    env.fail_next("list_chats", "internal", 1).await;
    let err = me
        .client
        .list_chats(ListChatsParams {
            page_id: None,
            limit: Some(26),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("25"), "{}", err.message);
    assert_eq!(
        code(me.client.list_chats(ListChatsParams::default()).await),
        ErrorCode::Internal,
        "the first request actually sent gets the injected failure"
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_threads_rejects_limit_with_min_events_count() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let params = ListThreadsParams {
        chat_id: "X".into(),
        limit: Some(3),
        min_events_count: Some(3),
        ..Default::default()
    };
    assert_eq!(
        code(me.client.list_threads(params).await),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_group_statuses_all_and_some() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let all = me
        .client
        .list_group_statuses(ListGroupStatusesParams::default())
        .await
        .unwrap();
    assert_eq!(all.get(&0), Some(&GroupStatus::Online));
    env.control(
        "group_status",
        json!({"group_id": 0, "status": "online_for_queue"}),
    )
    .await;
    let some = me
        .client
        .list_group_statuses(ListGroupStatusesParams {
            group_ids: Some(vec![0]),
        })
        .await
        .unwrap();
    assert_eq!(some, HashMap::from([(0, GroupStatus::OnlineForQueue)]));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_form_of_each_type() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    for kind in [FormType::Prechat, FormType::Postchat, FormType::Ticket] {
        let form = me
            .client
            .get_form(GetFormParams { group_id: 0, kind })
            .await
            .unwrap();
        if let Some(form) = &form.form {
            assert!(form.enabled_fields_have_ids(), "{kind:?}: {form:?}");
        }
    }
    assert_eq!(
        code(
            me.client
                .get_form(GetFormParams {
                    group_id: 99,
                    kind: FormType::Prechat
                })
                .await
        ),
        ErrorCode::GroupNotFound
    );
    env.shutdown().await;
}

trait FormExt {
    fn enabled_fields_have_ids(&self) -> bool;
}

impl FormExt for Form {
    fn enabled_fields_have_ids(&self) -> bool {
        !self.fields.is_empty() && self.fields.iter().all(|f| !f.id.is_empty())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_predicted_agent_and_its_errors() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let predicted = me
        .client
        .get_predicted_agent(GetPredictedAgentParams { group_id: Some(0) })
        .await
        .unwrap();
    assert!(!predicted.agent.id.is_empty());
    assert!(!predicted.queue);
    env.control("group_status", json!({"group_id": 0, "status": "offline"}))
        .await;
    assert_eq!(
        code(
            me.client
                .get_predicted_agent(GetPredictedAgentParams::default())
                .await
        ),
        ErrorCode::GroupOffline
    );
    env.control(
        "group_status",
        json!({"group_id": 0, "status": "online_for_queue"}),
    )
    .await;
    let queued = me
        .client
        .get_predicted_agent(GetPredictedAgentParams::default())
        .await
        .unwrap();
    assert!(queued.queue, "a group at its chat limit predicts a queue");
    env.shutdown().await;

    // A group that is online but has no agent at all.
    let mut config = livechat_emulator::EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    config.groups.push(livechat_emulator::config::GroupConfig {
        id: 7,
        license_id: None,
        name: "Nobody home".into(),
        status: "online".into(),
        properties: Value::Null,
    });
    let env = TestEnv::start_with(config).await;
    let me = env.customer().await;
    assert_eq!(
        code(
            me.client
                .get_predicted_agent(GetPredictedAgentParams { group_id: Some(7) })
                .await
        ),
        ErrorCode::GroupUnavailable
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_url_info_and_bad_urls() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let info = me
        .client
        .get_url_info(GetUrlInfoParams {
            url: "https://www.livechat.com".into(),
        })
        .await
        .unwrap();
    assert!(info.url.starts_with("https://www.livechat.com"));
    assert!(info.title.is_some());
    assert_eq!(
        code(
            me.client
                .get_url_info(GetUrlInfoParams {
                    url: "not a url".into()
                })
                .await
        ),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_events_as_seen_emits_events_marked_as_seen() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    let seen_up_to = chat.thread.unwrap().events[0].common().created_at.clone();
    let ok = me
        .client
        .mark_events_as_seen(MarkEventsAsSeenParams {
            chat_id: chat.id.clone(),
            seen_up_to: seen_up_to.clone(),
        })
        .await
        .unwrap();
    assert!(ok.success);
    let me_id = me.id();
    me.events
        .wait_for("events_marked_as_seen", |e| {
            matches!(e, Event::EventsMarkedAsSeen { chat_id, user_id, .. } if *chat_id == chat.id && *user_id == me_id)
        })
        .await;
    assert_eq!(
        code(
            me.client
                .mark_events_as_seen(MarkEventsAsSeenParams {
                    chat_id: chat.id,
                    seen_up_to: "yesterday".into()
                })
                .await
        ),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_chat_then_cancel_rate() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    let thread_id = chat.thread.unwrap().id;
    let ok = me
        .client
        .rate_chat(RateChatParams {
            chat_id: chat.id.clone(),
            rating: Rating {
                score: 1,
                comment: Some("Agent helped me a lot!".into()),
            },
        })
        .await
        .unwrap();
    assert!(ok.success);
    me.events
        .wait_for("thread_properties_updated", |e| {
            matches!(e, Event::ThreadPropertiesUpdated { thread_id: t, properties, .. }
                if *t == thread_id && properties["rating"]["score"] == json!(1))
        })
        .await;
    let ok = me
        .client
        .cancel_rate(CancelRateParams {
            chat_id: chat.id.clone(),
            properties: Some(vec!["score".into(), "comment".into()]),
        })
        .await
        .unwrap();
    assert!(ok.success);
    me.events
        .wait_for("thread_properties_deleted", |e| {
            matches!(e, Event::ThreadPropertiesDeleted { properties, .. }
                if properties["rating"].contains(&"comment".to_owned()))
        })
        .await;
    assert_eq!(
        code(
            me.client
                .rate_chat(RateChatParams {
                    chat_id: chat.id,
                    rating: Rating {
                        score: 5,
                        comment: None
                    }
                })
                .await
        ),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_chat_of_an_unknown_chat_fails_with_the_list_threads_error() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let err = me
        .client
        .rate_chat(RateChatParams {
            chat_id: "NOSUCHCHAT".into(),
            rating: Rating::default(),
        })
        .await
        .unwrap_err();
    assert_ne!(err.code, ErrorCode::MissingChatThread);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_thread_and_event_properties_update_and_delete() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    let thread = chat.thread.unwrap();
    let event_id = thread.events[0].id().to_owned();
    let c = &me.client;
    c.update_chat_properties(UpdateChatPropertiesParams {
        id: chat.id.clone(),
        properties: props("test", "string_property", json!("v")),
    })
    .await
    .unwrap();
    me.events
        .wait_for(
            "chat_properties_updated",
            |e| matches!(e, Event::ChatPropertiesUpdated { chat_id, .. } if *chat_id == chat.id),
        )
        .await;
    c.delete_chat_properties(DeleteChatPropertiesParams {
        id: chat.id.clone(),
        properties: names("test", "string_property"),
    })
    .await
    .unwrap();
    me.events
        .wait_for("chat_properties_deleted", |e| matches!(e, Event::ChatPropertiesDeleted { properties, .. } if properties.contains_key("test")))
        .await;
    c.update_thread_properties(UpdateThreadPropertiesParams {
        chat_id: chat.id.clone(),
        thread_id: thread.id.clone(),
        properties: props("test", "int_property", json!(5)),
    })
    .await
    .unwrap();
    me.events
        .wait_for("thread_properties_updated", |e| matches!(e, Event::ThreadPropertiesUpdated { properties, .. } if properties["test"]["int_property"] == json!(5)))
        .await;
    c.delete_thread_properties(DeleteThreadPropertiesParams {
        chat_id: chat.id.clone(),
        thread_id: thread.id.clone(),
        properties: names("test", "int_property"),
    })
    .await
    .unwrap();
    me.events
        .wait_for("thread_properties_deleted", |_| true)
        .await;
    c.update_event_properties(UpdateEventPropertiesParams {
        chat_id: chat.id.clone(),
        thread_id: thread.id.clone(),
        event_id: event_id.clone(),
        properties: props("test", "bool_property", json!(true)),
    })
    .await
    .unwrap();
    me.events
        .wait_for(
            "event_properties_updated",
            |e| matches!(e, Event::EventPropertiesUpdated { event_id: id, .. } if *id == event_id),
        )
        .await;
    c.delete_event_properties(DeleteEventPropertiesParams {
        chat_id: chat.id.clone(),
        thread_id: thread.id.clone(),
        event_id: event_id.clone(),
        properties: names("test", "bool_property"),
    })
    .await
    .unwrap();
    me.events
        .wait_for(
            "event_properties_deleted",
            |e| matches!(e, Event::EventPropertiesDeleted { event_id: id, .. } if *id == event_id),
        )
        .await;
    // Empty properties are rejected before sending.
    assert_eq!(
        code(
            c.update_chat_properties(UpdateChatPropertiesParams {
                id: chat.id,
                properties: Properties::new()
            })
            .await
        ),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greetings_accept_and_cancel() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let shown = env
        .control(
            "greetings",
            json!({"customer_id": me.id(), "text": "Need help?", "subtype": "announcement"}),
        )
        .await;
    let Event::IncomingGreeting(greeting) = me.events.wait_for("incoming_greeting", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(greeting.text, "Need help?");
    assert_eq!(greeting.subtype, "announcement");
    assert_eq!(json!(greeting.unique_id), shown["unique_id"]);
    let ok = me
        .client
        .accept_greeting(AcceptGreetingParams {
            greeting_id: greeting.id,
            unique_id: greeting.unique_id.clone(),
        })
        .await
        .unwrap();
    assert!(ok.success);
    me.events
        .wait_for("greeting_accepted", |e| matches!(e, Event::GreetingAccepted { unique_id } if *unique_id == greeting.unique_id))
        .await;

    env.control("greetings", json!({"customer_id": me.id()}))
        .await;
    let mark = me.events.mark();
    let Event::IncomingGreeting(second) = me
        .events
        .wait_for(
            "incoming_greeting",
            |e| matches!(e, Event::IncomingGreeting(g) if g.unique_id != greeting.unique_id),
        )
        .await
    else {
        unreachable!()
    };
    me.client
        .cancel_greeting(CancelGreetingParams {
            unique_id: second.unique_id.clone(),
        })
        .await
        .unwrap();
    me.events
        .wait_after(mark, "greeting_canceled", |e| matches!(e, Event::GreetingCanceled { unique_id } if *unique_id == second.unique_id))
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_greeting_is_greeting_not_found() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    assert_eq!(
        code(
            me.client
                .accept_greeting(AcceptGreetingParams {
                    greeting_id: 1,
                    unique_id: "NOPE".into()
                })
                .await
        ),
        ErrorCode::GreetingNotFound
    );
    assert_eq!(
        code(
            me.client
                .cancel_greeting(CancelGreetingParams {
                    unique_id: "NOPE".into()
                })
                .await
        ),
        ErrorCode::GreetingNotFound
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_rich_message_postback_reaches_the_chat() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    let rich = json!({"type": "rich_message", "template_id": "quick_replies", "recipients": "all", "elements": [{
        "title": "Pick one", "buttons": [
            {"type": "message", "text": "Yes", "value": "yes", "postback_id": "yes_id", "user_ids": []},
            {"type": "cancel", "text": "No", "postback_id": "no_id", "user_ids": []}]}]});
    env.agent("send_event", json!({"chat_id": chat.id, "event": rich}))
        .await
        .expect("agent sends a rich message");
    let Event::IncomingEvent {
        event: ChatEvent::RichMessage(rich),
        ..
    } = me
        .events
        .wait_for("incoming_event", |e| {
            matches!(
                e,
                Event::IncomingEvent {
                    event: ChatEvent::RichMessage(_),
                    ..
                }
            )
        })
        .await
    else {
        unreachable!()
    };
    let buttons = rich.elements[0].buttons.as_ref().unwrap();
    assert_eq!(buttons[1].kind, Some(ButtonType::Cancel));
    let ok = me
        .client
        .send_rich_message_postback(SendRichMessagePostbackParams {
            chat_id: chat.id.clone(),
            thread_id: rich.common.thread_id.clone().unwrap(),
            event_id: rich.common.id.clone(),
            postback: Postback {
                id: "yes_id".into(),
                toggled: true,
            },
        })
        .await
        .unwrap();
    assert!(ok.success);
    me.events
        .wait_for("incoming_rich_message_postback", |e| {
            matches!(e, Event::IncomingRichMessagePostback { postback, .. } if postback.id == "yes_id" && postback.toggled)
        })
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_sneak_peek_is_sent_for_active_chats_and_dropped_otherwise() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    for text in ["w", "wh", "wha", "what is the price"] {
        me.client
            .set_sneak_peek(SetSneakPeekParams {
                chat_id: chat_id.clone(),
                sneak_peek_text: text.into(),
            })
            .unwrap();
    }
    // The latest text of the burst arrives (the throttle sends it at the end of its window).
    let sneak_peek = |state: &Value| -> Option<String> {
        state["chats"]
            .as_array()?
            .iter()
            .find(|c| c["id"] == json!(chat_id))?["sneak_peek"]
            .as_str()
            .map(str::to_owned)
    };
    eventually("the last sneak peek reaches the server", || async {
        sneak_peek(&env.state().await).filter(|t| t == "what is the price")
    })
    .await;
    // An inactive chat: dropped, nothing sent.
    me.client
        .deactivate_chat(DeactivateChatParams {
            id: chat_id.clone(),
        })
        .await
        .unwrap();
    me.client
        .set_sneak_peek(SetSneakPeekParams {
            chat_id: chat_id.clone(),
            sneak_peek_text: "dropped".into(),
        })
        .unwrap();
    // A request sent after it is answered after it; by then the sneak peek would have landed.
    me.client.get_customer().await.unwrap();
    tokio::time::sleep(livechat_core::methods::SNEAK_PEEK_INTERVAL * 2).await;
    me.client.get_customer().await.unwrap();
    assert_eq!(
        sneak_peek(&env.state().await).as_deref(),
        Some("what is the price")
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_customer_page_while_connected_and_deferred_while_disconnected() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let page_of = |state: Value, id: String| -> Option<Value> {
        state["customers"]
            .as_array()?
            .iter()
            .find(|c| c["id"] == json!(id))
            .map(|c| c["page"].clone())
    };
    me.client
        .update_customer_page(Page {
            url: Some("https://example.com/pricing".into()),
            title: Some("Pricing".into()),
        })
        .unwrap();
    let id = me.id();
    eventually("the page reaches the server", || async {
        page_of(env.state().await, id.clone()).filter(|p| p["url"] == "https://example.com/pricing")
    })
    .await;
    me.client.disconnect().await.unwrap();
    me.client
        .update_customer_page(Page {
            url: Some("https://example.com/checkout".into()),
            title: None,
        })
        .unwrap();
    let mark = me.events.mark();
    me.client.connect().await.unwrap();
    me.events.wait_after(mark, "connected", |_| true).await;
    // The login (or the follow-up after it) carries the merged page.
    eventually("the deferred page reaches the server", || async {
        page_of(env.state().await, id.clone())
            .filter(|p| p["url"] == "https://example.com/checkout")
    })
    .await;
    assert_eq!(
        code(me.client.update_customer_page(Page {
            url: Some("no url".into()),
            title: None
        })),
        ErrorCode::Validation
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_ticket_form_files_a_ticket() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let field = |kind: &str, id: &str, label: &str, answer: &str| FilledFormField {
        kind: kind.into(),
        id: id.into(),
        label: label.into(),
        answer: Some(FormAnswer::Text(answer.into())),
        answers: None,
    };
    let ticket = me
        .client
        .send_ticket_form(SendTicketFormParams {
            filled_form: TicketForm {
                form_id: String::new(),
                fields: vec![
                    field("subject", "0", "Subject:", "Order number 123"),
                    field("email", "1", "Your email:", "john.doe@example.com"),
                    FilledFormField {
                        kind: "checkbox".into(),
                        id: "2".into(),
                        label: "Question:".into(),
                        answer: None,
                        answers: Some(vec![
                            FormChoice {
                                id: "0".into(),
                                label: "First answer".into(),
                                group_id: None,
                            },
                            FormChoice {
                                id: "1".into(),
                                label: "Second answer".into(),
                                group_id: None,
                            },
                        ]),
                    },
                    field("textarea", "3", "Your message:", "Status update?"),
                ],
            },
            group_id: Some(0),
            time_zone: Some("Europe/Warsaw".into()),
        })
        .await
        .unwrap();
    assert!(!ticket.id.is_empty());
    assert_eq!(
        ticket.text,
        "Question: First answer, Second answer\nYour message: Status update?"
    );
    let state = env.state().await;
    let stored = state["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(ticket.id))
        .expect("ticket stored")
        .clone();
    assert_eq!(stored["subject"], "Order number 123");
    assert_eq!(stored["requester"]["mail"], "john.doe@example.com");
    assert_eq!(stored["visitor_id"], json!(me.id()));
    assert_eq!(stored["timezone"], "Europe/Warsaw");
    assert_eq!(stored["licence_id"], json!(crate::support::LICENSE_ID));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_sees_the_customer_message_and_answers() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    env.agent(
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "How can I help?", "recipients": "all"}}),
    )
    .await
    .unwrap();
    me.events
        .wait_for("incoming_event", |e| {
            matches!(e, Event::IncomingEvent { event: ChatEvent::Message(m), .. } if m.text == "How can I help?" && m.common.author_id == JANE)
        })
        .await;
    env.shutdown().await;
}

/// The FFI layer spawns method futures onto the SDK runtime: each must be `Send + 'static` once the
/// client and params are moved in. (A compile-time check; the futures are dropped unpolled.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn method_futures_are_send_and_static() {
    fn spawnable<F: std::future::Future + Send + 'static>(_: F) {}
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let c = || me.client.clone();
    spawnable({
        let c = c();
        async move { c.accept_greeting(AcceptGreetingParams::default()).await }
    });
    spawnable({
        let c = c();
        async move { c.cancel_greeting(CancelGreetingParams::default()).await }
    });
    spawnable({
        let c = c();
        async move { c.cancel_rate(CancelRateParams::default()).await }
    });
    spawnable({
        let c = c();
        async move { c.deactivate_chat(DeactivateChatParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.delete_chat_properties(DeleteChatPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move {
            c.delete_event_properties(DeleteEventPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move {
            c.delete_thread_properties(DeleteThreadPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.get_chat(GetChatParams::default()).await }
    });
    spawnable({
        let h = c()
            .get_chat_history(GetChatHistoryParams {
                chat_id: "C".into(),
            })
            .unwrap();
        async move { h.next().await }
    });
    spawnable({
        let c = c();
        async move { c.get_customer().await }
    });
    spawnable({
        let c = c();
        async move {
            c.get_form(GetFormParams {
                group_id: 0,
                kind: FormType::Ticket,
            })
            .await
        }
    });
    spawnable({
        let c = c();
        async move {
            c.get_predicted_agent(GetPredictedAgentParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.get_url_info(GetUrlInfoParams::default()).await }
    });
    spawnable({
        let c = c();
        async move { c.list_chats(ListChatsParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.list_group_statuses(ListGroupStatusesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.list_threads(ListThreadsParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.mark_events_as_seen(MarkEventsAsSeenParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.rate_chat(RateChatParams::default()).await }
    });
    spawnable({
        let c = c();
        async move { c.resume_chat(ResumeChatParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.send_event(SendEventParams {
                chat_id: "C".into(),
                event: NewEvent::message("x"),
                attach_to_last_thread: None,
            })
            .await
        }
    });
    spawnable({
        let c = c();
        async move {
            c.send_rich_message_postback(SendRichMessagePostbackParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.send_ticket_form(SendTicketFormParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.set_customer_session_fields(SetCustomerSessionFieldsParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.start_chat(StartChatParams::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.update_chat_properties(UpdateChatPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move { c.update_customer(CustomerData::default()).await }
    });
    spawnable({
        let c = c();
        async move {
            c.update_event_properties(UpdateEventPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let c = c();
        async move {
            c.update_thread_properties(UpdateThreadPropertiesParams::default())
                .await
        }
    });
    spawnable({
        let u = c().upload_file(UploadFileParams::new(vec![1], "a"));
        async move { u.result().await }
    });
    me.destroy().await;
    env.shutdown().await;
}
