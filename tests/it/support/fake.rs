//! A scripted fake Customer Chat API server (one WebSocket at a time) for what the emulator never
//! does on purpose: malformed frames, odd payloads, pushes it does not send (`customer_page_updated`),
//! chats without threads. Tokens come from a fake provider, so no token endpoint is needed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures_util::{SinkExt, StreamExt};
use livechat_core::{Client, Config, Token, TokenProvider};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use super::{Customer, Events};

pub const FAKE_CUSTOMER: &str = "fake-customer";

/// How the fake answers one request.
pub enum Reply {
    /// A success response with this payload.
    Ok(Value),
    /// An error response `{error: {type, message}}`.
    Error(&'static str, &'static str),
    /// A push with this action and payload carrying the request's id (start_chat, send_event...).
    Push(&'static str, Value),
}

type Handler = Arc<dyn Fn(&str, &Value) -> Reply + Send + Sync>;

pub struct FakeServer {
    url: String,
    outbox: Arc<Mutex<Option<mpsc::UnboundedSender<Message>>>>,
    /// Every request action received, in order.
    pub received: Arc<Mutex<Vec<String>>>,
    /// Frames queued for the client, and frames the socket accepted (written to TCP).
    queued: AtomicU64,
    written: Arc<AtomicU64>,
}

impl FakeServer {
    /// Serves login itself; every other request goes to `handler` (`ping` is answered too).
    pub async fn start(
        handler: impl Fn(&str, &Value) -> Reply + Send + Sync + 'static,
    ) -> FakeServer {
        let handler: Handler = Arc::new(handler);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let outbox: Arc<Mutex<Option<mpsc::UnboundedSender<Message>>>> = Arc::default();
        let received: Arc<Mutex<Vec<String>>> = Arc::default();
        let written: Arc<AtomicU64> = Arc::default();
        let (outbox_, received_, written_) = (outbox.clone(), received.clone(), written.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
                    continue;
                };
                let (mut sink, mut source) = ws.split();
                let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
                *outbox_.lock().unwrap() = Some(tx.clone());
                let written = written_.clone();
                tokio::spawn(async move {
                    while let Some(message) = rx.recv().await {
                        if sink.send(message).await.is_err() {
                            break;
                        }
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                });
                let (handler, received) = (handler.clone(), received_.clone());
                tokio::spawn(async move {
                    while let Some(Ok(Message::Text(text))) = source.next().await {
                        let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                            continue;
                        };
                        let action = frame["action"].as_str().unwrap_or_default().to_owned();
                        let request_id = frame["request_id"].clone();
                        let payload = frame["payload"].clone();
                        received.lock().unwrap().push(action.clone());
                        let reply = match action.as_str() {
                            "login" => Reply::Ok(login_response()),
                            "ping" => Reply::Ok(json!({})),
                            _ => handler(&action, &payload),
                        };
                        let frame = match reply {
                            Reply::Ok(payload) => {
                                json!({"request_id": request_id, "action": action,
                                "type": "response", "success": true, "payload": payload})
                            }
                            Reply::Error(kind, message) => {
                                json!({"request_id": request_id, "action": action,
                                "type": "response", "success": false,
                                "payload": {"error": {"type": kind, "message": message}}})
                            }
                            Reply::Push(push, payload) => {
                                json!({"request_id": request_id, "action": push,
                                "type": "push", "version": "3.3", "payload": payload})
                            }
                        };
                        let _ = tx.send(Message::text(frame.to_string()));
                    }
                });
            }
        });
        FakeServer {
            url,
            outbox,
            received,
            queued: AtomicU64::new(0),
            written,
        }
    }

    /// Frames not yet accepted by the socket (the client is not reading).
    pub fn backlog(&self) -> u64 {
        self.queued
            .load(Ordering::Relaxed)
            .saturating_sub(self.written())
    }

    /// Frames the socket accepted so far (pushes and responses).
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Sends a push to the connected client.
    pub fn push(&self, action: &str, payload: Value) {
        self.raw(
            json!({"action": action, "type": "push", "version": "3.3", "payload": payload})
                .to_string(),
        );
    }

    /// Sends any text frame (also malformed JSON) to the connected client.
    pub fn raw(&self, text: String) {
        if let Some(tx) = self.outbox.lock().unwrap().as_ref() {
            if tx.send(Message::text(text)).is_ok() {
                self.queued.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    pub fn config(&self) -> Config {
        Config::for_emulator(&self.url, &format!("{}/fra", self.url), 1)
    }

    /// A connected SDK client using fake tokens.
    pub async fn customer(&self) -> Customer {
        let client = Client::init(self.config(), Some(Arc::new(FakeTokens)), None).unwrap();
        let events = Events::attach(&client);
        events.wait_for("connected", |_| true).await;
        Customer { client, events }
    }
}

fn login_response() -> Value {
    json!({
        "customer": {"id": FAKE_CUSTOMER, "type": "customer", "statistics": {"chats_count": 0}},
        "has_active_thread": false,
        "chats": [],
        "__priv_dynamic_config": {"online_groups_ids": [0], "customer_groups": {"monitoring": {"id": 0}}},
    })
}

pub struct FakeTokens;

#[async_trait]
impl TokenProvider for FakeTokens {
    async fn get_token(&self) -> livechat_core::error::Result<Token> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        Ok(Token {
            access_token: "fake".into(),
            entity_id: FAKE_CUSTOMER.into(),
            expires_in: 3_600_000,
            token_type: "Bearer".into(),
            creation_date: now,
            license_id: 1,
        })
    }

    async fn invalidate(&self) -> livechat_core::error::Result<()> {
        Ok(())
    }
}
