//! Customer Chat API actions with real state, shared by RTM (`crate::rtm`) and the Web API
//! (`http::customer_web`).

use crate::auth::not_banned;
use crate::chat::events::{append_event, build_event, mark_all_seen, mark_seen_up_to, push_event};
use crate::chat::lookup::{chat, chat_mut, event_idx, get_chat, Actor};
use crate::chat::paging::{self, requested_chat_page, ChatPage};
use crate::chat::properties::{merge_properties, properties};
use crate::chat::routing::{check_groups, route};
use crate::chat::threads::{chat_init, deactivate, open_thread, ChatInit};
use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, Greeting, State};
use crate::util::{group_ids, short_id, Args};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// Every customer action except `login` and `ping` (connection-level, see `rtm`).
pub const ACTIONS: &[&str] = &[
    "list_chats",
    "list_threads",
    "get_chat",
    "start_chat",
    "resume_chat",
    "deactivate_chat",
    "send_event",
    "send_rich_message_postback",
    "send_sneak_peek",
    "update_chat_properties",
    "delete_chat_properties",
    "update_thread_properties",
    "delete_thread_properties",
    "update_event_properties",
    "delete_event_properties",
    "update_customer",
    "update_customer_page",
    "set_customer_session_fields",
    "get_customer",
    "list_group_statuses",
    "get_form",
    "get_predicted_agent",
    "get_url_info",
    "mark_events_as_seen",
    "accept_greeting",
    "cancel_greeting",
];

/// Runs customer action `action` for `ctx` (under the state lock).
pub fn handle(st: &mut State, ctx: &Ctx, action: &str, payload: &Value) -> ApiResult<Value> {
    let args = Args::new(payload)?;
    not_banned(st, ctx.customer_id)?;
    match action {
        "list_chats" => list_chats(st, ctx, &args),
        "list_threads" => list_threads(st, ctx, &args),
        "get_chat" => get_chat(st, &args, ctx.actor(), Some(ctx.customer_id)),
        "start_chat" => start_chat(st, ctx, &args),
        "resume_chat" => resume_chat(st, ctx, &args),
        "deactivate_chat" => deactivate_chat(st, ctx, &args),
        "send_event" => send_event(st, ctx, &args),
        "send_rich_message_postback" => postback(st, ctx, &args),
        "send_sneak_peek" => sneak_peek(st, ctx, &args),
        "mark_events_as_seen" => mark_events_as_seen(st, ctx, &args),
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => properties(st, ctx.actor(), action, &args),
        "update_customer" => update_customer(st, ctx, &args),
        "set_customer_session_fields" => set_session_fields(st, ctx, &args),
        "update_customer_page" => update_page(st, ctx, &args),
        "get_customer" => Ok(get_customer(st, ctx)),
        "list_group_statuses" => list_group_statuses(st, ctx, &args),
        "get_form" => get_form(st, ctx, &args),
        "get_predicted_agent" => {
            let gid = args.opt_u64("group_id")?.unwrap_or(ctx.group_id);
            predicted_agent(st, ctx.license_id, gid)
        }
        "get_url_info" => url_info(st, &args),
        "accept_greeting" => accept(st, ctx, &args),
        "cancel_greeting" => cancel(st, ctx, &args),
        _ => Err(ApiError::validation(format!("Unknown action `{action}`"))),
    }
}

pub struct Ctx<'a> {
    pub customer_id: &'a str,
    pub license_id: u64,
    pub group_id: u64,
    pub conn: Option<u64>,
    pub request_id: Option<&'a Value>,
}

impl<'a> Ctx<'a> {
    /// The requesting connection and request id: the push copy that settles the request carries them.
    pub fn settle(&self) -> Option<(u64, &'a Value)> {
        self.conn.zip(self.request_id)
    }

    pub fn actor(&self) -> Actor<'a> {
        Actor::Customer(self.customer_id)
    }
}

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

pub fn accept(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let gid = args.u64("greeting_id")?;
    let uid = args.str("unique_id")?;
    let c = st
        .customers
        .get_mut(ctx.customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    match c.greeting.as_mut() {
        Some(g) if g.unique_id == uid && g.id == gid => {
            if !g.accepted {
                g.accepted = true;
                c.statistics.greetings_accepted_count += 1;
            }
        }
        _ => return Err(greeting_not_found()),
    }
    st.push_to_customer(
        ctx.customer_id,
        "greeting_accepted",
        &json!({"unique_id": uid}),
        None,
    );
    Ok(json!({}))
}

pub fn cancel(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let uid = args.str("unique_id")?;
    let c = st
        .customers
        .get_mut(ctx.customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    if c.greeting.as_ref().map_or(true, |g| g.unique_id != uid) {
        return Err(greeting_not_found());
    }
    c.greeting = None;
    st.push_to_customer(
        ctx.customer_id,
        "greeting_canceled",
        &json!({"unique_id": uid}),
        None,
    );
    Ok(json!({}))
}

fn greeting_not_found() -> ApiError {
    ApiError::new("greeting_not_found", "Greeting not found")
}

/// A greeting shown to the customer (control op `greetings`): stored for the next login, pushed now.
pub fn show_greeting(
    st: &mut State,
    customer_id: &str,
    greeting_id: u64,
    agent_id: &str,
    text: &str,
    subtype: Option<&str>,
    addon: Option<&str>,
) -> ApiResult<Value> {
    let agent = st
        .agent(agent_id)
        .ok_or_else(|| ApiError::not_found("Agent"))?
        .render_with_bot_flag();
    if !st.customers.contains_key(customer_id) {
        return Err(ApiError::not_found("Customer"));
    }
    let unique_id = short_id();
    let now = st.now();
    let mut payload = json!({
        "id": greeting_id, "unique_id": unique_id, "displayed_first_time": true, "accepted": false,
        "event": {"id": short_id(), "type": "message", "text": text, "created_at": now,
                  "author_id": agent_id, "recipients": "all"},
        "agent": agent,
    });
    if let Some(s) = subtype {
        payload["subtype"] = json!(s);
    }
    if let Some(a) = addon {
        payload["addon"] = json!(a);
    }
    let previous = st.customers.get_mut(customer_id).and_then(|c| {
        c.statistics.greetings_shown_count += 1;
        c.greeting.replace(Greeting {
            id: greeting_id,
            unique_id: unique_id.clone(),
            accepted: false,
            payload: payload.clone(),
        })
    });
    if let Some(p) = previous.filter(|p| !p.accepted) {
        st.push_to_customer(
            customer_id,
            "greeting_canceled",
            &json!({"unique_id": p.unique_id}),
            None,
        );
    }
    st.push_to_customer(customer_id, "incoming_greeting", &payload, None);
    Ok(json!({"greeting_id": greeting_id, "unique_id": unique_id}))
}

pub fn list_group_statuses(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let wanted: Option<Vec<u64>> = match (args.opt_bool("all")?, args.get("group_ids")) {
        (Some(true), _) => None,
        (_, Some(ids)) => Some(group_ids(ids, "group_ids")?),
        _ => return Err(ApiError::validation("`all` or `group_ids` is required")),
    };
    let mut m = Map::new();
    for ((lic, gid), g) in &st.groups {
        if *lic == ctx.license_id && wanted.as_ref().map_or(true, |w| w.contains(gid)) {
            m.insert(gid.to_string(), json!(g.status));
        }
    }
    Ok(json!({"groups_status": m}))
}

pub fn get_form(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let gid = args.u64("group_id")?;
    let kind = args.str("type")?;
    if !["prechat", "postchat", "ticket"].contains(&kind) {
        return Err(ApiError::validation(
            "type must be prechat, postchat or ticket",
        ));
    }
    if st.group_status(ctx.license_id, gid).is_none() {
        return Err(ApiError::group_not_found());
    }
    let form = st
        .cfg
        .forms
        .iter()
        .find(|f| f.group_id == gid && f.kind == kind);
    Ok(match form {
        Some(f) => json!({"enabled": true, "form": {"id": f.id, "fields": f.fields}}),
        None => json!({"enabled": false}),
    })
}

/// `get_predicted_agent`: the agent routing would pick, or the group's first human.
pub fn predicted_agent(st: &State, license_id: u64, group_id: u64) -> ApiResult<Value> {
    let status = st
        .group_status(license_id, group_id)
        .ok_or_else(ApiError::group_not_found)?;
    match status {
        "offline" => Err(ApiError::new("group_offline", "Group is offline")),
        _ => {
            let queue = status == "online_for_queue";
            let agent = route(st, group_id)
                .and_then(|id| st.agent(&id))
                .or_else(|| {
                    st.agents
                        .iter()
                        .find(|a| a.cfg.groups.contains(&group_id) && !a.cfg.is_bot)
                })
                .ok_or_else(|| {
                    ApiError::new("group_unavailable", "No agent available for group")
                })?;
            Ok(json!({"agent": agent.render_with_bot_flag(), "queue": queue}))
        }
    }
}

/// `get_url_info`: the configured fixture for the URL, or its host as the title.
pub fn url_info(st: &State, args: &Args) -> ApiResult<Value> {
    let url = args.str("url")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
        return Err(ApiError::validation("url must be a valid website URL"));
    }
    let fixture = st
        .cfg
        .url_info
        .iter()
        .find(|u| u.url == url || u.url.trim_end_matches('/') == url.trim_end_matches('/'));
    Ok(match fixture {
        Some(f) => {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.retain(|_, x| !x.is_null());
            }
            v
        }
        None => {
            let host = url
                .split("://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or(url);
            json!({"url": url, "title": host})
        }
    })
}

pub fn get_customer(st: &State, ctx: &Ctx) -> Value {
    st.customers
        .get(ctx.customer_id)
        .map(|c| c.render(true))
        .unwrap_or_default()
}

pub fn set_session_fields(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let fields = args
        .opt_array("session_fields")?
        .ok_or_else(|| ApiError::missing("session_fields"))?;
    let merged = merge_session_fields(st, ctx.customer_id, fields)?;
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.session_fields = merged;
    }
    if st.cfg.session_fields_push {
        let sf = st
            .customers
            .get(ctx.customer_id)
            .map(|c| c.session_fields_json())
            .unwrap_or_default();
        let p = json!({"id": ctx.customer_id, "session_fields": sf});
        st.push_to_customer(ctx.customer_id, "customer_updated", &p, None);
    }
    Ok(json!({}))
}

/// `update_customer_page` (RTM only): counts a page view.
pub fn update_page(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let url = args.str("url")?;
    let mut page = json!({"url": url, "opened_at": st.now()});
    if let Some(t) = args.opt_str("title")? {
        page["title"] = json!(t);
    }
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.page = Some(page.clone());
        c.statistics.page_views_count += 1;
        c.last_activity = Instant::now();
    }
    if st.cfg.page_updated_push {
        st.push_to_customer(ctx.customer_id, "customer_page_updated", &page, None);
    }
    Ok(json!({}))
}

/// Merges `[{key: value}, ...]` into the customer's session fields, enforcing the limit.
fn merge_session_fields(
    st: &State,
    customer_id: &str,
    fields: &[Value],
) -> ApiResult<Vec<(String, String)>> {
    let mut merged = st
        .customers
        .get(customer_id)
        .map(|c| c.session_fields.clone())
        .unwrap_or_default();
    for f in fields {
        let Some(obj) = f.as_object() else {
            return Err(ApiError::validation(
                "session_fields must be an array of one-key objects",
            ));
        };
        for (k, v) in obj {
            let v = v
                .as_str()
                .ok_or_else(|| ApiError::validation("session field values must be strings"))?;
            match merged.iter_mut().find(|(mk, _)| mk == k) {
                Some(e) => e.1 = v.to_string(),
                None => merged.push((k.clone(), v.to_string())),
            }
        }
    }
    if merged.len() > st.cfg.limits.session_fields {
        return Err(ApiError::new(
            "customer_session_fields_limit_reached",
            "Customer session fields limit reached",
        ));
    }
    Ok(merged)
}

/// Applies `name`/`email`/`avatar`/`session_fields` from an update; returns the changed fields.
pub fn apply_customer_update(
    st: &mut State,
    customer_id: &str,
    args: &Args,
) -> ApiResult<Map<String, Value>> {
    let name = args.opt_str("name")?.map(str::to_string);
    let email = args.opt_str("email")?.map(str::to_string);
    let avatar = args.opt_str("avatar")?.map(str::to_string);
    let fields = match args.opt_array("session_fields")? {
        Some(f) => Some(merge_session_fields(st, customer_id, f)?),
        None => None,
    };
    let c = st
        .customers
        .get_mut(customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    let mut changed = Map::new();
    if let Some(v) = name {
        changed.insert("name".into(), json!(v));
        c.name = Some(v);
    }
    if let Some(v) = email {
        changed.insert("email".into(), json!(v));
        c.email = Some(v);
    }
    if let Some(v) = avatar {
        changed.insert("avatar".into(), json!(v));
        c.avatar = Some(v);
    }
    if let Some(f) = fields {
        c.session_fields = f;
        changed.insert("session_fields".into(), c.session_fields_json());
    }
    Ok(changed)
}

pub fn update_customer(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    if !["name", "email", "avatar", "session_fields"]
        .iter()
        .any(|k| args.has(k))
    {
        return Err(ApiError::validation(
            "at least one of name, email, avatar, session_fields is required",
        ));
    }
    let mut changed = apply_customer_update(st, ctx.customer_id, args)?;
    changed.insert("id".into(), json!(ctx.customer_id));
    st.push_to_customer(
        ctx.customer_id,
        "customer_updated",
        &Value::Object(changed),
        None,
    );
    Ok(json!({}))
}
