//! The bot agent: answers a customer message with a typing indicator, then a reply. These are the
//! two steps on the state; `Shared` schedules them after the configured delays.

use crate::chat::events::{self, push_typing};
use crate::state::State;
use serde_json::json;

/// Step one: the chat's bot (if the bot is on and in the chat) starts typing; returns its id.
pub fn start_typing(st: &mut State, chat_id: &str) -> Option<String> {
    let bot = bot_in_chat(st, chat_id)?;
    push_typing(st, chat_id, &bot, true);
    Some(bot)
}

/// Step two: if `bot` is still the chat's bot, it stops typing and answers `text`.
pub fn reply(st: &mut State, chat_id: &str, bot: &str, text: &str) {
    if bot_in_chat(st, chat_id).as_deref() != Some(bot) {
        return;
    }
    push_typing(st, chat_id, bot, false);
    let Some(idx) = st.chats.get(chat_id).map(|c| c.threads.len() - 1) else {
        return;
    };
    let reply =
        json!({"type": "message", "text": reply_to(text), "author_id": bot, "recipients": "all"});
    let ev = events::append_event(st, chat_id, idx, reply);
    let tid = st.chats[chat_id].threads[idx].id.clone();
    events::mark_all_seen(st, chat_id, bot);
    events::push_event(st, chat_id, &tid, &ev, None);
}

/// The bot agent present in the chat's active thread, if the bot is on.
fn bot_in_chat(st: &State, chat_id: &str) -> Option<String> {
    if !st.bot_enabled {
        return None;
    }
    let chat = st.chats.get(chat_id)?;
    chat.active_thread()?;
    chat.users
        .iter()
        .filter(|u| u.present)
        .find(|u| st.agent(&u.id).is_some_and(|a| a.cfg.is_bot))
        .map(|u| u.id.clone())
}

fn reply_to(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_lowercase();
    if lower.starts_with("hi") || lower.starts_with("hello") || lower.starts_with("hey") {
        "Hello! I'm the emulator bot. Ask me anything, I'll echo it back.".to_string()
    } else {
        let short: String = t.chars().take(200).collect();
        format!("You wrote: \"{short}\". An agent will be with you shortly.")
    }
}
