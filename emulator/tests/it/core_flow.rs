//! Token, login, chats, events, pushes to every tab, the push-settling rule, the bot.

use crate::support::*;
use serde_json::{json, Value};

#[tokio::test]
async fn cookie_grant_keeps_identity_and_accepts_text_plain() {
    let emu = emulator().await;
    let client = http();
    let (t1, id1) = token(&emu, &client).await;
    let (t2, id2) = token(&emu, &client).await;
    assert_eq!(id1, id2, "the cookie identifies the customer");
    assert_ne!(t1, t2);
    assert!(t1.starts_with("dal:"));
    let (_, other) = token(&emu, &http()).await;
    assert_ne!(other, id1, "a new cookie jar is a new customer");
    // Any client_id, body sent as text/plain, fields as documented.
    let r = reqwest::Client::new()
        .post(format!("{}/customer/token", emu.url()))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(r#"{"response_type":"token","grant_type":"cookie","client_id":"whatever","license_id":12345,"redirect_uri":"https://x"}"#)
        .send()
        .await
        .unwrap();
    assert!(r.headers().get_all("set-cookie").iter().count() >= 2);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 28800);
    assert_eq!(v["client_id"], "whatever");
    // Bad bodies get the documented oauth error shape.
    let r = reqwest::Client::new()
        .post(format!("{}/customer/token", emu.url()))
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["oauth_exception"], "invalid_request");
    let r = reqwest::Client::new()
        .post(format!("{}/customer/token", emu.url()))
        .body(r#"{"grant_type":"password","client_id":"x"}"#)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["oauth_exception"], "unsupported_grant_type");
    emu.shutdown().await;
}

#[tokio::test]
async fn login_response_has_what_the_official_client_reads() {
    let emu = emulator().await;
    let (tok, id) = token(&emu, &http()).await;
    let mut rtm = Rtm::dal(&emu).await;
    let rid = rtm
        .send_login(&tok, json!({"customer": {"name": "Ann", "session_fields": [{"a": "1"}]},
                                 "customer_page": {"url": "https://shop/1", "title": "Shop"}, "group_id": 0,
                                 "pushes": {"3.3": ["incoming_chat", "incoming_event", "chat_deactivated"]}}))
        .await;
    let r = rtm.response(&rid).await;
    assert_eq!(r["type"], "response");
    assert_eq!(r["action"], "login");
    assert_eq!(r["success"], true);
    let p = &r["payload"];
    assert_eq!(
        p["customer"]["id"],
        id.as_str(),
        "customer.id == token entity_id"
    );
    assert_eq!(p["customer"]["type"], "customer");
    assert_eq!(p["customer"]["name"], "Ann");
    assert_eq!(p["customer"]["session_fields"], json!([{"a": "1"}]));
    for k in [
        "chats_count",
        "threads_count",
        "visits_count",
        "page_views_count",
        "greetings_shown_count",
        "greetings_accepted_count",
    ] {
        assert!(p["customer"]["statistics"][k].is_u64(), "statistics.{k}");
    }
    assert_eq!(p["customer"]["statistics"]["visits_count"], 1);
    assert_eq!(p["customer"]["statistics"]["page_views_count"], 1);
    assert_eq!(p["has_active_thread"], false);
    assert_eq!(p["chats"], json!([]));
    let dc = &p["__priv_dynamic_config"];
    assert_eq!(dc["customer_groups"]["monitoring"]["id"], 0);
    assert!(dc["online_groups_ids"]
        .as_array()
        .unwrap()
        .contains(&json!(0)));
    assert!(p.get("greeting").is_none());
    // A second login on the same connection is refused.
    assert_eq!(
        rtm.err("login", json!({"token": format!("Bearer {tok}")}))
            .await,
        "validation"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn login_errors() {
    let emu = emulator().await;
    let mut rtm = Rtm::dal(&emu).await;
    assert_eq!(
        rtm.err("login", json!({"token": "Bearer dal:nope"})).await,
        "authentication"
    );
    assert_eq!(rtm.err("login", json!({})).await, "validation");
    assert_eq!(rtm.err("login", json!({"token": 5})).await, "validation");
    // Actions before login are refused; ping is allowed.
    assert_eq!(rtm.err("get_customer", json!({})).await, "authentication");
    rtm.ok("ping", json!({})).await;
    let (tok, _) = token(&emu, &http()).await;
    assert_eq!(
        rtm.err(
            "login",
            json!({"token": format!("Bearer {tok}"), "group_id": 77})
        )
        .await,
        "group_not_found"
    );
    let r = rtm.login(&tok).await;
    assert_eq!(r["success"], true);
    emu.shutdown().await;
}

#[tokio::test]
async fn start_chat_is_settled_by_a_push_with_the_request_id_and_reaches_every_tab() {
    let emu = emulator().await;
    let client = http();
    let (tok, id) = token(&emu, &client).await;
    let mut tab1 = Rtm::dal(&emu).await;
    let mut tab2 = Rtm::dal(&emu).await;
    assert_eq!(tab1.login(&tok).await["success"], true);
    assert_eq!(tab2.login(&tok).await["success"], true);

    let rid = tab1
        .send("start_chat", json!({"active": true, "chat": {"properties": {"ns": {"k": "v"}},
              "thread": {"events": [{"type": "message", "text": "hello", "custom_id": "c1"}]}}, "unknown_field": 1}))
        .await;
    let resp = tab1.response(&rid).await;
    assert_eq!(resp["success"], true, "{resp}");
    let chat_id = resp["payload"]["chat_id"].as_str().unwrap().to_string();
    assert_eq!(resp["payload"]["event_ids"].as_array().unwrap().len(), 1);
    let push = tab1.push("incoming_chat").await;
    assert_eq!(
        push["request_id"],
        rid.as_str(),
        "the settling push carries the request id"
    );
    assert_eq!(push["version"], "3.3");
    let chat = &push["payload"]["chat"];
    assert_eq!(chat["id"], chat_id.as_str());
    assert_eq!(chat["properties"]["ns"]["k"], "v");
    assert_eq!(chat["access"]["group_ids"], json!([0]));
    let thread = &chat["thread"];
    assert_eq!(thread["active"], true);
    let ev = &thread["events"][0];
    assert_eq!(ev["text"], "hello");
    assert_eq!(ev["custom_id"], "c1");
    assert_eq!(ev["author_id"], id.as_str());
    assert!(ev["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(ev["id"]
        .as_str()
        .unwrap()
        .starts_with(thread["id"].as_str().unwrap()));
    let users = chat["users"].as_array().unwrap();
    assert!(users
        .iter()
        .any(|u| u["id"] == id.as_str() && u["type"] == "customer"));
    assert!(
        users
            .iter()
            .any(|u| u["type"] == "agent" && u["present"] == true),
        "an agent was routed"
    );

    let other = tab2.push("incoming_chat").await;
    assert!(
        other.get("request_id").is_none(),
        "other tabs get the push without the request id"
    );

    // send_event: settled by incoming_event with the request id; the other tab sees it too.
    let rid = tab2
        .send(
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "second"}}),
        )
        .await;
    let resp = tab2.response(&rid).await;
    let event_id = resp["payload"]["event_id"].as_str().unwrap().to_string();
    let push = tab2.push("incoming_event").await;
    assert_eq!(push["request_id"], rid.as_str());
    assert_eq!(push["payload"]["event"]["id"], event_id.as_str());
    let seen_by_1 = tab1.push("incoming_event").await;
    assert!(seen_by_1.get("request_id").is_none());
    assert_eq!(seen_by_1["payload"]["chat_id"], chat_id.as_str());

    // Chat limit: one chat per customer.
    assert_eq!(
        tab1.err("start_chat", json!({})).await,
        "chat_limit_reached"
    );

    // get_chat / list_chats / list_threads reflect the state.
    let c = tab1.ok("get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(c["thread"]["events"].as_array().unwrap().len(), 2);
    let l = tab1.ok("list_chats", json!({"limit": 10})).await;
    assert_eq!(l["total_chats"], 1);
    assert_eq!(l["chats_summary"][0]["id"], chat_id.as_str());
    assert_eq!(l["chats_summary"][0]["active"], true);
    assert_eq!(
        l["chats_summary"][0]["last_event_per_type"]["message"]["event"]["text"],
        "second"
    );

    // deactivate_chat: system message, then chat_deactivated carrying the request id.
    let rid = tab1.send("deactivate_chat", json!({"id": chat_id})).await;
    assert_eq!(tab1.response(&rid).await["success"], true);
    let sys = tab1.push("incoming_event").await;
    assert!(sys.get("request_id").is_none());
    assert_eq!(
        sys["payload"]["event"]["system_message_type"],
        "manual_archived_customer"
    );
    let d = tab1.push("chat_deactivated").await;
    assert_eq!(d["request_id"], rid.as_str());
    assert_eq!(d["payload"]["user_id"], id.as_str());
    assert_eq!(
        tab2.push("chat_deactivated").await["payload"]["chat_id"],
        chat_id.as_str()
    );
    assert_eq!(
        tab1.err("deactivate_chat", json!({"id": chat_id})).await,
        "chat_inactive"
    );
    assert_eq!(
        tab1.err(
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "x"}})
        )
        .await,
        "chat_inactive"
    );

    // resume_chat opens a new thread, settled by incoming_chat.
    let rid = tab1
        .send("resume_chat", json!({"chat": {"id": chat_id}}))
        .await;
    let resp = tab1.response(&rid).await;
    assert_eq!(resp["success"], true, "{resp}");
    let push = tab1.push("incoming_chat").await;
    assert_eq!(push["request_id"], rid.as_str());
    assert!(push["payload"]["chat"]["thread"]["previous_thread_id"].is_string());
    assert_eq!(
        tab1.err("resume_chat", json!({"chat": {"id": chat_id}}))
            .await,
        "chat_already_active"
    );
    let th = tab1.ok("list_threads", json!({"chat_id": chat_id})).await;
    assert_eq!(th["found_threads"], 2);
    emu.shutdown().await;
}

#[tokio::test]
async fn bot_types_then_replies() {
    let emu = emulator_with(livechat_emulator::EmulatorConfig {
        bot_delay_ms: 20,
        ..Default::default()
    })
    .await;
    let (mut rtm, _id, _) = Rtm::customer(&emu).await;
    let (chat_id, _) = start_chat(&mut rtm, "hi there").await;
    let typing = rtm.push("incoming_typing_indicator").await;
    assert_eq!(typing["payload"]["chat_id"], chat_id.as_str());
    assert_eq!(typing["payload"]["typing_indicator"]["is_typing"], true);
    assert_eq!(
        typing["payload"]["typing_indicator"]["author_id"],
        "bot@emulator.local"
    );
    let reply = rtm.push("incoming_event").await;
    assert_eq!(reply["payload"]["event"]["author_id"], "bot@emulator.local");
    assert!(reply["payload"]["event"]["text"].as_str().unwrap().len() > 3);
    // Every frame the bot produced came in order: typing true, typing false, reply.
    let state = control(&emu, "state", json!({})).await.1;
    assert_eq!(state["bot"], true);
    emu.shutdown().await;
}
