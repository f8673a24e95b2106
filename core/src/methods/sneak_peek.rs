//! `setSneakPeek`: throttled per chat (the window lives in the client's state), sent only while
//! connected and the chat is active, failures ignored (as the reference client).

use crate::client::Client;
use crate::engine::state::{SneakPeekStep, Status};

use super::SNEAK_PEEK_INTERVAL;

/// Whether a sneak peek for this chat may go out now (reference: connected and chat active).
fn sendable(client: &Client, chat_id: &str) -> bool {
    client.status() == Status::Connected && client.is_chat_active(chat_id)
}

pub(super) fn submit(client: &Client, chat_id: String, text: String) {
    if !sendable(client, &chat_id) {
        return; // dropped, as documented
    }
    match client
        .ctx
        .sneak_peek(&chat_id, text.clone(), SNEAK_PEEK_INTERVAL)
    {
        SneakPeekStep::Send => send(client.clone(), chat_id, text),
        SneakPeekStep::SendAt(wake) => send_at(client.clone(), chat_id, wake),
        SneakPeekStep::Replaced => {}
    }
}

fn send_at(client: Client, chat_id: String, wake: std::time::Instant) {
    let Ok(handle) = crate::runtime::handle() else {
        return;
    };
    handle.spawn(async move {
        tokio::time::sleep_until(wake.into()).await;
        if let Some(text) = client.ctx.due_sneak_peek(&chat_id) {
            if sendable(&client, &chat_id) {
                send(client, chat_id, text);
            }
        }
    });
}

fn send(client: Client, chat_id: String, text: String) {
    let Ok(handle) = crate::runtime::handle() else {
        return;
    };
    handle.spawn(async move {
        let payload = serde_json::json!({ "chat_id": chat_id, "sneak_peek_text": text });
        if let Err(err) = client.request("send_sneak_peek", payload).await {
            tracing::debug!("send_sneak_peek failed (ignored): {err}");
        }
    });
}
