//! Agent Web API subset: each action and the customer pushes it produces.

use crate::support::*;
use livechat_emulator::Emulator;
use serde_json::{json, Value};

#[tokio::test]
async fn agent_actions_reach_the_customer() {
    let emu = emulator().await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (chat, thread) = start_chat(&mut rtm, "hello").await;
    let jane = "jane@emulator.local";

    // send_event from an agent already in the chat.
    let (s, r) = agent(&emu, "send_event", json!({"chat_id": chat, "event": {"type": "message", "text": "Hi, Jane here", "recipients": "all"}})).await;
    assert_eq!(s, 200, "{r}");
    let e = rtm.push("incoming_event").await;
    assert_eq!(e["payload"]["event"]["author_id"], jane);
    assert_eq!(e["payload"]["event"]["id"], r["event_id"]);
    // Events for agents only are not delivered to the customer.
    agent(&emu, "send_event", json!({"chat_id": chat, "event": {"type": "message", "text": "internal", "recipients": "agents"}})).await;

    // Typing indicator.
    agent(
        &emu,
        "send_typing_indicator",
        json!({"chat_id": chat, "is_typing": true}),
    )
    .await;
    let t = rtm.push("incoming_typing_indicator").await;
    assert_eq!(t["payload"]["typing_indicator"]["author_id"], jane);
    assert_eq!(t["payload"]["typing_indicator"]["is_typing"], true);
    assert!(t["payload"]["typing_indicator"]["timestamp"].is_i64());
    // The internal message never arrived (the typing push came next).
    assert!(rtm
        .buffer
        .iter()
        .all(|f| f["payload"]["event"]["text"] != "internal"));

    // mark_events_as_seen
    agent(
        &emu,
        "mark_events_as_seen",
        json!({"chat_id": chat, "seen_up_to": "2031-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(
        rtm.push("events_marked_as_seen").await["payload"]["user_id"],
        jane
    );

    // Properties, all six.
    let ev = r["event_id"].clone();
    all_six_property_actions(&emu, &mut rtm, &chat, &thread, &ev).await;

    // add / remove user.
    let (s, r) = agent(
        &emu,
        "add_user_to_chat",
        json!({"chat_id": chat, "user_id": "bot@emulator.local", "user_type": "agent"}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let added = rtm.push("user_added_to_chat").await;
    assert_eq!(added["payload"]["user"]["id"], "bot@emulator.local");
    assert_eq!(added["payload"]["user"]["present"], true);
    assert_eq!(
        rtm.push("incoming_event").await["payload"]["event"]["system_message_type"],
        "agent_added"
    );
    agent(
        &emu,
        "remove_user_from_chat",
        json!({"chat_id": chat, "user_id": "bot@emulator.local", "user_type": "agent"}),
    )
    .await;
    assert_eq!(
        rtm.push("user_removed_from_chat").await["payload"]["user_id"],
        "bot@emulator.local"
    );
    assert_eq!(
        rtm.push("incoming_event").await["payload"]["event"]["system_message_type"],
        "agent_removed"
    );
    let (s, r) = agent(
        &emu,
        "remove_user_from_chat",
        json!({"chat_id": chat, "user_id": cid, "user_type": "customer"}),
    )
    .await;
    assert_eq!((s, r["error"]["type"].as_str()), (400, Some("validation")));

    // transfer to group 1 (the bot is the only other agent; it is accepting).
    let (s, r) = agent(
        &emu,
        "transfer_chat",
        json!({"id": chat, "target": {"type": "group", "ids": [1]}}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let tr = rtm.push("chat_transferred").await["payload"].clone();
    assert_eq!(tr["transferred_to"]["group_ids"], json!([1]));
    assert_eq!(tr["reason"], "manual");
    assert_eq!(tr["requester_id"], jane);
    // Jane handed over to the bot (the only other accepting agent of group 1).
    assert_eq!(
        rtm.push("user_removed_from_chat").await["payload"]["user_id"],
        jane
    );
    assert_eq!(
        rtm.push("user_added_to_chat").await["payload"]["user"]["id"],
        "bot@emulator.local"
    );
    let c = rtm.ok("get_chat", json!({"chat_id": chat})).await;
    assert_eq!(c["access"]["group_ids"], json!([1]));

    // get_chat / list_chats / list_threads (agent views).
    let (_, g) = agent(&emu, "get_chat", json!({"chat_id": chat})).await;
    assert_eq!(g["id"], chat.as_str());
    assert!(g["thread"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "internal"));
    let (_, l) = agent(&emu, "list_chats", json!({})).await;
    assert_eq!(l["found_chats"], 1);
    assert_eq!(l["chats_summary"][0]["last_thread_summary"]["active"], true);
    let (_, l) = agent(
        &emu,
        "list_chats",
        json!({"filters": {"include_active": false}}),
    )
    .await;
    assert_eq!(l["found_chats"], 0);
    let (_, th) = agent(&emu, "list_threads", json!({"chat_id": chat})).await;
    assert_eq!(th["found_threads"], 1);

    // deactivate: system message then chat_deactivated with the agent as user.
    agent(&emu, "deactivate_chat", json!({"id": chat})).await;
    let sys = rtm
        .wait_for("archive message", |f| {
            f["payload"]["event"]["system_message_type"] == "manual_archived_agent"
        })
        .await;
    assert_eq!(sys["action"], "incoming_event");
    assert_eq!(
        rtm.push("chat_deactivated").await["payload"]["user_id"],
        jane
    );
    let (s, r) = agent(
        &emu,
        "send_event",
        json!({"chat_id": chat, "event": {"type": "message", "text": "late"}}),
    )
    .await;
    assert_eq!(
        (s, r["error"]["type"].as_str()),
        (422, Some("chat_inactive"))
    );
    emu.shutdown().await;
}

/// Each agent property action reaches the customer as its push.
async fn all_six_property_actions(
    emu: &Emulator,
    rtm: &mut Rtm,
    chat: &str,
    thread: &str,
    ev: &Value,
) {
    agent(
        emu,
        "update_chat_properties",
        json!({"id": chat, "properties": {"p": {"a": 1}}}),
    )
    .await;
    rtm.push("chat_properties_updated").await;
    agent(
        emu,
        "delete_chat_properties",
        json!({"id": chat, "properties": {"p": ["a"]}}),
    )
    .await;
    rtm.push("chat_properties_deleted").await;
    agent(emu, "update_thread_properties", json!({"chat_id": chat, "thread_id": thread, "properties": {"lc2": {"queue_pos": 2, "queue_waiting_time": 30}}})).await;
    rtm.push("thread_properties_updated").await;
    agent(
        emu,
        "delete_thread_properties",
        json!({"chat_id": chat, "thread_id": thread, "properties": {"lc2": ["queue_pos"]}}),
    )
    .await;
    rtm.push("thread_properties_deleted").await;
    agent(emu, "update_event_properties", json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "properties": {"q": {"b": "c"}}})).await;
    rtm.push("event_properties_updated").await;
    agent(
        emu,
        "delete_event_properties",
        json!({"chat_id": chat, "thread_id": thread, "event_id": ev, "properties": {"q": ["b"]}}),
    )
    .await;
    rtm.push("event_properties_deleted").await;
}

#[tokio::test]
async fn agent_auth_and_errors() {
    let emu = emulator().await;
    let r = reqwest::Client::new()
        .post(format!("{}/v3.3/agent/action/list_chats", emu.url()))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = reqwest::Client::new()
        .post(format!("{}/v3.3/agent/action/list_chats", emu.url()))
        .bearer_auth("wrong")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"]["type"], "authentication");
    let (s, v) = agent(&emu, "no_such_action", json!({})).await;
    assert_eq!((s, v["error"]["type"].as_str()), (404, Some("not_found")));
    let (s, v) = agent(&emu, "get_chat", json!({"chat_id": "NOPE"})).await;
    assert_eq!((s, v["error"]["type"].as_str()), (404, Some("not_found")));
    let (s, v) = agent(&emu, "get_chat", json!({})).await;
    assert_eq!((s, v["error"]["type"].as_str()), (400, Some("validation")));
    let (s, v) = agent(&emu, "transfer_chat", json!({"id": 5})).await;
    assert_eq!((s, v["error"]["type"].as_str()), (400, Some("validation")));
    emu.shutdown().await;
}

#[tokio::test]
async fn ban_disconnects_and_refuses_login() {
    let emu = emulator().await;
    let (tok, cid) = token(&emu, &http()).await;
    let mut rtm = Rtm::dal(&emu).await;
    rtm.login(&tok).await;
    let (s, r) = agent(&emu, "ban_customer", json!({"id": cid, "ban": {"days": 1}})).await;
    assert_eq!(s, 200, "{r}");
    let frames = rtm.until_closed().await;
    let d = frames
        .iter()
        .find(|f| f["action"] == "customer_disconnected")
        .expect("customer_disconnected");
    assert_eq!(d["payload"]["reason"], "customer_banned");
    let mut again = Rtm::dal(&emu).await;
    assert_eq!(
        again
            .err("login", json!({"token": format!("Bearer {tok}")}))
            .await,
        "customer_banned"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn routing_status_changes_availability() {
    let emu = emulator().await;
    let (mut rtm, _, login) = Rtm::customer(&emu).await;
    assert_eq!(
        login["__priv_dynamic_config"]["online_groups_ids"],
        json!([0, 1])
    );
    // Both agents stop accepting: group 0 goes offline and its watchers get the lc2 multicast.
    agent(
        &emu,
        "set_routing_status",
        json!({"status": "not_accepting_chats"}),
    )
    .await;
    let (s, r) = agent(
        &emu,
        "set_routing_status",
        json!({"status": "not_accepting_chats", "agent_id": "bot@emulator.local"}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let m = rtm.push("incoming_multicast").await["payload"].clone();
    assert_eq!(m["type"], "lc2");
    assert_eq!(m["content"]["name"], "groups_update");
    assert_eq!(
        m["content"]["groups"][0],
        json!({"id": 0, "status": "offline"})
    );
    assert_eq!(rtm.err("start_chat", json!({})).await, "groups_offline");
    // A continuous chat may start while offline.
    rtm.ok("start_chat", json!({"continuous": true})).await;
    let (s, _) = agent(&emu, "set_routing_status", json!({"status": "offline"})).await;
    assert_eq!(s, 400, "humans cannot go offline through routing status");
    emu.shutdown().await;
}

#[tokio::test]
async fn agent_starts_and_resumes_a_chat_with_a_customer() {
    let emu = emulator().await;
    let (mut rtm, cid, _) = Rtm::customer(&emu).await;
    let (s, r) = agent(
        &emu,
        "start_chat",
        json!({"chat": {"users": [{"id": cid, "type": "customer"}],
        "thread": {"events": [{"type": "message", "text": "Can I help?"}]}}}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let chat = r["chat_id"].as_str().unwrap().to_string();
    let push = rtm.push("incoming_chat").await["payload"].clone();
    assert_eq!(push["requester_id"], "jane@emulator.local");
    assert_eq!(push["chat"]["id"], chat.as_str());
    assert_eq!(push["chat"]["thread"]["events"][0]["text"], "Can I help?");
    let (s, _) = agent(
        &emu,
        "start_chat",
        json!({"chat": {"users": [{"id": cid, "type": "customer"}]}}),
    )
    .await;
    assert_eq!(s, 422, "one chat per customer");
    let (s, r) = agent(&emu, "resume_chat", json!({"chat": {"id": chat}})).await;
    assert_eq!(
        (s, r["error"]["type"].as_str()),
        (422, Some("chat_already_active"))
    );
    agent(&emu, "deactivate_chat", json!({"id": chat})).await;
    rtm.push("chat_deactivated").await;
    let (s, r) = agent(&emu, "resume_chat", json!({"chat": {"id": chat}})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        rtm.push("incoming_chat").await["payload"]["chat"]["thread"]["id"],
        r["thread_id"]
    );
    let (s, _) = agent(&emu, "start_chat", json!({"chat": {"users": []}})).await;
    assert_eq!(s, 400);
    emu.shutdown().await;
}
