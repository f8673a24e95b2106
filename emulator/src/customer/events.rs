//! The customer's events: messages and other events, rich message postbacks, sneak peeks, seen
//! markers.

use crate::chat::events::{append_event, build_event, mark_all_seen, mark_seen_up_to, push_event};
use crate::chat::lookup::{chat, chat_mut, event_idx};
use crate::customer::caller::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::{json, Value};
use std::time::Instant;

/// A customer event; the bot answers a message in an active chat.
pub fn send_event(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let id = args.str("chat_id")?;
    let ev = args
        .get("event")
        .ok_or_else(|| ApiError::missing("event"))?;
    let attach = args.opt_bool("attach_to_last_thread")?.unwrap_or(false);
    let c = chat(st, id, ctx.actor())?;
    if c.threads.is_empty() || (!c.is_active() && !attach) {
        return Err(ApiError::chat_inactive());
    }
    let idx = c.threads.len() - 1;
    let active = c.is_active();
    let event = build_event(st, ev, ctx.actor())?;
    let text = (event["type"] == "message")
        .then(|| event["text"].as_str().unwrap_or_default().to_string());
    let event = append_event(st, id, idx, event);
    let tid = st.chats[id].threads[idx].id.clone();
    mark_all_seen(st, id, ctx.customer_id);
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.last_activity = Instant::now();
    }
    push_event(st, id, &tid, &event, ctx.settle());
    if let (Some(t), true) = (text, active) {
        st.bot_jobs.push((id.to_string(), t));
    }
    Ok(json!({"event_id": event["id"]}))
}

/// `send_rich_message_postback`: toggles the customer on a rich message button.
pub fn postback(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let chat_id = args.str("chat_id")?;
    let thread_id = args.str("thread_id")?;
    let event_id = args.str("event_id")?;
    let pb = args
        .sub("postback")?
        .ok_or_else(|| ApiError::missing("postback"))?;
    let pb_id = pb.str("id")?.to_string();
    let toggled = pb
        .opt_bool("toggled")?
        .ok_or_else(|| ApiError::missing("postback.toggled"))?;
    let c = chat(st, chat_id, ctx.actor())?;
    let (ti, ei) = event_idx(c, thread_id, event_id)?;
    if c.threads[ti].events[ei]["type"] != "rich_message" {
        return Err(ApiError::validation("Event is not a rich message"));
    }
    let thread_active = c.threads[ti].active;
    let uid = ctx.customer_id.to_string();
    let mut changed = false;
    let mut found = false;
    if let Some(c) = st.chats.get_mut(chat_id) {
        let ev = &mut c.threads[ti].events[ei];
        if let Some(els) = ev["elements"].as_array_mut() {
            for b in els
                .iter_mut()
                .filter_map(|e| e["buttons"].as_array_mut())
                .flatten()
            {
                if b["postback_id"].as_str() != Some(pb_id.as_str()) {
                    continue;
                }
                found = true;
                let ids = b["user_ids"].as_array().cloned().unwrap_or_default();
                let has = ids.iter().any(|x| x.as_str() == Some(uid.as_str()));
                let new_ids: Vec<Value> = if toggled && !has {
                    ids.into_iter().chain([json!(uid)]).collect()
                } else if !toggled && has {
                    ids.into_iter()
                        .filter(|x| x.as_str() != Some(uid.as_str()))
                        .collect()
                } else {
                    continue;
                };
                b["user_ids"] = Value::Array(new_ids);
                changed = true;
            }
        }
    }
    if !found {
        return Err(ApiError::validation(format!(
            "No button with postback_id `{pb_id}`"
        )));
    }
    if thread_active {
        let p = json!({"user_id": uid, "chat_id": chat_id, "thread_id": thread_id, "event_id": event_id,
                       "postback": {"id": pb_id, "toggled": toggled}});
        st.push_to_chat(chat_id, "incoming_rich_message_postback", &p, None);
    }
    if changed {
        let ev = st.chats[chat_id].threads[ti].events[ei].clone();
        st.push_to_chat(
            chat_id,
            "event_updated",
            &json!({"chat_id": chat_id, "thread_id": thread_id, "event": ev}),
            None,
        );
    }
    Ok(json!({}))
}

pub fn sneak_peek(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let text = args.str("sneak_peek_text")?.to_string();
    let c = chat_mut(st, args.str("chat_id")?, ctx.actor())?;
    c.sneak_peek = Some(text);
    Ok(json!({}))
}

pub fn mark_events_as_seen(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let id = args.str("chat_id")?;
    let seen = mark_seen_up_to(st, id, ctx.actor(), args.str("seen_up_to")?)?;
    let p = json!({"user_id": ctx.customer_id, "chat_id": id, "seen_up_to": seen});
    st.push_to_customer(ctx.customer_id, "events_marked_as_seen", &p, None);
    Ok(json!({}))
}
