//! What a `Client` handle asks of its engine, over the engine's channel.

use serde_json::Value;
use tokio::sync::oneshot;

use crate::error::{Error, Result};

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

pub(super) fn reject_after_destroy(command: Command) {
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
