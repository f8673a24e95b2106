//! Incoming frames: responses settle pending requests, pushes become events; the pushes the engine
//! acts on itself (`customer_disconnected`, side storage) and a lost link.

use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use super::link::Link;
use super::state::Status;
use super::{Engine, Pending, Reply};
use crate::config::Region;
use crate::error::{Error, ErrorCode};
use crate::events::Event;
use crate::protocol::{self, pushes};
use crate::reason::{DisconnectReason, ReasonPolicy};

/// Frames handled per wake-up beyond the first, when they are already buffered.
const READ_AHEAD: usize = 32;

/// Delay before reconnecting after a `customer_disconnected` that asks for it (reference: 100 ms).
const RECONNECT_AFTER_PUSH: Duration = Duration::from_millis(100);

impl Engine {
    /// Handles a frame, then the frames already waiting on the socket (bounded), so a burst of
    /// pushes costs one wake-up of the dispatcher thread.
    pub(super) async fn on_frames(
        &mut self,
        frame: Option<std::result::Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) {
        self.on_frame(frame).await;
        for _ in 0..READ_AHEAD {
            if !self.ctx.dispatcher.has_room() {
                break;
            }
            let ready = match &mut self.link {
                Link::Connected { ws } | Link::LoggingIn { ws, .. } => ws.next().now_or_never(),
                _ => None,
            };
            match ready {
                Some(frame) => self.on_frame(frame).await,
                None => break,
            }
        }
    }

    pub(super) async fn on_frame(
        &mut self,
        frame: Option<std::result::Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) {
        let text = match frame {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Binary(bytes))) => match String::from_utf8(bytes.to_vec()) {
                Ok(text) => text.into(),
                Err(_) => return,
            },
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return self.on_link_lost().await,
            Some(Ok(_)) => return, // ping/pong control frames: tungstenite answers pings itself
        };
        self.on_any_frame();
        let frame: Value = match serde_json::from_str(&text) {
            Ok(value @ Value::Object(_)) => value,
            _ => {
                tracing::warn!("ignoring a frame that is not a JSON object");
                return;
            }
        };
        let action = frame
            .get("action")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let request_id = frame.get("request_id").and_then(protocol::request_id_of);
        let is_response = frame.get("type").and_then(Value::as_str) == Some("response");

        if let Link::LoggingIn { login_id, .. } = &self.link {
            if is_response && request_id == Some(*login_id) {
                return self.on_login_response(&frame).await;
            }
        }
        if is_response {
            if let Some(id) = request_id {
                self.on_response(id, &frame);
            }
            return;
        }
        self.on_push(&action, request_id, &frame).await;
    }

    /// Any frame proves the link alive: an outstanding ping is no longer needed (its answer, if
    /// it ever comes, is ignored), and `connection_recovered` follows a `connection_unstable`.
    pub(super) fn on_any_frame(&mut self) {
        if matches!(self.link, Link::Connected { .. }) {
            self.ping.outstanding = None;
        }
        if self.ping.unstable {
            self.ping.unstable = false;
            self.emit(Event::ConnectionRecovered);
        }
    }

    pub(super) fn on_response(&mut self, id: u64, frame: &Value) {
        let Some(entry) = self.pending.get(&id) else {
            return; // already settled (e.g. timed out): nothing waits for it
        };
        let success = frame.get("success").and_then(Value::as_bool) == Some(true);
        if success && protocol::settled_by_push(&entry.action) {
            return; // settled by the push carrying this request_id
        }
        let Some(entry) = self.take_pending(id) else {
            return;
        };
        let payload = frame.get("payload").cloned().unwrap_or_else(|| json!({}));
        let result = if success {
            Ok(payload)
        } else {
            Err(protocol::response_error(&payload))
        };
        match entry.reply {
            Reply::Caller(reply) => {
                let _ = reply.send(result);
            }
            Reply::Ping => {
                if self.ping.outstanding.map(|(ping_id, _)| ping_id) == Some(id) {
                    self.ping.outstanding = None;
                }
                self.region_backoff.reset();
            }
            Reply::Ignore => {}
        }
    }

    pub(super) async fn on_push(&mut self, action: &str, request_id: Option<u64>, frame: &Value) {
        let payload = frame.get("payload").cloned().unwrap_or_else(|| json!({}));
        self.track_chat_activity(action, &payload);
        if let Some(id) = request_id {
            let settles = self
                .pending
                .get(&id)
                .is_some_and(|entry| protocol::settles(action, &entry.action));
            if settles {
                if let Some(Pending {
                    reply: Reply::Caller(reply),
                    ..
                }) = self.take_pending(id)
                {
                    let _ = reply.send(Ok(payload));
                }
                return;
            }
        }
        match action {
            "customer_disconnected" => self.on_customer_disconnected(&payload).await,
            "customer_side_storage_updated" => {
                if let Some(storage) = payload.get("customer_side_storage") {
                    self.ctx.save_side_storage(storage);
                }
            }
            "" => {}
            _ => {
                for event in pushes::push_events(action, &payload) {
                    self.emit(event);
                }
            }
        }
    }

    pub(super) fn track_chat_activity(&self, action: &str, payload: &Value) {
        match action {
            "incoming_chat" => {
                if let Some(id) = payload.pointer("/chat/id").and_then(Value::as_str) {
                    self.ctx.set_chat_active(id, true);
                }
            }
            "chat_deactivated" => {
                if let Some(id) = payload.get("chat_id").and_then(Value::as_str) {
                    self.ctx.set_chat_active(id, false);
                }
            }
            _ => {}
        }
    }

    /// client-behavior §6.8 with the documented policy of each reason (`reason.rs`).
    pub(super) async fn on_customer_disconnected(&mut self, payload: &Value) {
        let wire = payload.get("reason").and_then(Value::as_str).unwrap_or("");
        let reason = DisconnectReason::from_wire(wire);
        self.close_socket().await;
        if wire == "service_temporarily_unavailable" {
            self.fail_all(Error::new(
                ErrorCode::ServiceTemporarilyUnavailable,
                "Service temporarily unavailable.",
            ));
            // Not a documented reason: the host sees the link lost, as the reference reports it.
            self.become_reconnecting(DisconnectReason::ConnectionLost);
            self.use_slower = true;
            return self.reconnect_after_login_backoff();
        }
        match reason.policy() {
            ReasonPolicy::Reconnect => {
                let code = if reason == DisconnectReason::TooManyUnauthorizedConnections {
                    ErrorCode::TooManyUnauthorizedConnections
                } else {
                    ErrorCode::ConnectionLost
                };
                self.fail_all(Error::new(code, ""));
                self.become_reconnecting(reason);
                self.schedule_reconnect(RECONNECT_AFTER_PUSH);
            }
            ReasonPolicy::RefreshTokenAndReconnect => {
                self.fail_all(Error::connection_lost());
                self.refresh_token = true;
                self.become_reconnecting(reason);
                self.schedule_reconnect(RECONNECT_AFTER_PUSH);
            }
            ReasonPolicy::SwitchRegionAndReconnect => {
                self.fail_all(Error::new(ErrorCode::MisdirectedConnection, ""));
                let region = payload
                    .pointer("/data/region")
                    .and_then(Value::as_str)
                    .and_then(Region::parse);
                self.become_reconnecting(reason);
                match region {
                    Some(region) if region != self.ctx.region() => {
                        self.ctx.set_region(region);
                        let delay = self.region_backoff.next();
                        self.schedule_reconnect(delay);
                    }
                    // No (usable) region named: retry where we are, with backoff.
                    _ => self.reconnect_after_login_backoff(),
                }
            }
            ReasonPolicy::WaitForConnect => {
                self.fail_all(Error::connection_lost());
                self.pause(Some(reason)).await;
            }
            ReasonPolicy::Destroy => {
                self.fail_all(Error::connection_lost());
                self.destroy(Some(reason)).await;
            }
        }
    }

    /// The socket went away on its own (or a write failed, or the ping went unanswered).
    pub(super) async fn on_link_lost(&mut self) {
        let was_connected = matches!(self.link, Link::Connected { .. });
        self.close_socket().await;
        self.fail_all(Error::connection_lost());
        if was_connected {
            self.become_reconnecting(DisconnectReason::ConnectionLost);
        }
        let delay = self.socket_backoff.next();
        self.schedule_reconnect(delay);
    }

    pub(super) fn become_reconnecting(&mut self, reason: DisconnectReason) {
        if !matches!(self.ctx.status(), Status::Paused | Status::Destroyed) {
            self.ctx.set_status(Status::Reconnecting);
        }
        self.emit(Event::Disconnected { reason });
    }
}
