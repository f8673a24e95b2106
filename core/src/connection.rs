//! The owner task of one client's connection: the single place that touches the socket and the
//! pending-request table. Callers talk to it with [`Command`]s over a channel.
//!
//! Lifecycle per client-behavior §6, minus the defects of §9: every request settles (response,
//! push-response, typed error, or the request timeout); in-flight requests fail at once when the
//! link goes; `disconnect()` is never undone by a reconnect; requests while not connected fail
//! with `NO_CONNECTION` (also during client-initiated reconnects).

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::auth::{side_storage_key, Token};
use crate::backoff::Backoff;
use crate::client::{Context, Status};
use crate::config::{CustomerData, Region};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Event;
use crate::pushes;
use crate::reason::{DisconnectReason, ReasonPolicy};
use crate::transport::{self, WsStream};

/// Most requests one connection keeps in flight (the keep-alive ping included), the server's limit
/// per socket: more fail with `PENDING_REQUESTS_LIMIT_REACHED` before anything is sent, as the
/// server would answer them. Requests are queued in call order, so the late ones are refused.
pub(crate) const MAX_PENDING: usize = 10;

/// Largest request frame written: the server closes the socket on a larger WebSocket message
/// (failing every request in flight), so a larger request fails alone with `VALIDATION`.
pub(crate) const MAX_REQUEST_FRAME_BYTES: usize = 1 << 20;

/// Frames handled per wake-up beyond the first, when they are already buffered.
const READ_AHEAD: usize = 32;

/// How long a failed token fetch waits for the server's refusal of the socket opened with it.
const REFUSAL_GRACE: Duration = Duration::from_millis(200);
/// Delay before reconnecting after a `customer_disconnected` that asks for it (reference: 100 ms).
const RECONNECT_AFTER_PUSH: Duration = Duration::from_millis(100);

/// Requests answered by a push that carries their `request_id` (client-behavior §2.5).
const PUSH_SETTLED: &[(&str, &str)] = &[
    ("start_chat", "incoming_chat"),
    ("resume_chat", "incoming_chat"),
    ("send_event", "incoming_event"),
    ("deactivate_chat", "chat_deactivated"),
];

/// The 24 pushes the login subscribes to (client-behavior §6.4, in that order).
const LOGIN_PUSHES: &[&str] = &[
    "chat_deactivated",
    "chat_properties_deleted",
    "chat_properties_updated",
    "chat_transferred",
    "customer_page_updated",
    "customer_side_storage_updated",
    "customer_updated",
    "event_properties_deleted",
    "event_properties_updated",
    "event_updated",
    "events_marked_as_seen",
    "greeting_accepted",
    "greeting_canceled",
    "incoming_chat",
    "incoming_event",
    "incoming_greeting",
    "incoming_multicast",
    "incoming_rich_message_postback",
    "incoming_typing_indicator",
    "queue_position_updated",
    "thread_properties_deleted",
    "thread_properties_updated",
    "user_added_to_chat",
    "user_removed_from_chat",
];

pub(crate) struct RequestCommand {
    pub(crate) action: String,
    pub(crate) payload: Value,
    pub(crate) reply: oneshot::Sender<Result<Value>>,
}

/// Kept small (the request is boxed): every client's channel preallocates a block of these.
pub(crate) enum Command {
    Request(Box<RequestCommand>),
    Connect { reply: oneshot::Sender<Result<()>> },
    Disconnect { reply: oneshot::Sender<Result<()>> },
    Destroy { reply: oneshot::Sender<Result<()>> },
}

enum Reply {
    Caller(oneshot::Sender<Result<Value>>),
    /// The keep-alive ping (handled by the engine).
    Ping,
    /// Fire-and-forget (the post-login page update).
    Ignore,
}

struct Pending {
    action: String,
    reply: Reply,
    deadline: Instant,
}

/// Why opening a connection failed: the socket, or the token.
enum OpenError {
    Socket(Error),
    Token(Error),
    /// The server refused the socket before login (`customer_disconnected`, e.g. an unknown
    /// license): its payload.
    Refused(Value),
}

/// The opened socket is boxed: the task output travels through `Wake`, which the owner task
/// keeps room for while idle.
type Opening = JoinHandle<std::result::Result<(Box<WsStream>, Token), OpenError>>;

enum Link {
    /// No socket and none wanted (before connect, paused).
    Idle,
    /// A reconnect is scheduled.
    Waiting {
        until: Instant,
    },
    /// Socket and token being obtained.
    Opening(Opening),
    /// Login sent, not answered yet.
    LoggingIn {
        ws: Box<WsStream>,
        login_id: u64,
        deadline: Instant,
        page_sent: Option<Value>,
    },
    Connected {
        ws: Box<WsStream>,
    },
}

/// What woke the owner task up.
enum Wake {
    Command(Option<Command>),
    Frame(Option<std::result::Result<Message, tokio_tungstenite::tungstenite::Error>>),
    Opened(
        std::result::Result<
            std::result::Result<(Box<WsStream>, Token), OpenError>,
            tokio::task::JoinError,
        >,
    ),
    Timer,
    /// The listeners caught up: the socket may be read again.
    Room,
}

struct Ping {
    next_at: Instant,
    /// Sent and not answered yet: (request id, sent at).
    outstanding: Option<(u64, Instant)>,
    unstable: bool,
}

pub(crate) struct Engine {
    ctx: Arc<Context>,
    commands: mpsc::UnboundedReceiver<Command>,
    link: Link,
    pending: HashMap<u64, Pending>,
    deadlines: BTreeSet<(Instant, u64)>,
    next_id: u64,
    login_backoff: Backoff,
    slower_backoff: Backoff,
    use_slower: bool,
    socket_backoff: Backoff,
    /// Region switches (`misdirected_connection`): two regions naming each other must not make a
    /// tight login loop. Reset by `connect()` and by an answered ping (a link that stayed up).
    region_backoff: Backoff,
    refresh_token: bool,
    /// The host wants a connection (connect() / autoConnect), so failures reconnect by themselves.
    wanted: bool,
    ping: Ping,
    /// Events of the current wake-up, handed to the dispatcher in one go.
    outbox: Vec<Box<Event>>,
    done: bool,
}

impl Engine {
    pub(crate) fn new(ctx: Arc<Context>, commands: mpsc::UnboundedReceiver<Command>) -> Engine {
        Engine {
            ctx,
            commands,
            link: Link::Idle,
            pending: HashMap::new(),
            deadlines: BTreeSet::new(),
            next_id: 1,
            login_backoff: Backoff::login(),
            slower_backoff: Backoff::login_slower(),
            use_slower: false,
            socket_backoff: Backoff::socket(),
            region_backoff: Backoff::login(),
            refresh_token: false,
            wanted: false,
            ping: Ping {
                next_at: Instant::now(),
                outstanding: None,
                unstable: false,
            },
            outbox: Vec::new(),
            done: false,
        }
    }

    pub(crate) async fn run(mut self) {
        while !self.done {
            let wake = self.next_wake().await;
            match wake {
                Wake::Command(None) => {
                    // Every Client handle is gone: close quietly.
                    self.close_socket().await;
                    self.fail_all(Error::destroyed());
                    return;
                }
                // Handlers are boxed so that an idle client's task stays small.
                Wake::Command(Some(command)) => Box::pin(self.on_command(command)).await,
                Wake::Frame(frame) => Box::pin(self.on_frames(frame)).await,
                Wake::Opened(result) => Box::pin(self.on_opened(result)).await,
                Wake::Timer => Box::pin(self.on_timer()).await,
                Wake::Room => self.on_room(),
            }
            self.flush_events();
        }
    }

    async fn next_wake(&mut self) -> Wake {
        // Backpressure: while the listeners are behind, frames stay in the socket (TCP pushes
        // back on the server); commands and timers are still served.
        let reading = self.ctx.dispatcher.has_room();
        let timer = self.next_timer(reading);
        let commands = &mut self.commands;
        let link = &mut self.link;
        let dispatcher = &self.ctx.dispatcher;
        tokio::select! {
            command = commands.recv() => Wake::Command(command),
            wake = link_io(link, reading) => wake,
            _ = dispatcher.room(), if !reading => Wake::Room,
            _ = sleep_until(timer) => Wake::Timer,
        }
    }

    /// Reading again after a pause for the listeners: an unanswered ping may be sitting unread in
    /// the socket, so it is timed from now (the pause was ours, not the link's).
    fn on_room(&mut self) {
        let now = Instant::now();
        if let Some((id, _)) = self.ping.outstanding {
            self.ping.outstanding = Some((id, now));
        }
        self.ping.next_at = self.ping.next_at.max(now + self.ctx.config.ping_interval);
    }

    /// The earliest of: a request deadline, the reconnect time, the login deadline, ping times
    /// (not while reading is paused for the listeners: see `on_room`).
    fn next_timer(&self, reading: bool) -> Option<Instant> {
        let mut next = self.deadlines.first().map(|(at, _)| *at);
        let mut consider = |at: Instant| next = Some(next.map_or(at, |n| n.min(at)));
        match &self.link {
            Link::Waiting { until } => consider(*until),
            Link::LoggingIn { deadline, .. } => consider(*deadline),
            Link::Connected { .. } if reading => {
                consider(self.ping.next_at);
                if let (Some((_, sent)), false) = (self.ping.outstanding, self.ping.unstable) {
                    consider(sent + self.ctx.config.ping_timeout);
                }
            }
            Link::Connected { .. } | Link::Idle | Link::Opening(_) => {}
        }
        next
    }

    // ----- commands -------------------------------------------------------------------------

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Request(request) => {
                let RequestCommand {
                    action,
                    payload,
                    reply,
                } = *request;
                if self.ctx.status() != Status::Connected {
                    let _ = reply.send(Err(Error::no_connection()));
                } else if self.pending.len() >= MAX_PENDING {
                    let _ = reply.send(Err(Error::new(
                        ErrorCode::PendingRequestsLimitReached,
                        format!("Too many pending requests (at most {MAX_PENDING} in flight)."),
                    )));
                } else {
                    self.send_request(&action, payload, Reply::Caller(reply))
                        .await;
                }
            }
            Command::Connect { reply } => {
                let result = match self.link {
                    Link::Idle | Link::Waiting { .. } => {
                        self.wanted = true;
                        if self.ctx.status() == Status::Paused {
                            self.ctx.set_status(Status::Disconnected);
                        }
                        self.login_backoff.reset();
                        self.socket_backoff.reset();
                        self.region_backoff.reset();
                        self.start_opening();
                        Ok(())
                    }
                    _ => Err(Error::new(
                        ErrorCode::AlreadyConnected,
                        "Already connected or connecting.",
                    )),
                };
                let _ = reply.send(result);
            }
            Command::Disconnect { reply } => {
                self.pause(None).await;
                let _ = reply.send(Ok(()));
            }
            Command::Destroy { reply } => {
                self.destroy(None).await;
                let _ = reply.send(Ok(()));
            }
        }
    }

    /// Sends a request frame and records it; a failed write fails the request and drops the link.
    async fn send_request(&mut self, action: &str, payload: Value, reply: Reply) -> Option<u64> {
        let id = self.next_id;
        self.next_id += 1;
        let frame = json!({ "request_id": id.to_string(), "action": action, "payload": payload });
        let frame = frame.to_string();
        if frame.len() > MAX_REQUEST_FRAME_BYTES {
            if let Reply::Caller(reply) = reply {
                let _ = reply.send(Err(Error::new(
                    ErrorCode::Validation,
                    format!("The request is larger than the server accepts ({MAX_REQUEST_FRAME_BYTES} bytes)."),
                )));
            }
            return None;
        }
        let deadline = Instant::now() + self.ctx.config.request_timeout;
        let sent = match &mut self.link {
            Link::Connected { ws } | Link::LoggingIn { ws, .. } => {
                send_frame(ws, frame, self.ctx.config.request_timeout).await
            }
            _ => false,
        };
        if !sent {
            if let Reply::Caller(reply) = reply {
                let _ = reply.send(Err(Error::connection_lost()));
            }
            self.on_link_lost().await;
            return None;
        }
        self.pending.insert(
            id,
            Pending {
                action: action.to_owned(),
                reply,
                deadline,
            },
        );
        self.deadlines.insert((deadline, id));
        Some(id)
    }

    // ----- opening and login ----------------------------------------------------------------

    fn start_opening(&mut self) {
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

    async fn on_opened(
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
        let page_sent = self.ctx.page().map(|page| page_json(&page));
        let payload = login_payload(&self.ctx, &token, page_sent.clone());
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

    async fn on_login_response(&mut self, frame: &Value) {
        let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
        if frame.get("success").and_then(Value::as_bool) != Some(true) {
            return self.on_login_failed(error_of(&payload)).await;
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
        let page_now = self.ctx.page().map(|page| page_json(&page));
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
    async fn on_login_failed(&mut self, error: Error) {
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

    fn reconnect_after_login_backoff(&mut self) {
        let delay = if self.use_slower {
            self.slower_backoff.next()
        } else {
            self.login_backoff.next()
        };
        self.schedule_reconnect(delay);
    }

    fn schedule_reconnect(&mut self, delay: Duration) {
        if !self.wanted {
            self.link = Link::Idle;
            return;
        }
        self.link = Link::Waiting {
            until: Instant::now() + delay,
        };
    }

    fn emit(&mut self, event: Event) {
        self.outbox.push(Box::new(event));
    }

    /// Hands the wake-up's events to the listeners' queue in one go.
    fn flush_events(&mut self) {
        if !self.outbox.is_empty() {
            self.ctx
                .dispatcher
                .emit_all(std::mem::take(&mut self.outbox));
        }
    }

    // ----- incoming frames ------------------------------------------------------------------

    /// Handles a frame, then the frames already waiting on the socket (bounded), so a burst of
    /// pushes costs one wake-up of the dispatcher thread.
    async fn on_frames(
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

    async fn on_frame(
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
        let request_id = frame.get("request_id").and_then(request_id_of);
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
    fn on_any_frame(&mut self) {
        if matches!(self.link, Link::Connected { .. }) {
            self.ping.outstanding = None;
        }
        if self.ping.unstable {
            self.ping.unstable = false;
            self.emit(Event::ConnectionRecovered);
        }
    }

    fn on_response(&mut self, id: u64, frame: &Value) {
        let Some(entry) = self.pending.get(&id) else {
            return; // already settled (e.g. timed out): nothing waits for it
        };
        let success = frame.get("success").and_then(Value::as_bool) == Some(true);
        if success
            && PUSH_SETTLED
                .iter()
                .any(|(action, _)| *action == entry.action)
        {
            return; // settled by the push carrying this request_id
        }
        let Some(entry) = self.take_pending(id) else {
            return;
        };
        let payload = frame.get("payload").cloned().unwrap_or_else(|| json!({}));
        let result = if success {
            Ok(payload)
        } else {
            Err(error_of(&payload))
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

    async fn on_push(&mut self, action: &str, request_id: Option<u64>, frame: &Value) {
        let payload = frame.get("payload").cloned().unwrap_or_else(|| json!({}));
        self.track_chat_activity(action, &payload);
        if let Some(id) = request_id {
            let settles = self.pending.get(&id).is_some_and(|entry| {
                PUSH_SETTLED
                    .iter()
                    .any(|(request, push)| *request == entry.action && *push == action)
            });
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
                    self.ctx.store.set(
                        &side_storage_key(self.ctx.config.license_id),
                        &storage.to_string(),
                    );
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

    fn track_chat_activity(&self, action: &str, payload: &Value) {
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
    async fn on_customer_disconnected(&mut self, payload: &Value) {
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
    async fn on_link_lost(&mut self) {
        let was_connected = matches!(self.link, Link::Connected { .. });
        self.close_socket().await;
        self.fail_all(Error::connection_lost());
        if was_connected {
            self.become_reconnecting(DisconnectReason::ConnectionLost);
        }
        let delay = self.socket_backoff.next();
        self.schedule_reconnect(delay);
    }

    fn become_reconnecting(&mut self, reason: DisconnectReason) {
        if !matches!(self.ctx.status(), Status::Paused | Status::Destroyed) {
            self.ctx.set_status(Status::Reconnecting);
        }
        self.emit(Event::Disconnected { reason });
    }

    // ----- timers ---------------------------------------------------------------------------

    async fn on_timer(&mut self) {
        let now = Instant::now();
        while let Some(&(at, id)) = self.deadlines.first() {
            if at > now {
                break;
            }
            self.deadlines.pop_first();
            if let Some(Pending { reply, .. }) = self.pending.remove(&id) {
                if let Reply::Caller(reply) = reply {
                    let _ = reply.send(Err(Error::timeout()));
                }
            }
        }
        match &self.link {
            Link::Waiting { until } if *until <= now => self.start_opening(),
            Link::LoggingIn { deadline, .. } if *deadline <= now => {
                self.on_login_failed(Error::new(ErrorCode::RequestTimeout, "Login timed out."))
                    .await
            }
            Link::Connected { .. } => self.on_ping_timer(now).await,
            _ => {}
        }
    }

    /// Keep-alive and dead-link detection: a ping every `ping_interval`; unanswered after
    /// `ping_timeout` -> `connection_unstable`; still unanswered at the next ping -> link lost.
    async fn on_ping_timer(&mut self, now: Instant) {
        if let Some((_, sent)) = self.ping.outstanding {
            if !self.ping.unstable && now >= sent + self.ctx.config.ping_timeout {
                self.ping.unstable = true;
                self.emit(Event::ConnectionUnstable);
            }
        }
        if now < self.ping.next_at {
            return;
        }
        if self.ping.outstanding.is_some() {
            tracing::debug!("ping unanswered for a whole interval: treating the link as lost");
            return self.on_link_lost().await;
        }
        self.ping.next_at = now + self.ctx.config.ping_interval;
        if let Some(id) = self.send_request("ping", json!({}), Reply::Ping).await {
            self.ping.outstanding = Some((id, now));
        }
    }

    // ----- pause, destroy, helpers ----------------------------------------------------------

    /// `disconnect()` (reason `None`, no event) or a reason that waits for `connect()`.
    async fn pause(&mut self, reason: Option<DisconnectReason>) {
        self.wanted = false;
        self.close_socket().await;
        self.fail_all(Error::connection_lost());
        if self.ctx.status() != Status::Destroyed {
            self.ctx.set_status(Status::Paused);
        }
        if let Some(reason) = reason {
            self.emit(Event::Disconnected { reason });
        }
    }

    /// `destroy()` (reason `None`, no event) or a reason that destroys the instance.
    async fn destroy(&mut self, reason: Option<DisconnectReason>) {
        let by_host = reason.is_none();
        self.wanted = false;
        self.close_socket().await;
        self.fail_all(match reason {
            None => Error::destroyed(),
            Some(_) => Error::connection_lost(),
        });
        self.ctx.set_status(Status::Destroyed);
        if let Some(reason) = reason {
            self.emit(Event::Disconnected { reason });
        }
        self.flush_events();
        // The host's destroy() drops what waits; a forced one delivers it and its `disconnected`.
        self.ctx.dispatcher.close(by_host);
        self.done = true;
        self.commands.close();
        while let Ok(command) = self.commands.try_recv() {
            reject_after_destroy(command);
        }
    }

    /// Closes whatever link exists (close frame best effort; an opening is aborted).
    async fn close_socket(&mut self) {
        match std::mem::replace(&mut self.link, Link::Idle) {
            Link::Connected { mut ws } | Link::LoggingIn { mut ws, .. } => {
                // Bounded: a dead peer must not stall the owner task.
                let _ = tokio::time::timeout(
                    Duration::from_millis(500),
                    WsStream::close(&mut ws, None),
                )
                .await;
            }
            Link::Opening(task) => task.abort(),
            Link::Idle | Link::Waiting { .. } => {}
        }
        self.ping.outstanding = None;
        if self.ping.unstable {
            self.ping.unstable = false;
        }
    }

    fn take_pending(&mut self, id: u64) -> Option<Pending> {
        let entry = self.pending.remove(&id)?;
        self.deadlines.remove(&(entry.deadline, id));
        Some(entry)
    }

    fn fail_all(&mut self, error: Error) {
        self.deadlines.clear();
        for (_, entry) in self.pending.drain() {
            if let Reply::Caller(reply) = entry.reply {
                let _ = reply.send(Err(error.clone()));
            }
        }
    }
}

fn reject_after_destroy(command: Command) {
    match command {
        Command::Request(request) => {
            let reply = request.reply;
            let _ = reply.send(Err(Error::destroyed()));
        }
        Command::Connect { reply } => {
            let _ = reply.send(Err(Error::destroyed()));
        }
        Command::Disconnect { reply } | Command::Destroy { reply } => {
            let _ = reply.send(Ok(()));
        }
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

async fn link_io(link: &mut Link, reading: bool) -> Wake {
    match link {
        Link::Connected { ws } | Link::LoggingIn { ws, .. } if reading => {
            Wake::Frame(ws.next().await)
        }
        Link::Connected { .. } | Link::LoggingIn { .. } => std::future::pending().await,
        Link::Opening(task) => Wake::Opened(task.await),
        Link::Idle | Link::Waiting { .. } => std::future::pending().await,
    }
}

/// Writes one text frame; a peer that stops reading cannot stall the owner task past `timeout`.
async fn send_frame(ws: &mut WsStream, text: String, timeout: Duration) -> bool {
    matches!(
        tokio::time::timeout(timeout, ws.send(Message::text(text))).await,
        Ok(Ok(()))
    )
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Our request ids are decimal counters; anything else is not ours.
fn request_id_of(value: &Value) -> Option<u64> {
    value.as_str().and_then(|s| s.parse().ok())
}

/// The error object of a failed response (`payload.error.{type,message}`).
fn error_of(payload: &Value) -> Error {
    match payload.get("error") {
        Some(error) => match error.get("type").and_then(Value::as_str) {
            Some(kind) => Error::from_server(
                kind,
                error.get("message").and_then(Value::as_str).unwrap_or(""),
            ),
            None => Error::bad_response(format!("An error response without a type: {error}")),
        },
        None => Error::bad_response("A failed response without an error object."),
    }
}

fn page_json(page: &crate::config::Page) -> Value {
    let mut map = Map::new();
    if let Some(url) = &page.url {
        map.insert("url".into(), json!(url));
    }
    if let Some(title) = &page.title {
        map.insert("title".into(), json!(title));
    }
    Value::Object(map)
}

fn customer_json(data: &CustomerData) -> Value {
    let mut map = Map::new();
    for (key, value) in [
        ("name", &data.name),
        ("email", &data.email),
        ("avatar", &data.avatar),
    ] {
        if let Some(value) = value {
            map.insert(key.into(), json!(value));
        }
    }
    if !data.session_fields.is_empty() {
        let fields: Vec<Value> = data
            .session_fields
            .iter()
            .map(|(k, v)| json!({ k: v }))
            .collect();
        map.insert("session_fields".into(), Value::Array(fields));
    }
    Value::Object(map)
}

/// The login payload (client-behavior §6.4).
fn login_payload(ctx: &Context, token: &Token, page: Option<Value>) -> Value {
    let config = &ctx.config;
    let customer = config
        .customer_data_provider
        .as_ref()
        .map(|provider| {
            // Host code: a panic there must not take the connection down.
            catch_unwind(AssertUnwindSafe(|| provider.customer_data())).unwrap_or_default()
        })
        .unwrap_or_default();
    let side_storage = ctx
        .store
        .get(&side_storage_key(config.license_id))
        .and_then(|saved| serde_json::from_str::<Value>(&saved).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    let mut application = json!({ "name": "customer_sdk", "version": "3.0.0" });
    if let Some(channel_type) = config.channel_type.as_deref().filter(|c| !c.is_empty()) {
        application["channel_type"] = json!(channel_type);
    }
    let mut payload = json!({
        "token": token.authorization(),
        "customer": customer_json(&customer),
        "customer_side_storage": side_storage,
        "is_mobile": config.mobile,
        "application": application,
    });
    if let Some(group_id) = config.group_id {
        payload["group_id"] = json!(group_id);
    }
    if let Some(page) = page {
        payload["customer_page"] = page;
    }
    if let Some(referrer) = &config.referrer {
        payload["referrer"] = json!(referrer);
    }
    payload["pushes"] = json!({ "3.3": LOGIN_PUSHES });
    payload
}
