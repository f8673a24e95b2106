//! Customer Web API: actions over HTTP, upload_file (multipart, 10 MB), files served back, check_goals,
//! the GET configuration actions and tickets.

use crate::support::*;
use serde_json::{json, Value};

fn url(emu: &livechat_emulator::Emulator, action: &str) -> String {
    format!(
        "{}/v3.3/customer/action/{action}?license_id={LICENSE}",
        emu.url()
    )
}

#[tokio::test]
async fn actions_over_http_push_to_the_customers_sockets() {
    let emu = emulator().await;
    let client = http();
    let (tok, id) = token(&emu, &client).await;
    let mut rtm = Rtm::dal(&emu).await;
    rtm.login(&tok).await;
    let c = reqwest::Client::new();
    let v: Value = c
        .post(url(&emu, "start_chat"))
        .bearer_auth(&tok)
        .header("content-type", "application/json")
        .body(r#"{"chat":{"thread":{"events":[{"type":"message","text":"via http"}]}}}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let chat = v["chat_id"].as_str().expect("chat_id").to_string();
    let push = rtm.push("incoming_chat").await;
    assert!(push.get("request_id").is_none());
    assert_eq!(push["payload"]["chat"]["id"], chat.as_str());
    let r = c
        .post(url(&emu, "get_customer"))
        .bearer_auth(&tok)
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], id.as_str());
    let r = c
        .post(url(&emu, "check_goals"))
        .bearer_auth(&tok)
        .body(r#"{"session_fields":[{"a":"b"}],"group_id":0,"page_url":"https://p"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .post(url(&emu, "check_goals"))
        .bearer_auth(&tok)
        .body(r#"{"group_id":0}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(url(&emu, "update_customer_page"))
        .bearer_auth(&tok)
        .body(r#"{"url":"https://p"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "RTM only");
    let r = c
        .post(url(&emu, "request_email_verification"))
        .bearer_auth(&tok)
        .body(r#"{"callback_uri":"https://cb"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, st) = control(&emu, "state", json!({})).await;
    assert_eq!(st["email_verifications"][0]["callback_uri"], "https://cb");
    // X-Region header selects the region too.
    let r = c
        .post(url(&emu, "get_customer"))
        .bearer_auth(&tok)
        .header("x-region", "fra")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 421);
    emu.shutdown().await;
}

#[tokio::test]
async fn upload_file_then_send_it_and_download_it() {
    let emu = emulator().await;
    let (tok, _) = token(&emu, &http()).await;
    let mut rtm = Rtm::dal(&emu).await;
    rtm.login(&tok).await;
    let (chat, _) = start_chat(&mut rtm, "file coming").await;
    let data: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let part = reqwest::multipart::Part::bytes(data.clone())
        .file_name("pic.png")
        .mime_str("image/png")
        .unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let r = reqwest::Client::new()
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let file_url = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(file_url.starts_with(&emu.url()));
    let got = reqwest::get(&file_url).await.unwrap();
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().to_vec(), data);
    rtm.ok(
        "send_event",
        json!({"chat_id": chat, "event": {"type": "file", "url": file_url}}),
    )
    .await;
    let ev = rtm.push("incoming_event").await["payload"]["event"].clone();
    assert_eq!(ev["name"], "pic.png");
    assert_eq!(ev["content_type"], "image/png");
    assert_eq!(ev["size"], 5000);
    emu.shutdown().await;
}

#[tokio::test]
async fn upload_errors() {
    let emu = emulator().await;
    let (tok, _) = token(&emu, &http()).await;
    let c = reqwest::Client::new();
    // Over 10 MB: the documented error.
    let part =
        reqwest::multipart::Part::bytes(vec![7u8; 10 * 1024 * 1024 + 1]).file_name("big.bin");
    let r = c
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["error"],
        json!({"type": "entity_too_large", "message": "Upload limit exceeded (10MB)."})
    );
    // Exactly 10 MB is fine.
    let part = reqwest::multipart::Part::bytes(vec![7u8; 10 * 1024 * 1024]).file_name("ok.bin");
    let r = c
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // No `file` field, not multipart, executables, no token.
    let form = reqwest::multipart::Form::new().text("other", "x");
    let r = c
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .body("plain")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["type"],
        "validation"
    );
    let part = reqwest::multipart::Part::bytes(vec![1u8; 10]).file_name("run.exe");
    let r = c
        .post(url(&emu, "upload_file"))
        .bearer_auth(&tok)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let part = reqwest::multipart::Part::bytes(vec![1u8; 10]).file_name("a.txt");
    let r = c
        .post(url(&emu, "upload_file"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .get(format!("{}/files/nope/nothing.txt", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    emu.shutdown().await;
}

#[tokio::test]
async fn configuration_actions_and_tickets() {
    let emu = emulator().await;
    let c = reqwest::Client::new();
    let get = |a: &str, q: &str| {
        format!(
            "{}/v3.3/customer/action/{a}?license_id={LICENSE}{q}",
            emu.url()
        )
    };
    let v: Value = c
        .get(get("get_dynamic_configuration", ""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["group_id"], 0);
    assert_eq!(v["online_group_ids"], json!([0, 1]));
    let v: Value = c
        .get(get("get_configuration", "&group_id=0&version=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["prechat_form"]["fields"].is_array());
    assert!(v["ticket_form"]["fields"].is_array());
    let v: Value = c
        .get(get("get_localization", "&group_id=0&language=en&version=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["Agents_not_available"].is_string());
    let r = c
        .get(get("list_group_properties", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .get(get("list_license_properties", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(get("get_configuration", "&group_id=5&version=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["type"],
        "group_not_found"
    );
    // Tickets (sendTicketForm).
    let r = c.post(format!("{}/v2/tickets/new", emu.url()))
        .json(&json!({"licence_id": LICENSE, "ticket_message": "hi", "offline_message": "hi", "visitor_id": "v", "requester": {"mail": "a@b"}}))
        .send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["id"].is_string());
    let r = c
        .post(format!("{}/v2/tickets/new", emu.url()))
        .json(&json!({"licence_id": LICENSE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert!(v["errors"][0]["incorrect requester structure"].is_array());
    let (_, st) = control(&emu, "state", json!({})).await;
    assert_eq!(st["tickets"].as_array().unwrap().len(), 1);
    emu.shutdown().await;
}
