//! Opening a link (socket and token at once) and logging in (client-behavior §6.4, §6.5).

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::link::{send_frame, Link, OpenError};
use super::state::Status;
use super::{Engine, Ping, Reply};
use crate::auth::Token;
use crate::error::{Error, ErrorCode};
use crate::events::Event;
use crate::protocol::{self, pushes, requests};
use crate::reason::{DisconnectReason, ReasonPolicy};
use crate::transport::{self, WsStream};

/// How long a failed token fetch waits for the server's refusal of the socket opened with it.
const REFUSAL_GRACE: Duration = Duration::from_millis(200);
impl Engine {
    pub(super) fn start_opening(&mut self) {
        let ctx = self.ctx.clone();
        let refresh = std::mem::take(&mut self.refresh_token);
        let url = transport::rtm_url(ctx.config.api_origin(ctx.region()), ctx.config.license_id);
        let timeout = ctx.config.request_timeout;
        let task = tokio::spawn(async move {
            let url = url.map_err(OpenError::Socket)?;
            let socket = async {
                tokio::time::timeout(timeout, transport::open(&url, ctx.config.allow_insecure))
                    .await
                    .unwrap_or_else(|_| Err(Error::timeout()))
                    .map_err(OpenError::Socket)
            };
            let token = async {
                if refresh {
                    let _ = tokio::time::timeout(timeout, ctx.tokens.invalidate()).await;
                }
                tokio::time::timeout(timeout, ctx.tokens.get_token())
                    .await
                    .unwrap_or_else(|_| {
                        Err(Error::new(
                            ErrorCode::RequestTimeout,
                            "The token provider timed out.",
                        ))
                    })
                    .map_err(OpenError::Token)
            };
            let (socket, token) = tokio::join!(socket, token);
            let mut socket = socket?;
            match token {
                Ok(token) => Ok((Box::new(socket), token)),
                // A refusal already on the socket (an unknown license fails both) is the reason,
                // as for the reference client, which listens on the socket during the token fetch.
                Err(e) => Err(early_refusal(&mut socket)
                    .await
                    .map_or(e, OpenError::Refused)),
            }
        });
        self.link = Link::Opening(task);
    }

    pub(super) async fn on_opened(
        &mut self,
        result: std::result::Result<
            std::result::Result<(Box<WsStream>, Token), OpenError>,
            tokio::task::JoinError,
        >,
    ) {
        self.link = Link::Idle;
        let (mut ws, token) = match result {
            Ok(Ok(opened)) => opened,
            Ok(Err(OpenError::Socket(e))) => {
                tracing::debug!(error = %e, "socket open failed");
                let delay = self.socket_backoff.next();
                self.schedule_reconnect(delay);
                return;
            }
            Ok(Err(OpenError::Token(e))) => return self.on_login_failed(e).await,
            Ok(Err(OpenError::Refused(payload))) => {
                return self.on_customer_disconnected(&payload).await
            }
            Err(e) => {
                return self
                    .on_login_failed(Error::internal(format!("Opening failed: {e}")))
                    .await
            }
        };
        self.socket_backoff.reset();
        match self.ctx.learn_customer_id(&token) {
            Ok(true) => self.emit(Event::CustomerId(token.entity_id.clone())),
            Ok(false) => {}
            Err(e) => {
                let _ = WsStream::close(&mut ws, None).await;
                return self.on_login_failed(e).await;
            }
        }
        let page_sent = self.ctx.page().map(|page| requests::page(&page));
        let payload = requests::login(
            &self.ctx.config,
            &self.ctx.customer_data(),
            self.ctx.side_storage(),
            &token,
            page_sent.clone(),
        );
        let login_id = self.next_id;
        self.next_id += 1;
        let frame = json!({ "request_id": login_id.to_string(), "action": "login", "version": "3.3", "payload": payload });
        if !send_frame(&mut ws, frame.to_string(), self.ctx.config.request_timeout).await {
            let delay = self.socket_backoff.next();
            self.schedule_reconnect(delay);
            return;
        }
        let deadline = Instant::now() + self.ctx.config.request_timeout;
        self.link = Link::LoggingIn {
            ws,
            login_id,
            deadline,
            page_sent,
        };
    }

    pub(super) async fn on_login_response(&mut self, frame: &Value) {
        let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
        if frame.get("success").and_then(Value::as_bool) != Some(true) {
            return self
                .on_login_failed(protocol::response_error(&payload))
                .await;
        }
        let events = match pushes::login_events(&payload) {
            Ok(events) => events,
            Err(e) => return self.on_login_failed(e).await,
        };
        let Link::LoggingIn { ws, page_sent, .. } = std::mem::replace(&mut self.link, Link::Idle)
        else {
            return;
        };
        self.link = Link::Connected { ws };
        self.login_backoff.reset();
        self.slower_backoff.reset();
        self.use_slower = false;
        self.ping = Ping {
            next_at: Instant::now() + self.ctx.config.ping_interval,
            outstanding: None,
            unstable: false,
        };
        self.ctx.set_status(Status::Connected);
        // The page changed while logging in: send the whole stored page once (client-behavior §3.9).
        let page_now = self.ctx.page().map(|page| requests::page(&page));
        if page_now.is_some() && page_now != page_sent {
            let page = page_now.unwrap_or_default();
            self.send_request("update_customer_page", page, Reply::Ignore)
                .await;
        }
        for event in events {
            self.emit(event);
        }
    }

    /// client-behavior §6.5, with the reason policy of `reason.rs` for codes that are reasons.
    pub(super) async fn on_login_failed(&mut self, error: Error) {
        tracing::debug!(error = %error, "login failed");
        self.close_socket().await;
        self.fail_all(Error::connection_lost());
        match &error.code {
            ErrorCode::Authentication => {
                self.refresh_token = true;
                self.reconnect_after_login_backoff();
            }
            ErrorCode::UsersLimitReached => {
                self.pause(Some(DisconnectReason::UsersLimitReached)).await
            }
            ErrorCode::IdentityMismatch => {
                self.destroy(Some(DisconnectReason::IdentityMismatch)).await
            }
            ErrorCode::CustomerBanned => self.destroy(Some(DisconnectReason::CustomerBanned)).await,
            ErrorCode::WrongProductVersion => {
                self.destroy(Some(DisconnectReason::Other(
                    "wrong_product_version".into(),
                )))
                .await
            }
            ErrorCode::SsoIdentityException | ErrorCode::SsoOauthException => {
                if matches!(
                    error.message.as_str(),
                    "server_error" | "temporarily_unavailable"
                ) {
                    self.reconnect_after_login_backoff();
                } else {
                    self.destroy(Some(DisconnectReason::Other(error.message.clone())))
                        .await;
                }
            }
            ErrorCode::ServiceTemporarilyUnavailable => {
                self.use_slower = true;
                self.reconnect_after_login_backoff();
            }
            code => {
                let reason = DisconnectReason::from_wire(&code.as_str().to_ascii_lowercase());
                match (&reason, reason.policy()) {
                    (DisconnectReason::Other(_), _) | (_, ReasonPolicy::Reconnect) => {
                        self.reconnect_after_login_backoff()
                    }
                    (_, ReasonPolicy::RefreshTokenAndReconnect) => {
                        self.refresh_token = true;
                        self.reconnect_after_login_backoff();
                    }
                    (_, ReasonPolicy::SwitchRegionAndReconnect) => {
                        self.reconnect_after_login_backoff()
                    }
                    (_, ReasonPolicy::WaitForConnect) => self.pause(Some(reason)).await,
                    (_, ReasonPolicy::Destroy) => self.destroy(Some(reason)).await,
                }
            }
        }
    }

    pub(super) fn reconnect_after_login_backoff(&mut self) {
        let delay = if self.use_slower {
            self.slower_backoff.next()
        } else {
            self.login_backoff.next()
        };
        self.schedule_reconnect(delay);
    }

    pub(super) fn schedule_reconnect(&mut self, delay: Duration) {
        if !self.wanted {
            self.link = Link::Idle;
            return;
        }
        self.link = Link::Waiting {
            until: Instant::now() + delay,
        };
    }
}

/// The payload of a `customer_disconnected` with which the server refuses `ws` before any login
/// (it does so right after the upgrade), waiting at most [`REFUSAL_GRACE`] for it.
async fn early_refusal(ws: &mut WsStream) -> Option<Value> {
    let refusal = async {
        while let Some(Ok(message)) = ws.next().await {
            let Ok(frame) = serde_json::from_slice::<Value>(&message.into_data()) else {
                continue;
            };
            if frame.get("action").and_then(Value::as_str) == Some("customer_disconnected") {
                return frame.get("payload").cloned();
            }
        }
        None
    };
    tokio::time::timeout(REFUSAL_GRACE, refusal)
        .await
        .ok()
        .flatten()
}
