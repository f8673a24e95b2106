//! The emulator listens on a port every local web page can reach: control API token, random
//! tokens, `Host` check (DNS rebinding), CORS only where the official browser client needs it.

use crate::support::*;
use livechat_emulator::EmulatorConfig;
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS as ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_ORIGIN as ALLOW_ORIGIN,
};
use serde_json::{json, Value};

const PAGE: &str = "https://some-page.example";

#[tokio::test]
async fn control_api_requires_the_control_token() {
    let emu = emulator().await;
    let c = reqwest::Client::new();
    let state = format!("{}/emulator/state", emu.url());
    let r = c.post(&state).body("{}").send().await.unwrap();
    assert_eq!(r.status(), 401, "no token");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["type"], "authentication");
    let r = c
        .post(&state)
        .bearer_auth(emu.agent_token())
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "the agent token is not the control token");
    let r = c
        .post(&state)
        .bearer_auth(emu.control_token())
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    emu.shutdown().await;
}

#[tokio::test]
async fn tokens_are_random_unless_configured() {
    let (a, b) = (emulator().await, emulator().await);
    for emu in [&a, &b] {
        assert!(emu.agent_token().len() >= 32, "{}", emu.agent_token());
        assert!(emu.control_token().len() >= 32, "{}", emu.control_token());
        assert_ne!(emu.agent_token(), emu.control_token());
    }
    assert_ne!(a.agent_token(), b.agent_token());
    assert_ne!(a.control_token(), b.control_token());
    // A random agent token works on the Agent API.
    assert_eq!(agent(&a, "list_chats", json!({})).await.0, 200);
    a.shutdown().await;
    b.shutdown().await;

    let emu = emulator_with(EmulatorConfig {
        agent_token: Some("my-agent".into()),
        control_token: Some("my-control".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(emu.agent_token(), "my-agent");
    assert_eq!(emu.control_token(), "my-control");
    assert_eq!(agent(&emu, "list_chats", json!({})).await.0, 200);
    assert_eq!(control(&emu, "state", json!({})).await.0, 200);
    emu.shutdown().await;

    let empty = EmulatorConfig {
        control_token: Some(String::new()),
        ..Default::default()
    };
    assert!(
        livechat_emulator::Emulator::start(empty).await.is_err(),
        "an empty token is refused, not taken as no protection"
    );
}

#[tokio::test]
async fn host_header_must_name_this_machine() {
    let emu = emulator_with(EmulatorConfig {
        allowed_hosts: vec!["devbox.lan".into()],
        ..Default::default()
    })
    .await;
    let port = emu.local_addr().port();
    let get = |host: String| format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("app.localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.2".to_string(),
        format!("devbox.lan:{port}"),
    ] {
        assert_eq!(
            status_of(&raw_http(&emu, &get(host.clone())).await),
            200,
            "{host}"
        );
    }
    // A DNS-rebinding page's requests carry its own name.
    for host in [
        format!("rebind.example:{port}"),
        "rebind.example".to_string(),
        format!("localhost.example:{port}"),
        format!("192.168.1.20:{port}"),
        String::new(),
    ] {
        let reply = raw_http(&emu, &get(host.clone())).await;
        assert_eq!(status_of(&reply), 403, "{host}: {reply}");
    }
    let no_host = raw_http(&emu, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status_of(&no_host), 403);
    // Every route is guarded, the token endpoint and the WebSocket upgrade included.
    let token = format!(
        "POST /customer/token HTTP/1.1\r\nHost: rebind.example:{port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    assert_eq!(status_of(&raw_http(&emu, &token).await), 403);
    let upgrade = format!(
        "GET /v3.3/customer/rtm/ws?license_id={LICENSE} HTTP/1.1\r\nHost: rebind.example:{port}\r\nConnection: Upgrade\r\n\
         Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    assert_eq!(status_of(&raw_http(&emu, &upgrade).await), 403);
    emu.shutdown().await;
}

#[tokio::test]
async fn cors_only_where_the_browser_client_needs_it() {
    let emu = emulator().await;
    let c = reqwest::Client::new();
    let preflight = |path: &str| {
        c.request(reqwest::Method::OPTIONS, format!("{}{path}", emu.url()))
            .header("origin", PAGE)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    // Agent and control APIs: no CORS at all, so a page can neither read them nor send them
    // credentialed or preflighted requests.
    for path in [
        "/emulator/state",
        "/v3.3/agent/action/list_chats",
        "/fra/v3.3/agent/action/list_chats",
    ] {
        let r = preflight(path).await.unwrap();
        assert!(
            r.headers().get(ALLOW_ORIGIN).is_none(),
            "{path}: {:?}",
            r.headers()
        );
    }
    for (path, token) in [
        ("/emulator/state", emu.control_token()),
        ("/v3.3/agent/action/list_chats", emu.agent_token()),
    ] {
        let r = c
            .post(format!("{}{path}", emu.url()))
            .header("origin", PAGE)
            .bearer_auth(token)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.headers().get(ALLOW_ORIGIN).is_none(),
            "{path}: {:?}",
            r.headers()
        );
    }

    // Token endpoint: the browser client sends its identity cookies (credentials included).
    let r = c
        .post(format!("{}/customer/token", emu.url()))
        .header("origin", PAGE)
        .body(json!({"grant_type": "cookie", "client_id": "t", "license_id": LICENSE}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[ALLOW_ORIGIN], PAGE);
    assert_eq!(r.headers()[ALLOW_CREDENTIALS], "true");

    // Customer Web API: readable from any page, never with credentials.
    for path in [
        "/v3.3/customer/action/get_customer?license_id=12345",
        "/fra/v3.3/customer/action/upload_file?license_id=12345",
        "/v2/tickets/new",
    ] {
        let r = preflight(path).await.unwrap();
        assert_eq!(r.headers()[ALLOW_ORIGIN], "*", "{path}");
        assert!(r.headers().get(ALLOW_CREDENTIALS).is_none(), "{path}");
        let allowed = r.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap();
        assert!(allowed.contains("authorization"), "{allowed}");
    }
    emu.shutdown().await;
}
