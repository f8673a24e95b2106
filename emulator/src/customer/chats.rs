//! The customer's chats: list them and their threads, start, resume, deactivate.

use crate::chat::events::{append_event, mark_all_seen};
use crate::chat::lookup::chat;
use crate::chat::paging::{self, requested_chat_page, ChatPage};
use crate::chat::properties::merge_properties;
use crate::chat::routing::check_groups;
use crate::chat::threads::{chat_init, deactivate, open_thread, ChatInit};
use crate::customer::caller::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, State};
use crate::util::{short_id, Args};
use serde_json::{json, Value};
use std::time::Instant;

pub fn list_chats(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let scope = format!("c:{}", ctx.customer_id);
    let page = requested_chat_page(args, &scope, 25)?;
    let mine = st
        .chats
        .values()
        .filter(|c| c.customer_id == ctx.customer_id && c.license_id == ctx.license_id);
    let found = ChatPage::new(mine, &page);
    let summaries: Vec<Value> = found
        .ids
        .iter()
        .filter_map(|id| st.chats.get(id))
        .map(|c| st.render_summary(c, ctx.customer_id))
        .collect();
    let mut v = json!({"chats_summary": summaries, "total_chats": found.total});
    found.add_page_ids(&mut v, &page, &scope);
    Ok(v)
}

pub fn list_threads(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let c = chat(st, args.str("chat_id")?, ctx.actor())?;
    paging::list_threads(st, c, args, Some(ctx.customer_id))
}

pub fn start_chat(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let init = match args.sub("chat")? {
        Some(c) => chat_init(st, ctx.license_id, ctx.actor(), &c)?,
        None => ChatInit::default(),
    };
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?.unwrap_or(false);
    let owned = st
        .chats
        .values()
        .filter(|c| c.customer_id == ctx.customer_id && c.license_id == ctx.license_id)
        .count();
    if owned >= st.cfg.limits.chats_per_customer {
        return Err(ApiError::new("chat_limit_reached", "Chat limit reached"));
    }
    let access = init.access.unwrap_or_else(|| vec![ctx.group_id]);
    let queued = if active {
        check_groups(st, ctx.license_id, &access, continuous)?
    } else {
        false
    };
    let mut id = short_id();
    while st.chats.contains_key(&id) {
        id = short_id();
    }
    let chat = Chat::new(
        id.clone(),
        ctx.license_id,
        ctx.customer_id,
        access,
        init.properties,
        continuous,
    );
    st.chats.insert(id.clone(), chat);
    let idx = open_thread(st, &id, active, queued, init.thread_properties);
    let event_ids = add_initial_events(st, &id, idx, init.events);
    after_new_thread(st, ctx, &id, idx, true);
    let tid = st.chats[&id].threads[idx].id.clone();
    let mut v = json!({"chat_id": id, "thread_id": tid});
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}

pub fn resume_chat(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let chat_args = args.sub("chat")?.ok_or_else(|| ApiError::missing("chat"))?;
    let id = chat_args.str("id")?.to_string();
    let c = chat(st, &id, ctx.actor())?;
    if c.is_active() {
        return Err(ApiError::new(
            "chat_already_active",
            "Chat is already active",
        ));
    }
    let init = chat_init(st, ctx.license_id, ctx.actor(), &chat_args)?;
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?;
    let access = init.access.clone().unwrap_or_else(|| c.access.clone());
    let cont = continuous.unwrap_or(c.continuous);
    let queued = if active {
        check_groups(st, ctx.license_id, &access, cont)?
    } else {
        false
    };
    if let Some(c) = st.chats.get_mut(&id) {
        c.access = access;
        c.continuous = cont;
        merge_properties(&mut c.properties, &init.properties);
    }
    let idx = open_thread(st, &id, active, queued, init.thread_properties);
    let event_ids = add_initial_events(st, &id, idx, init.events);
    after_new_thread(st, ctx, &id, idx, false);
    let tid = st.chats[&id].threads[idx].id.clone();
    let mut v = json!({"thread_id": tid});
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}

/// Appends the initial events of a new thread; returns their ids. The bot answers the last message.
fn add_initial_events(st: &mut State, chat_id: &str, idx: usize, events: Vec<Value>) -> Vec<Value> {
    let mut ids = Vec::new();
    let mut last_text = None;
    for e in events {
        if e["type"] == "message" {
            last_text = e["text"].as_str().map(str::to_string);
        }
        let e = append_event(st, chat_id, idx, e);
        ids.push(e["id"].clone());
    }
    if let Some(t) = last_text {
        st.bot_jobs.push((chat_id.to_string(), t));
    }
    ids
}

/// Statistics, seen markers and the `incoming_chat` push after start/resume.
fn after_new_thread(st: &mut State, ctx: &Ctx, chat_id: &str, idx: usize, new_chat: bool) {
    mark_all_seen(st, chat_id, ctx.customer_id);
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        if new_chat {
            c.statistics.chats_count += 1;
        }
        c.statistics.threads_count += 1;
        c.last_activity = Instant::now();
    }
    let Some(c) = st.chats.get(chat_id) else {
        return;
    };
    let payload = json!({"requester_id": ctx.customer_id, "chat": st.render_chat(c, Some(idx), Some(ctx.customer_id))});
    st.push_to_customer(ctx.customer_id, "incoming_chat", &payload, ctx.settle());
}

pub fn deactivate_chat(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let id = args.str("id")?;
    chat(st, id, ctx.actor())?;
    let name = st
        .customers
        .get(ctx.customer_id)
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| "Customer".into());
    deactivate(
        st,
        id,
        Some(ctx.actor()),
        "manual_archived_customer",
        format!("{name} archived the chat"),
        ctx.settle(),
    )?;
    Ok(json!({}))
}
