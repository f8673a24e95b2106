//! Test helpers: start an emulator on an ephemeral port, get tokens, speak RTM frames.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use livechat_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub const LICENSE: u64 = 12345;
/// Only turns a hang into a failure; never asserts timing.
pub const WAIT: Duration = Duration::from_secs(10);

pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig {
        bot: false,
        ..Default::default()
    })
    .await
    .expect("start emulator")
}

pub async fn emulator_with(cfg: EmulatorConfig) -> Emulator {
    Emulator::start(cfg).await.expect("start emulator")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

/// A new customer: `(access_token, entity_id)` from the cookie grant.
pub async fn token(emu: &Emulator, client: &reqwest::Client) -> (String, String) {
    let body = json!({"grant_type": "cookie", "client_id": "test", "license_id": LICENSE, "response_type": "token"});
    let v: Value = client
        .post(format!("{}/customer/token", emu.url()))
        .body(body.to_string())
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token json");
    (
        v["access_token"]
            .as_str()
            .expect("access_token")
            .to_string(),
        v["entity_id"].as_str().expect("entity_id").to_string(),
    )
}

pub async fn control(emu: &Emulator, op: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/emulator/{op}", emu.url());
    post_json(&url, emu.control_token(), &body).await
}

pub async fn agent(emu: &Emulator, action: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/v3.3/agent/action/{action}", emu.url());
    post_json(&url, emu.agent_token(), &body).await
}

/// POSTs `body` with a bearer token: `(status, JSON reply or null)`.
async fn post_json(url: &str, token: &str, body: &Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

type WsStream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One RTM connection. Frames not yet asked for are kept in `buffer`.
pub struct Rtm {
    pub ws: WsStream,
    pub buffer: VecDeque<Value>,
    next_id: u64,
    pub closed: bool,
}

impl Rtm {
    pub async fn connect(url: &str) -> Rtm {
        let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
            .await
            .expect("connect timeout")
            .expect("connect");
        Rtm {
            ws,
            buffer: VecDeque::new(),
            next_id: 0,
            closed: false,
        }
    }

    /// Connects with a small TCP receive buffer, so a client that stops reading fills up fast.
    pub async fn connect_small_buffer(emu: &Emulator) -> Rtm {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.set_recv_buffer_size(8 * 1024).expect("SO_RCVBUF");
        let tcp = socket.connect(emu.local_addr()).await.expect("connect");
        let url = emu.rtm_url(None, LICENSE);
        let stream = tokio_tungstenite::MaybeTlsStream::Plain(tcp);
        let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::client_async(url, stream))
            .await
            .expect("handshake timeout")
            .expect("handshake");
        Rtm {
            ws,
            buffer: VecDeque::new(),
            next_id: 0,
            closed: false,
        }
    }

    pub async fn dal(emu: &Emulator) -> Rtm {
        Rtm::connect(&emu.rtm_url(None, LICENSE)).await
    }

    /// Connects and logs in a new customer; returns the connection, the customer id and the login payload.
    pub async fn customer(emu: &Emulator) -> (Rtm, String, Value) {
        let (tok, id) = token(emu, &http()).await;
        let mut rtm = Rtm::dal(emu).await;
        let r = rtm.login(&tok).await;
        assert_eq!(r["success"], true, "{r}");
        (rtm, id, r["payload"].clone())
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// Sends a request and returns its request id.
    pub async fn send(&mut self, action: &str, payload: Value) -> String {
        self.next_id += 1;
        let rid = format!("r{}", self.next_id);
        let f = json!({"request_id": rid, "action": action, "payload": payload});
        self.send_text(&f.to_string()).await;
        rid
    }

    /// The next frame from the socket (not the buffer); `None` once closed.
    pub async fn read(&mut self) -> Option<Value> {
        loop {
            let m = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("timed out waiting for a frame");
            match m {
                Some(Ok(Message::Text(t))) => {
                    return Some(serde_json::from_str(t.as_str()).expect("server sent JSON"))
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    self.closed = true;
                    return None;
                }
                Some(Ok(_)) => continue,
            }
        }
    }

    /// The first frame (buffered or new) matching `pred`.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.buffer.iter().position(&pred) {
            return self.buffer.remove(i).expect("index");
        }
        loop {
            match self.read().await {
                Some(f) if pred(&f) => return f,
                Some(f) => self.buffer.push_back(f),
                None => panic!(
                    "socket closed while waiting for {what}; buffered: {:?}",
                    self.buffer
                ),
            }
        }
    }

    pub async fn response(&mut self, rid: &str) -> Value {
        self.wait_for(&format!("response {rid}"), |f| {
            f["type"] == "response" && f["request_id"] == rid
        })
        .await
    }

    pub async fn request(&mut self, action: &str, payload: Value) -> Value {
        let rid = self.send(action, payload).await;
        self.response(&rid).await
    }

    /// A successful request's payload (panics with the error otherwise).
    pub async fn ok(&mut self, action: &str, payload: Value) -> Value {
        let r = self.request(action, payload).await;
        assert_eq!(r["success"], true, "{action} failed: {r}");
        assert_eq!(r["action"], action);
        r["payload"].clone()
    }

    /// A failed request's error type.
    pub async fn err(&mut self, action: &str, payload: Value) -> String {
        let r = self.request(action, payload).await;
        assert_eq!(r["success"], false, "{action} unexpectedly succeeded: {r}");
        r["payload"]["error"]["message"]
            .as_str()
            .expect("error message");
        r["payload"]["error"]["type"]
            .as_str()
            .expect("error type")
            .to_string()
    }

    pub async fn push(&mut self, action: &str) -> Value {
        self.wait_for(&format!("push {action}"), |f| {
            f["type"] == "push" && f["action"] == action
        })
        .await
    }

    pub async fn login(&mut self, token: &str) -> Value {
        let rid = self.send_login(token, json!({})).await;
        self.response(&rid).await
    }

    pub async fn send_login(&mut self, token: &str, extra: Value) -> String {
        self.next_id += 1;
        let rid = format!("r{}", self.next_id);
        let mut payload = json!({"token": format!("Bearer {token}"), "customer": {}, "customer_side_storage": {},
                                 "is_mobile": false, "application": {"name": "customer_sdk", "version": "3.0.0"}});
        if let (Some(p), Some(e)) = (payload.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        let f = json!({"request_id": rid, "action": "login", "version": "3.3", "payload": payload});
        self.send_text(&f.to_string()).await;
        rid
    }

    /// Waits until the server closes the socket; returns frames received before.
    pub async fn until_closed(&mut self) -> Vec<Value> {
        let mut frames: Vec<Value> = self.buffer.drain(..).collect();
        while let Some(f) = self.read().await {
            frames.push(f);
        }
        frames
    }
}

/// Starts a chat with one message and returns `(chat_id, thread_id)`.
pub async fn start_chat(rtm: &mut Rtm, text: &str) -> (String, String) {
    let p = rtm
        .ok(
            "start_chat",
            json!({"chat": {"thread": {"events": [{"type": "message", "text": text}]}}}),
        )
        .await;
    let push = rtm.push("incoming_chat").await;
    assert_eq!(push["payload"]["chat"]["id"], p["chat_id"]);
    (
        p["chat_id"].as_str().expect("chat_id").to_string(),
        p["thread_id"].as_str().expect("thread_id").to_string(),
    )
}

/// Sends `request` as is on a new TCP connection and returns the reply's head (status line and
/// headers).
pub async fn raw_http(emu: &Emulator, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(emu.local_addr())
        .await
        .expect("connect");
    tcp.write_all(request.as_bytes()).await.expect("write");
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    while !reply.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(WAIT, tcp.read(&mut buf))
            .await
            .expect("reply in time")
            .expect("read");
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&reply).into_owned()
}

/// The status code of a raw HTTP reply.
pub fn status_of(reply: &str) -> u16 {
    reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP reply: {reply:?}"))
}
