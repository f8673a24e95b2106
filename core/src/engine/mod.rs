//! The engine: the owner task of one client's connection: the single place that touches the socket and the
//! pending-request table. Callers talk to it with [`Command`]s over a channel.
//!
//! Lifecycle per client-behavior §6, minus the defects of §9: every request settles (response,
//! push-response, typed error, or the request timeout); in-flight requests fail at once when the
//! link goes; `disconnect()` is never undone by a reconnect; requests while not connected fail
//! with `NO_CONNECTION` (also during client-initiated reconnects).

mod command;
mod frames;
mod link;
mod login;
pub(crate) mod state;

pub(crate) use command::{Command, RequestCommand};

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::backoff::Backoff;
use crate::error::{Error, ErrorCode, Result};
use crate::events::Event;
use crate::reason::DisconnectReason;
use crate::transport::WsStream;
use command::reject_after_destroy;
use link::{link_io, send_frame, sleep_until, Link, Wake};
use state::{Context, Status};

/// Most requests one connection keeps in flight (the keep-alive ping included), the server's limit
/// per socket: more fail with `PENDING_REQUESTS_LIMIT_REACHED` before anything is sent, as the
/// server would answer them. Requests are queued in call order, so the late ones are refused.
pub(crate) const MAX_PENDING: usize = 10;

/// Largest request frame written: the server closes the socket on a larger WebSocket message
/// (failing every request in flight), so a larger request fails alone with `VALIDATION`.
pub(crate) const MAX_REQUEST_FRAME_BYTES: usize = 1 << 20;

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
    /// Events of the current wake-up, handed to the dispatcher in one go (boxed as its queue
    /// keeps them: a queued event costs a pointer, not the largest variant).
    #[allow(clippy::vec_box)]
    emitted: Vec<Box<Event>>,
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
            emitted: Vec::new(),
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

    fn emit(&mut self, event: Event) {
        self.emitted.push(Box::new(event));
    }

    /// Hands the wake-up's events to the listeners' queue in one go.
    fn flush_events(&mut self) {
        if !self.emitted.is_empty() {
            self.ctx
                .dispatcher
                .emit_all(std::mem::take(&mut self.emitted));
        }
    }

    async fn on_timer(&mut self) {
        let now = Instant::now();
        while let Some(&(at, id)) = self.deadlines.first() {
            if at > now {
                break;
            }
            self.deadlines.pop_first();
            if let Some(Pending {
                reply: Reply::Caller(reply),
                ..
            }) = self.pending.remove(&id)
            {
                let _ = reply.send(Err(Error::timeout()));
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
