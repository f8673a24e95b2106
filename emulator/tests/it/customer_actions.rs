//! Every customer action of the protocol doc against real state: happy paths and documented errors.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn properties_of_chats_threads_and_events() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let (chat, thread) = start_chat(&mut rtm, "hi").await;
    let ev = rtm.ok("get_chat", json!({"chat_id": chat})).await["thread"]["events"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    rtm.ok(
        "update_chat_properties",
        json!({"id": chat, "properties": {"ns": {"a": 1, "b": true}}}),
    )
    .await;
    let p = rtm.push("chat_properties_updated").await;
    assert_eq!(
        p["payload"],
        json!({"chat_id": chat, "properties": {"ns": {"a": 1, "b": true}}})
    );
    rtm.ok(
        "delete_chat_properties",
        json!({"id": chat, "properties": {"ns": ["a"]}}),
    )
    .await;
    assert_eq!(
        rtm.push("chat_properties_deleted").await["payload"]["properties"],
        json!({"ns": ["a"]})
    );

    rtm.ok(
        "update_thread_properties",
        json!({"chat_id": chat, "thread_id": thread, "properties": {"rating": {"score": 1}}}),
    )
    .await;
    assert_eq!(
        rtm.push("thread_properties_updated").await["payload"]["thread_id"],
        thread.as_str()
    );
    rtm.ok(
        "delete_thread_properties",
        json!({"chat_id": chat, "thread_id": thread, "properties": {"rating": ["score"]}}),
    )
    .await;
    rtm.push("thread_properties_deleted").await;

    rtm.ok("update_event_properties", json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "properties": {"x": {"y": "z"}}})).await;
    assert_eq!(
        rtm.push("event_properties_updated").await["payload"]["event_id"],
        ev.as_str()
    );
    let c = rtm.ok("get_chat", json!({"chat_id": chat})).await;
    assert_eq!(c["properties"], json!({"ns": {"b": true}}));
    assert_eq!(c["thread"]["properties"], json!({}));
    assert_eq!(
        c["thread"]["events"][0]["properties"],
        json!({"x": {"y": "z"}})
    );
    rtm.ok(
        "delete_event_properties",
        json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "properties": {"x": ["y"]}}),
    )
    .await;
    rtm.push("event_properties_deleted").await;

    // Documented errors.
    assert_eq!(
        rtm.err(
            "update_chat_properties",
            json!({"id": "NOPE", "properties": {}})
        )
        .await,
        "not_found"
    );
    assert_eq!(
        rtm.err(
            "update_chat_properties",
            json!({"id": chat, "properties": {"ns": 5}})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err("update_chat_properties", json!({"id": chat})).await,
        "validation"
    );
    assert_eq!(
        rtm.err(
            "delete_chat_properties",
            json!({"id": chat, "properties": {"ns": "a"}})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err(
            "update_thread_properties",
            json!({"chat_id": chat, "thread_id": "X", "properties": {}})
        )
        .await,
        "not_found"
    );
    assert_eq!(
        rtm.err(
            "update_event_properties",
            json!({"chat_id": chat, "thread_id": thread, "event_id": "X", "properties": {}})
        )
        .await,
        "not_found"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn namespace_restriction_from_config() {
    let mut cfg = livechat_emulator::EmulatorConfig {
        bot: false,
        ..Default::default()
    };
    cfg.properties.customer_writable_namespaces = vec!["public".into()];
    let emu = emulator_with(cfg).await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let (chat, _) = start_chat(&mut rtm, "hi").await;
    rtm.ok(
        "update_chat_properties",
        json!({"id": chat, "properties": {"public": {"a": 1}}}),
    )
    .await;
    assert_eq!(
        rtm.err(
            "update_chat_properties",
            json!({"id": chat, "properties": {"secret": {"a": 1}}})
        )
        .await,
        "authorization"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn customer_data_and_session_fields() {
    let emu = emulator().await;
    let (mut rtm, id, _) = Rtm::customer(&emu).await;
    rtm.ok(
        "update_customer",
        json!({"name": "Bob", "email": "bob@x", "session_fields": [{"k1": "v1"}, {"k2": "v2"}]}),
    )
    .await;
    let p = rtm.push("customer_updated").await["payload"].clone();
    assert_eq!(p["id"], id.as_str());
    assert_eq!(p["name"], "Bob");
    assert_eq!(p["session_fields"], json!([{"k1": "v1"}, {"k2": "v2"}]));
    rtm.ok(
        "set_customer_session_fields",
        json!({"session_fields": [{"k1": "new"}, {"k3": "v3"}]}),
    )
    .await;
    let c = rtm.ok("get_customer", json!({})).await;
    assert_eq!(c["id"], id.as_str());
    assert_eq!(c["name"], "Bob");
    assert_eq!(c["email"], "bob@x");
    assert_eq!(
        c["session_fields"],
        json!([{"k1": "new"}, {"k2": "v2"}, {"k3": "v3"}])
    );
    assert!(c["statistics"].is_object());
    assert_eq!(rtm.err("update_customer", json!({})).await, "validation");
    assert_eq!(
        rtm.err("update_customer", json!({"name": 5})).await,
        "validation"
    );
    let many: Vec<_> = (0..101).map(|i| json!({format!("f{i}"): "v"})).collect();
    assert_eq!(
        rtm.err(
            "set_customer_session_fields",
            json!({"session_fields": many})
        )
        .await,
        "customer_session_fields_limit_reached"
    );
    rtm.ok(
        "update_customer_page",
        json!({"url": "https://shop/2", "title": "Two"}),
    )
    .await;
    assert_eq!(
        rtm.err("update_customer_page", json!({"title": "no url"}))
            .await,
        "validation"
    );
    let st = control(&emu, "state", json!({})).await.1;
    let me = st["customers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(me["page"]["url"], "https://shop/2");
    emu.shutdown().await;
}

#[tokio::test]
async fn groups_forms_predicted_agent_and_url_info() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let s = rtm.ok("list_group_statuses", json!({"all": true})).await;
    assert_eq!(s["groups_status"], json!({"0": "online", "1": "online"}));
    let s = rtm
        .ok("list_group_statuses", json!({"group_ids": [1, 42]}))
        .await;
    assert_eq!(s["groups_status"], json!({"1": "online"}));
    assert_eq!(
        rtm.err("list_group_statuses", json!({})).await,
        "validation"
    );

    let f = rtm
        .ok("get_form", json!({"group_id": 0, "type": "prechat"}))
        .await;
    assert_eq!(f["enabled"], true);
    assert!(!f["form"]["fields"].as_array().unwrap().is_empty());
    let t = rtm
        .ok("get_form", json!({"group_id": 0, "type": "ticket"}))
        .await;
    assert!(
        t["form"]["fields"][0].get("id").is_none(),
        "ticket form fields carry no id"
    );
    assert_eq!(
        rtm.ok("get_form", json!({"group_id": 1, "type": "postchat"}))
            .await,
        json!({"enabled": false})
    );
    assert_eq!(
        rtm.err("get_form", json!({"group_id": 9, "type": "prechat"}))
            .await,
        "group_not_found"
    );
    assert_eq!(
        rtm.err("get_form", json!({"group_id": 0, "type": "other"}))
            .await,
        "validation"
    );

    let a = rtm.ok("get_predicted_agent", json!({})).await;
    assert_eq!(a["agent"]["type"], "agent");
    assert!(a["agent"]["is_bot"].is_boolean());
    assert_eq!(a["queue"], false);
    control(
        &emu,
        "group_status",
        json!({"group_id": 1, "status": "offline"}),
    )
    .await;
    assert_eq!(
        rtm.err("get_predicted_agent", json!({"group_id": 1})).await,
        "group_offline"
    );
    control(
        &emu,
        "group_status",
        json!({"group_id": 1, "status": "online_for_queue"}),
    )
    .await;
    assert_eq!(
        rtm.ok("get_predicted_agent", json!({"group_id": 1})).await["queue"],
        true
    );
    assert_eq!(
        rtm.err("get_predicted_agent", json!({"group_id": 99}))
            .await,
        "group_not_found"
    );

    let u = rtm
        .ok("get_url_info", json!({"url": "https://example.com/"}))
        .await;
    assert_eq!(u["title"], "Example Domain");
    assert_eq!(u["image_width"], 200);
    let u = rtm
        .ok(
            "get_url_info",
            json!({"url": "https://unknown.example.org/page"}),
        )
        .await;
    assert_eq!(u["url"], "https://unknown.example.org/page");
    assert_eq!(
        rtm.err("get_url_info", json!({"url": "not a url"})).await,
        "validation"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn greetings_accept_and_cancel() {
    let emu = emulator().await;
    let (mut rtm, id, _) = Rtm::customer(&emu).await;
    let (st, g) = control(
        &emu,
        "greetings",
        json!({"customer_id": id, "text": "Welcome!", "subtype": "announcement"}),
    )
    .await;
    assert_eq!(st, 200, "{g}");
    let push = rtm.push("incoming_greeting").await["payload"].clone();
    assert_eq!(push["unique_id"], g["unique_id"]);
    assert_eq!(push["id"], g["greeting_id"]);
    assert_eq!(push["event"]["text"], "Welcome!");
    assert_eq!(push["subtype"], "announcement");
    assert!(push["agent"]["is_bot"].is_boolean());
    assert_eq!(
        rtm.err(
            "accept_greeting",
            json!({"greeting_id": 999, "unique_id": g["unique_id"]})
        )
        .await,
        "greeting_not_found"
    );
    rtm.ok(
        "accept_greeting",
        json!({"greeting_id": g["greeting_id"], "unique_id": g["unique_id"]}),
    )
    .await;
    assert_eq!(
        rtm.push("greeting_accepted").await["payload"]["unique_id"],
        g["unique_id"]
    );
    // A greeting shown while offline appears in the next login response.
    let (_, g2) = control(&emu, "greetings", json!({"customer_id": id})).await;
    rtm.ok("cancel_greeting", json!({"unique_id": g2["unique_id"]}))
        .await;
    rtm.push("greeting_canceled").await;
    assert_eq!(
        rtm.err("cancel_greeting", json!({"unique_id": g2["unique_id"]}))
            .await,
        "greeting_not_found"
    );
    let (_, g3) = control(&emu, "greetings", json!({"customer_id": id})).await;
    let (tok, _) = {
        // same customer: a token through the agent grant for that entity
        let r: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/customer/token", emu.url()))
            .bearer_auth(emu.agent_token())
            .body(json!({"grant_type": "agent_token", "client_id": "t", "entity_id": id, "license_id": LICENSE}).to_string())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            r["access_token"].as_str().unwrap().to_string(),
            r["entity_id"].as_str().unwrap().to_string(),
        )
    };
    let mut tab2 = Rtm::dal(&emu).await;
    let login = tab2.login(&tok).await;
    assert_eq!(login["payload"]["customer"]["id"], id.as_str());
    assert_eq!(login["payload"]["greeting"]["unique_id"], g3["unique_id"]);
    assert_eq!(login["payload"]["greeting"]["accepted"], false);
    assert_eq!(
        login["payload"]["customer"]["statistics"]["greetings_shown_count"],
        3
    );
    assert_eq!(
        login["payload"]["customer"]["statistics"]["greetings_accepted_count"],
        1
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn seen_markers_sneak_peek_and_postbacks() {
    let emu = emulator().await;
    let (mut rtm, id, _) = Rtm::customer(&emu).await;
    let (chat, thread) = start_chat(&mut rtm, "hi").await;
    rtm.ok(
        "mark_events_as_seen",
        json!({"chat_id": chat, "seen_up_to": "2030-01-01T00:00:00+01:00"}),
    )
    .await;
    let p = rtm.push("events_marked_as_seen").await["payload"].clone();
    assert_eq!(p["user_id"], id.as_str());
    assert_eq!(p["seen_up_to"], "2029-12-31T23:00:00.000000Z");
    assert_eq!(
        rtm.err(
            "mark_events_as_seen",
            json!({"chat_id": chat, "seen_up_to": "yesterday"})
        )
        .await,
        "validation"
    );

    rtm.ok(
        "send_sneak_peek",
        json!({"chat_id": chat, "sneak_peek_text": "typing..."}),
    )
    .await;
    let st = control(&emu, "state", json!({})).await.1;
    assert_eq!(st["chats"][0]["sneak_peek"], "typing...");

    // An agent sends a rich message; the customer's postback toggles user_ids.
    let (_, r) = agent(&emu, "send_event", json!({"chat_id": chat, "event": {"type": "rich_message", "template_id": "quick_replies",
        "elements": [{"title": "Pick", "buttons": [{"text": "Yes", "type": "message", "value": "yes", "postback_id": "yes"}]}]}})).await;
    let ev = r["event_id"].as_str().unwrap().to_string();
    let rich = rtm.push("incoming_event").await;
    assert_eq!(
        rich["payload"]["event"]["elements"][0]["buttons"][0]["user_ids"],
        json!([])
    );
    rtm.ok("send_rich_message_postback", json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "postback": {"id": "yes", "toggled": true}})).await;
    let pb = rtm.push("incoming_rich_message_postback").await["payload"].clone();
    assert_eq!(pb["postback"], json!({"id": "yes", "toggled": true}));
    let upd = rtm.push("event_updated").await["payload"].clone();
    assert_eq!(
        upd["event"]["elements"][0]["buttons"][0]["user_ids"],
        json!([id])
    );
    assert_eq!(
        rtm.err("send_rich_message_postback", json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "postback": {"id": "nope", "toggled": true}})).await,
        "validation"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn event_types_and_validation() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let (chat, _) = start_chat(&mut rtm, "hi").await;
    for ev in [
        json!({"type": "file", "url": "https://cdn/x.png", "alternative_text": "x"}),
        json!({"type": "filled_form", "form_id": "f1", "fields": [{"type": "name", "id": "n", "label": "Name", "answer": "A"}]}),
        json!({"type": "custom", "content": {"any": ["thing"]}}),
        json!({"type": "system_message", "system_message_type": "routing.idle", "text": "idle"}),
        json!({"type": "rich_message", "template_id": "cards", "elements": []}),
        json!({"type": "message", "text": "to agents", "recipients": "agents"}),
    ] {
        let ty = ev["type"].clone();
        let id = rtm
            .ok("send_event", json!({"chat_id": chat, "event": ev}))
            .await["event_id"]
            .clone();
        let push = rtm.push("incoming_event").await;
        assert_eq!(push["payload"]["event"]["id"], id);
        assert_eq!(push["payload"]["event"]["type"], ty);
    }
    assert_eq!(
        rtm.err(
            "send_event",
            json!({"chat_id": chat, "event": {"type": "message"}})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err(
            "send_event",
            json!({"chat_id": chat, "event": {"type": "weird"}})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err("send_event", json!({"chat_id": chat})).await,
        "validation"
    );
    assert_eq!(
        rtm.err("send_event", json!({"chat_id": chat, "event": "text"}))
            .await,
        "validation"
    );
    let long = "x".repeat(16 * 1024 + 1);
    assert_eq!(
        rtm.err(
            "send_event",
            json!({"chat_id": chat, "event": {"type": "message", "text": long}})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err(
            "send_event",
            json!({"chat_id": "NOPE", "event": {"type": "message", "text": "x"}})
        )
        .await,
        "not_found"
    );
    // attach_to_last_thread on an inactive chat.
    rtm.ok("deactivate_chat", json!({"id": chat})).await;
    rtm.ok("send_event", json!({"chat_id": chat, "event": {"type": "message", "text": "late"}, "attach_to_last_thread": true})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn paging_of_chats_and_threads() {
    let emu = emulator().await;
    let (mut rtm, _, _) = Rtm::customer(&emu).await;
    let (chat, _) = start_chat(&mut rtm, "m0").await;
    for i in 1..5 {
        rtm.ok("deactivate_chat", json!({"id": chat})).await;
        rtm.ok("resume_chat", json!({"chat": {"id": chat, "thread": {"events": [{"type": "message", "text": format!("m{i}")}]}}})).await;
    }
    // 5 threads: 1 message each, plus a system message in the 4 closed ones.
    let p1 = rtm
        .ok("list_threads", json!({"chat_id": chat, "limit": 2}))
        .await;
    assert_eq!(p1["found_threads"], 5);
    let t = p1["threads"].as_array().unwrap();
    assert_eq!(t.len(), 2);
    assert!(
        t[0]["created_at"].as_str() > t[1]["created_at"].as_str(),
        "desc by default"
    );
    assert!(p1.get("previous_page_id").is_none());
    let p2 = rtm
        .ok(
            "list_threads",
            json!({"chat_id": chat, "page_id": p1["next_page_id"]}),
        )
        .await;
    assert_eq!(p2["threads"].as_array().unwrap().len(), 2);
    assert!(p2["previous_page_id"].is_string());
    let p3 = rtm
        .ok(
            "list_threads",
            json!({"chat_id": chat, "page_id": p2["next_page_id"]}),
        )
        .await;
    assert_eq!(p3["threads"].as_array().unwrap().len(), 1);
    assert!(p3.get("next_page_id").is_none());
    let asc = rtm
        .ok(
            "list_threads",
            json!({"chat_id": chat, "sort_order": "asc", "limit": 1}),
        )
        .await;
    assert_eq!(asc["threads"][0]["events"][0]["text"], "m0");
    // min_events_count: newest threads until at least 3 events (1 + 2 + ...).
    let m = rtm
        .ok(
            "list_threads",
            json!({"chat_id": chat, "min_events_count": 3}),
        )
        .await;
    assert_eq!(m["threads"].as_array().unwrap().len(), 2);
    assert_eq!(
        rtm.err(
            "list_threads",
            json!({"chat_id": chat, "min_events_count": 3, "limit": 2})
        )
        .await,
        "validation"
    );
    assert_eq!(
        rtm.err("list_threads", json!({"chat_id": chat, "page_id": "bogus"}))
            .await,
        "validation"
    );
    assert_eq!(
        rtm.err("list_chats", json!({"limit": 26})).await,
        "validation"
    );
    let l = rtm.ok("list_chats", json!({"limit": 1})).await;
    assert_eq!(l["chats_summary"].as_array().unwrap().len(), 1);
    assert!(l.get("next_page_id").is_none());
    emu.shutdown().await;
}

#[tokio::test]
async fn session_fields_and_page_pushes_are_opt_in() {
    let cfg = livechat_emulator::EmulatorConfig {
        bot: false,
        session_fields_push: true,
        page_updated_push: true,
        ..Default::default()
    };
    let emu = emulator_with(cfg).await;
    let (mut rtm, id, _) = Rtm::customer(&emu).await;
    rtm.ok(
        "set_customer_session_fields",
        json!({"session_fields": [{"a": "b"}]}),
    )
    .await;
    let p = rtm.push("customer_updated").await["payload"].clone();
    assert_eq!(p, json!({"id": id, "session_fields": [{"a": "b"}]}));
    rtm.ok(
        "update_customer_page",
        json!({"url": "https://p/3", "title": "Three"}),
    )
    .await;
    let p = rtm.push("customer_page_updated").await["payload"].clone();
    assert_eq!(p["url"], "https://p/3");
    assert_eq!(p["title"], "Three");
    assert!(p["opened_at"].is_string());
    emu.shutdown().await;
}
