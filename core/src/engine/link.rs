//! The engine's link: no socket, a scheduled reconnect, opening, logging in, connected; and the
//! socket I/O the engine waits on.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::Command;
use crate::auth::Token;
use crate::error::Error;
use crate::transport::WsStream;

/// Why opening a connection failed: the socket, or the token.
pub(super) enum OpenError {
    Socket(Error),
    Token(Error),
    /// The server refused the socket before login (`customer_disconnected`, e.g. an unknown
    /// license): its payload.
    Refused(Value),
}

/// The opened socket is boxed: the task output travels through `Wake`, which the owner task
/// keeps room for while idle.
pub(super) type Opening = JoinHandle<std::result::Result<(Box<WsStream>, Token), OpenError>>;

pub(super) enum Link {
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
pub(super) enum Wake {
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

pub(super) async fn link_io(link: &mut Link, reading: bool) -> Wake {
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
pub(super) async fn send_frame(ws: &mut WsStream, text: String, timeout: Duration) -> bool {
    matches!(
        tokio::time::timeout(timeout, ws.send(Message::text(text))).await,
        Ok(Ok(()))
    )
}

pub(super) async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
