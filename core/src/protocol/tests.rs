//! Unit tests of the conversions against the examples of `client-behavior.md`.

use serde_json::{json, Value};

use super::{decode, decode_events, pushes, requests};
use crate::events::Event;
use crate::types::*;

#[test]
fn thumbnails_fit_300_and_600_without_enlarging() {
    assert_eq!(decode_events::thumbnail_size(1200, 600, 300), (300, 150));
    assert_eq!(decode_events::thumbnail_size(1200, 600, 600), (600, 300));
    assert_eq!(decode_events::thumbnail_size(100, 400, 300), (75, 300));
    assert_eq!(decode_events::thumbnail_size(50, 40, 300), (50, 40));
    assert_eq!(decode_events::thumbnail_size(0, 0, 300), (0, 0));
}

#[test]
fn image_file_gets_thumbnails_and_alternative_text() {
    let wire = json!({"id": "T_1", "type": "file", "author_id": "a", "created_at": "2020-01-01T00:00:00Z",
        "url": "https://cdn/x.png", "name": "x.png", "content_type": "image/png", "width": 1200, "height": 600,
        "thumbnail_url": "https://cdn/t.png", "thumbnail2x_url": "https://cdn/t2.png", "alternative_text": "alt"});
    let Some(ChatEvent::File(file)) = decode::event(&wire, Some("T")).unwrap() else {
        panic!("not a file")
    };
    let thumbnails = file.thumbnails.unwrap();
    assert_eq!(
        (thumbnails.default.width, thumbnails.default.height),
        (300, 150)
    );
    assert_eq!(thumbnails.high.url, "https://cdn/t2.png");
    assert_eq!(file.alternative_text.as_deref(), Some("alt"));
    assert_eq!(file.common.thread_id.as_deref(), Some("T"));

    let plain = json!({"id": "T_2", "type": "file", "url": "u", "name": "a.txt", "content_type": "text/plain",
        "alternative_text": "ignored for non-images"});
    let Some(ChatEvent::File(file)) = decode::event(&plain, None).unwrap() else {
        panic!("not a file")
    };
    assert!(file.thumbnails.is_none() && file.alternative_text.is_none());
}

#[test]
fn rich_message_buttons_of_every_type() {
    let wire = json!({"id": "T_3", "type": "rich_message", "template_id": "cards", "elements": [{
    "title": "Pick", "subtitle": "one", "image": {"url": "https://i", "alternative_text": "img"},
    "buttons": [
        {"type": "message", "text": "Yes", "value": "yes", "postback_id": "p1", "user_ids": []},
        {"type": "phone", "text": "Call", "value": "+48", "postback_id": "p2", "user_ids": ["u"], "role": "primary"},
        {"type": "url", "text": "Site", "value": "https://e", "target": "new", "postback_id": "p3", "user_ids": []},
        {"type": "webview", "text": "W", "value": "https://w", "webview_height": "tall", "postback_id": "p4", "user_ids": []},
        {"type": "cancel", "text": "No", "value": "dropped", "postback_id": "p5", "user_ids": []},
        {"type": "teleport", "text": "?", "value": "x", "postback_id": "p6", "user_ids": []}
    ]}]});
    let Some(ChatEvent::RichMessage(rich)) = decode::event(&wire, Some("T")).unwrap() else {
        panic!("not a rich message")
    };
    assert_eq!(rich.template, RichMessageTemplate::Cards);
    let element = &rich.elements[0];
    assert_eq!(
        element.image.as_ref().unwrap().alternative_text.as_deref(),
        Some("img")
    );
    let buttons = element.buttons.as_ref().unwrap();
    assert_eq!(buttons[0].kind, Some(ButtonType::Message));
    assert_eq!(buttons[0].role, "default");
    assert_eq!(buttons[1].role, "primary");
    assert_eq!(buttons[2].target.as_deref(), Some("new"));
    assert_eq!(buttons[3].webview_height.as_deref(), Some("tall"));
    assert_eq!(buttons[4].kind, Some(ButtonType::Cancel));
    assert_eq!(buttons[4].value, None);
    assert_eq!(buttons[5].kind, None);
    let json = serde_json::to_value(&buttons[5]).unwrap();
    assert!(
        json.get("type").is_none(),
        "unknown button has no type: {json}"
    );

    let unsupported =
        json!({"id": "x", "type": "rich_message", "template_id": "carousel", "elements": []});
    assert_eq!(decode::event(&unsupported, None).unwrap(), None);
}

#[test]
fn filled_form_group_chooser_and_system_message() {
    let wire = json!({"id": "T_4", "type": "filled_form", "form_id": "f", "fields": [
        {"type": "name", "id": "1", "label": "Name", "answer": "Tom"},
        {"type": "checkbox", "id": "2", "label": "I", "answers": [{"id": "0", "label": "a"}]},
        {"type": "group_chooser", "id": "3", "label": "D", "answer": {"id": "2", "label": "M", "group_id": 1}}]});
    let Some(ChatEvent::FilledForm(form)) = decode::event(&wire, None).unwrap() else {
        panic!("not a form")
    };
    assert_eq!(form.fields[0].answer, Some(FormAnswer::Text("Tom".into())));
    assert_eq!(form.fields[1].answers.as_ref().unwrap()[0].label, "a");
    let Some(FormAnswer::Choice(choice)) = &form.fields[2].answer else {
        panic!("no choice")
    };
    assert_eq!(choice.group_id, Some(1));
    let sdk = serde_json::to_value(&form.fields[2]).unwrap();
    assert_eq!(sdk["answer"]["groupId"], 1);
    // And back to the wire: groupId becomes group_id again.
    let back = requests::filled_form_field(&form.fields[2]);
    assert_eq!(back["answer"]["group_id"], 1);

    let system = json!({"id": "T_5", "type": "system_message", "system_message_type": "manual_archived_customer",
        "text": "closed", "text_vars": {"n": 1}, "recipients": "all"});
    let Some(ChatEvent::SystemMessage(system)) = decode::event(&system, None).unwrap() else {
        panic!("not a system message")
    };
    assert_eq!(system.common.author_id, "system");
    assert_eq!(system.text_vars.unwrap()["n"], "1");
}

#[test]
fn event_serialises_to_docs_camel_case() {
    let wire = json!({"id": "T_1", "type": "message", "text": "hi", "author_id": "a", "custom_id": "c",
        "created_at": "2020-01-01T00:00:00.000000Z", "properties": {"ns": {"k": true}}});
    let event = decode::event(&wire, Some("T")).unwrap().unwrap();
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(
        json,
        json!({"type": "message", "id": "T_1", "authorId": "a", "createdAt": "2020-01-01T00:00:00.000000Z",
            "threadId": "T", "properties": {"ns": {"k": true}}, "customId": "c", "text": "hi"})
    );
    // Round trip through the SDK shape.
    let back: ChatEvent = serde_json::from_value(json).unwrap();
    assert_eq!(back, event);
}

#[test]
fn chat_users_thread_and_seen_map() {
    let wire = json!({"id": "C", "access": {"group_ids": [0]}, "properties": {},
        "users": [
            {"id": "cust", "type": "customer", "present": true, "events_seen_up_to": "2020-01-01T00:00:00Z",
             "session_fields": [{"a": "1"}, {"b": "2"}]},
            {"id": "jane", "type": "agent", "name": "Jane", "job_title": "Support", "present": false}],
        "thread": {"id": "T", "active": true, "created_at": "2020", "user_ids": ["cust"],
            "events": [{"id": "T_1", "type": "message", "text": "a"}, {"id": "T_2", "type": "form", "fields": []}],
            "queue": {"position": 2, "wait_time": 30, "queued_at": "2020"}}});
    let chat = decode::chat(&wire).unwrap();
    assert_eq!(chat.access.group_ids, Some(vec![0]));
    let User::Customer(customer) = &chat.users[0] else {
        panic!()
    };
    assert_eq!(customer.session_fields["b"], "2");
    assert_eq!(
        chat.events_seen_up_to_map["cust"].as_deref(),
        Some("2020-01-01T00:00:00Z")
    );
    assert_eq!(chat.events_seen_up_to_map["jane"], None);
    let thread = chat.thread.unwrap();
    assert_eq!(thread.chat_id, "C");
    assert_eq!(
        thread.events.len(),
        1,
        "unsupported `form` event filtered out"
    );
    assert_eq!(thread.queue.unwrap().position, 2);
    assert_eq!(thread.previous_thread_id, None);
}

#[test]
fn list_chats_picks_the_latest_event_and_dedups_users() {
    let user = json!({"id": "cust", "type": "customer", "present": true});
    let wire = json!({"total_chats": 2, "next_page_id": "N", "chats_summary": [
        {"id": "A", "active": true, "users": [user], "last_thread_id": "T2",
         "last_event_per_type": {
            "message": {"thread_id": "T2", "thread_created_at": "2020-02", "event": {"id": "m", "type": "message", "text": "x", "created_at": "2020-02-02"}},
            "file": {"thread_id": "T1", "thread_created_at": "2020-01", "event": {"id": "f", "type": "file", "url": "u", "created_at": "2020-03-03"}},
            "system_message": {"thread_id": "T2", "thread_created_at": "2020-02", "event": {"id": "s", "type": "system_message", "system_message_type": "x", "created_at": "2020-02-03"}}}},
        {"id": "B", "active": false, "users": [user]}]});
    let result = decode::list_chats(&wire).unwrap();
    assert_eq!(result.total_chats, 2);
    assert_eq!(result.users.len(), 1);
    assert_eq!(result.next_page_id.as_deref(), Some("N"));
    assert_eq!(result.previous_page_id, None);
    let a = &result.chats_summary[0];
    assert_eq!(a.last_event.as_ref().unwrap().id(), "s");
    assert_eq!(a.last_events_per_type.as_ref().unwrap().len(), 3);
    assert!(result.chats_summary[1].last_events_per_type.is_none());
}

#[test]
fn login_availability_and_greeting() {
    let wire = json!({"customer": {"id": "c", "statistics": {"chats_count": 3}},
        "has_active_thread": false, "chats": [{"chat_id": "C", "has_unread_events": true}],
        "__priv_dynamic_config": {"online_groups_ids": [0, 1], "customer_groups": {"monitoring": {"id": 1}}},
        "greeting": {"id": 7, "unique_id": "U", "displayed_first_time": true,
            "event": {"id": "g", "type": "message", "text": "Hello!"},
            "agent": {"id": "jane", "name": "Jane", "is_bot": false}}});
    let info = decode::login(&wire).unwrap();
    assert_eq!(info.connected.availability, Availability::Online);
    assert_eq!(info.connected.customer.statistics.chats_count, 3);
    let greeting = info.connected.greeting.unwrap();
    assert_eq!(greeting.text, "Hello!");
    assert_eq!(greeting.subtype, "greeting");
    assert!(!greeting.accepted);
    assert_eq!(info.chats[0].chat_id, "C");

    let offline = json!({"customer": {"id": "c"}, "__priv_dynamic_config": {"online_groups_ids": [0],
        "customer_groups": {"monitoring": {"id": 1}}}});
    assert_eq!(
        decode::login(&offline).unwrap().connected.availability,
        Availability::Offline
    );
    assert!(decode::login(&json!({"chats": []})).is_err());
}

#[test]
fn forms_url_info_predicted_agent_group_statuses() {
    let ticket = json!({"enabled": true, "form": {"id": "t", "fields": [
        {"type": "subject", "label": "Subject"}, {"type": "email", "label": "Mail"}]}});
    let form = decode::form_result(&ticket).unwrap().form.unwrap();
    assert_eq!(form.fields[1].id, "1");
    let prechat = json!({"enabled": true, "form": {"id": "p", "fields": [
        {"type": "rating", "id": "9", "label": "Rate", "comment_label": "Why?"},
        {"type": "group_chooser", "id": "8", "label": "G", "options": [{"id": "0", "label": "S", "group_id": 2}]}]}});
    let form = decode::form_result(&prechat).unwrap().form.unwrap();
    assert_eq!(form.fields[0].comment_label.as_deref(), Some("Why?"));
    assert_eq!(
        form.fields[1].options.as_ref().unwrap()[0].group_id,
        Some(2)
    );
    assert_eq!(
        decode::form_result(&json!({"enabled": false})).unwrap(),
        FormResult {
            enabled: false,
            form: None
        }
    );

    let info = decode::url_info(&json!({"url": "https://l", "title": "T", "description": "",
        "image_url": "cdn/i.png", "image_width": 10, "image_height": 20}))
    .unwrap();
    assert_eq!(info.image_url.as_deref(), Some("https://cdn/i.png"));
    assert_eq!(info.description, None);
    assert_eq!((info.image_width, info.image_height), (Some(10), Some(20)));

    let agent = decode::predicted_agent(
        &json!({"agent": {"id": "bot", "name": "Bot", "is_bot": true,
        "job_title": "Helper", "type": "agent"}, "queue": false}),
    )
    .unwrap();
    assert!(agent.agent.is_bot);
    assert_eq!(
        serde_json::to_value(&agent).unwrap()["agent"]["type"],
        "agent"
    );

    let statuses = decode::group_statuses(&json!({"groups_status": {"0": "online", "1": "offline",
        "2": "online_for_queue", "x": "online", "3": "weird"}}))
    .unwrap();
    assert_eq!(statuses.len(), 3);
    assert_eq!(statuses[&2], GroupStatus::OnlineForQueue);
}

fn names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(Event::name).collect()
}

#[test]
fn pushes_become_documented_events() {
    let user = json!({"id": "jane", "type": "agent", "name": "Jane", "present": true});
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "chat_deactivated",
            json!({"chat_id": "C", "thread_id": "T"}),
            vec!["chat_deactivated"],
        ),
        (
            "chat_properties_deleted",
            json!({"chat_id": "C", "properties": {"ns": ["a"]}}),
            vec!["chat_properties_deleted"],
        ),
        (
            "chat_properties_updated",
            json!({"chat_id": "C", "properties": {"ns": {"a": 1}}}),
            vec!["chat_properties_updated"],
        ),
        (
            "chat_transferred",
            json!({"chat_id": "C", "thread_id": "T", "reason": "manual", "requester_id": "jane",
            "transferred_to": {"group_ids": [1]}, "queue": {"position": 1, "wait_time": 5, "queued_at": "q"}}),
            vec!["chat_transferred"],
        ),
        (
            "customer_page_updated",
            json!({"url": "u", "title": "t", "opened_at": "o"}),
            vec!["customer_page_updated"],
        ),
        (
            "customer_updated",
            json!({"id": "c", "name": "N"}),
            vec!["customer_updated"],
        ),
        (
            "event_properties_deleted",
            json!({"chat_id": "C", "thread_id": "T", "event_id": "E", "properties": {}}),
            vec!["event_properties_deleted"],
        ),
        (
            "event_properties_updated",
            json!({"chat_id": "C", "thread_id": "T", "event_id": "E", "properties": {}}),
            vec!["event_properties_updated"],
        ),
        (
            "event_updated",
            json!({"chat_id": "C", "thread_id": "T", "event": {"id": "E", "type": "message", "text": "x"}}),
            vec!["event_updated"],
        ),
        (
            "events_marked_as_seen",
            json!({"chat_id": "C", "user_id": "jane", "seen_up_to": "s"}),
            vec!["events_marked_as_seen"],
        ),
        (
            "greeting_accepted",
            json!({"unique_id": "U"}),
            vec!["greeting_accepted"],
        ),
        (
            "greeting_canceled",
            json!({"unique_id": "U"}),
            vec!["greeting_canceled"],
        ),
        (
            "incoming_chat",
            json!({"chat": {"id": "C", "users": [user], "thread": {"id": "T", "events": []}}}),
            vec!["user_data", "incoming_chat"],
        ),
        (
            "incoming_event",
            json!({"chat_id": "C", "thread_id": "T", "event": {"id": "E", "type": "message", "text": "x"}}),
            vec!["incoming_event"],
        ),
        (
            "incoming_event",
            json!({"chat_id": "C", "thread_id": "T", "event": {"id": "E", "type": "form"}}),
            vec![],
        ),
        (
            "incoming_greeting",
            json!({"id": 1, "unique_id": "U", "subtype": "announcement", "event": {"id": "g", "type": "message", "text": "hi"},
            "agent": {"id": "jane", "is_bot": false}}),
            vec!["incoming_greeting"],
        ),
        (
            "incoming_rich_message_postback",
            json!({"user_id": "c", "chat_id": "C", "thread_id": "T", "event_id": "E",
            "postback": {"id": "p", "toggled": true}}),
            vec!["incoming_rich_message_postback"],
        ),
        (
            "incoming_typing_indicator",
            json!({"chat_id": "C", "thread_id": "T", "typing_indicator": {"author_id": "jane", "is_typing": true}}),
            vec!["incoming_typing_indicator"],
        ),
        (
            "queue_position_updated",
            json!({"chat_id": "C", "thread_id": "T", "queue": {"position": 3, "wait_time": 60}}),
            vec!["queue_position_updated"],
        ),
        (
            "thread_properties_deleted",
            json!({"chat_id": "C", "thread_id": "T", "properties": {"ns": ["a"]}}),
            vec!["thread_properties_deleted"],
        ),
        (
            "thread_properties_updated",
            json!({"chat_id": "C", "thread_id": "T", "properties": {"lc2": {"queue_pos": 2, "queue_waiting_time": 9}}}),
            vec!["queue_position_updated", "thread_properties_updated"],
        ),
        (
            "user_added_to_chat",
            json!({"chat_id": "C", "thread_id": "T", "user": user}),
            vec!["user_data", "user_added_to_chat"],
        ),
        (
            "user_removed_from_chat",
            json!({"chat_id": "C", "user_id": "jane"}),
            vec!["user_removed_from_chat"],
        ),
        (
            "incoming_multicast",
            json!({"type": "lc2", "content": {"name": "groups_update", "groups": [{"id": 0, "status": "offline"}]}}),
            vec!["availability_updated"],
        ),
        ("brand_new_push", json!({}), vec![]),
    ];
    for (action, payload, expected) in cases {
        let events = pushes::push(action, &payload).unwrap_or_else(|e| panic!("{action}: {e}"));
        assert_eq!(names(&events), expected, "{action}");
    }
}

#[test]
fn event_payload_json_matches_the_docs() {
    let events = pushes::push(
        "chat_transferred",
        &json!({"chat_id": "C", "thread_id": "T", "reason": "inactive", "requester_id": "hidden",
        "transferred_to": {"agent_ids": ["a"]}}),
    )
    .unwrap();
    assert_eq!(
        events[0].payload_json(),
        json!({"chatId": "C", "threadId": "T", "reason": "inactive", "transferredTo": {"agentIds": ["a"]}})
    );
    let events = pushes::push(
        "incoming_typing_indicator",
        &json!({"chat_id": "C", "typing_indicator": {"author_id": "jane", "is_typing": false}}),
    )
    .unwrap();
    assert_eq!(
        events[0].payload_json(),
        json!({"chatId": "C", "typingIndicator": {"authorId": "jane", "isTyping": false}})
    );
    let user_data = pushes::push(
        "user_added_to_chat",
        &json!({"chat_id": "C", "user": {"id": "c", "type": "customer", "present": true}}),
    )
    .unwrap();
    assert_eq!(
        user_data[0].payload_json(),
        json!({"id": "c", "type": "customer", "sessionFields": {}})
    );
    assert_eq!(user_data[1].payload_json()["present"], true);
}

#[test]
fn malformed_pushes_never_panic() {
    let garbage = [
        json!(null),
        json!([]),
        json!("x"),
        json!({"chat_id": 5}),
        json!({"chat": {"id": 1}}),
        json!({"chat_id": "C", "event": {"type": "message"}}),
        json!({"chat_id": "C", "typing_indicator": []}),
        json!({"chat_id": "C", "thread_id": "T", "properties": "x"}),
        json!({"id": -1, "unique_id": "U", "event": {}, "agent": {}}),
        json!({"type": "lc2", "content": {"name": "groups_update", "groups": []}}),
    ];
    for &action in requests::LOGIN_PUSHES {
        for payload in &garbage {
            // Either events or a typed error; the point is that nothing panics.
            let _ = crate::protocol::pushes::push_events(action, payload);
        }
    }
    assert!(pushes::push("incoming_chat", &json!({"chat": {"id": 1}})).is_err());
    assert!(decode::list_chats(&json!({"chats_summary": "x"})).is_err());
    assert!(decode::list_threads(&json!({}), "C").is_err());
    assert!(decode::customer(&json!({"name": "no id"})).is_err());
}

#[test]
fn outgoing_start_chat_matches_the_reference_example() {
    let params = StartChatParams {
        chat: Some(StartChatData {
            access: Some(Access {
                group_ids: Some(vec![1]),
            }),
            thread: Some(InitialThread {
                events: vec![NewEvent::Message(NewMessage {
                    text: "hi".into(),
                    custom_id: Some("c1".into()),
                    properties: Some([("x".to_owned(), Default::default())].into()),
                    ..Default::default()
                })],
                properties: None,
            }),
            properties: None,
        }),
        ..Default::default()
    };
    assert_eq!(
        requests::start_chat(&params),
        json!({"active": true, "chat": {"access": {"group_ids": [1]}, "thread": {"events": [
            {"custom_id": "c1", "properties": {"x": {}}, "type": "message", "text": "hi"}]}}})
    );
    assert_eq!(
        requests::start_chat(&StartChatParams::default()),
        json!({"active": true, "chat": {}})
    );
    let resume = ResumeChatParams {
        active: Some(false),
        continuous: Some(true),
        chat: ResumeChatData {
            id: "C".into(),
            ..Default::default()
        },
    };
    assert_eq!(
        requests::resume_chat(&resume),
        json!({"active": false, "continuous": true, "chat": {"id": "C"}})
    );
}

#[test]
fn outgoing_events_and_session_fields() {
    let file = NewEvent::File(NewFile {
        url: "https://f".into(),
        alternative_text: Some("alt".into()),
        ..Default::default()
    });
    assert_eq!(
        requests::new_event(&file),
        json!({"type": "file", "url": "https://f", "alternative_text": "alt"})
    );
    let system = NewEvent::SystemMessage(NewSystemMessage {
        text: "t".into(),
        system_message_type: "custom.x".into(),
        ..Default::default()
    });
    assert_eq!(
        requests::new_event(&system),
        json!({"type": "system_message", "text": "t", "system_message_type": "custom.x"})
    );
    let custom = NewEvent::Custom(NewCustom {
        content: Some(json!({"a": 1})),
        ..Default::default()
    });
    assert_eq!(
        requests::new_event(&custom),
        json!({"type": "custom", "content": {"a": 1}})
    );
    assert_eq!(
        requests::session_fields(&[("a".into(), "1".into()), ("b".into(), "2".into())]),
        json!([{"a": "1"}, {"b": "2"}])
    );
}

/// The login subscribes to the pushes behind the documented events, plus the two the engine and
/// the decoder consume themselves; in the reference client's (alphabetical) order.
#[test]
fn login_pushes_follow_the_event_table() {
    const ENGINE_EVENTS: &[&str] = &[
        "availability_updated", // from incoming_multicast
        "connected",
        "connection_recovered",
        "connection_unstable",
        "customer_id",
        "disconnected",
        "user_data", // from incoming_chat and user_added_to_chat
    ];
    let mut expected: Vec<&str> = Event::NAMES
        .iter()
        .copied()
        .filter(|name| !ENGINE_EVENTS.contains(name))
        .chain(["customer_side_storage_updated", "incoming_multicast"])
        .collect();
    expected.sort_unstable();
    assert_eq!(requests::LOGIN_PUSHES, expected.as_slice());
}
