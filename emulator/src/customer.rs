//! Customer Chat API actions (shared by RTM and the Web API), with real state.

use crate::auth::not_banned;
use crate::chat::{self, Actor, Page};
use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, ChatUser, Greeting, State, UserKind};
use crate::util::{group_ids, normalize_time, Args};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// Who is calling and over which connection (RTM) or none (Web API).
pub struct Ctx<'a> {
    pub customer_id: &'a str,
    pub license_id: u64,
    pub group_id: u64,
    pub conn: Option<u64>,
    pub request_id: Option<&'a Value>,
}

impl<'a> Ctx<'a> {
    fn settle(&self) -> Option<(u64, &'a Value)> {
        self.conn.zip(self.request_id)
    }

    fn actor(&self) -> Actor<'a> {
        Actor::Customer(self.customer_id)
    }
}

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

pub fn handle(st: &mut State, ctx: &Ctx, action: &str, payload: &Value) -> ApiResult<Value> {
    let args = Args::new(payload)?;
    not_banned(st, ctx.customer_id)?;
    match action {
        "list_chats" => list_chats(st, ctx, &args),
        "list_threads" => {
            let c = chat::chat(st, args.str("chat_id")?, ctx.actor())?;
            chat::list_threads(st, c, &args, Some(ctx.customer_id))
        }
        "get_chat" => get_chat(st, ctx, &args),
        "start_chat" => start_chat(st, ctx, &args),
        "resume_chat" => resume_chat(st, ctx, &args),
        "deactivate_chat" => {
            let id = args.str("id")?;
            chat::chat(st, id, ctx.actor())?;
            let name = customer_name(st, ctx.customer_id);
            chat::deactivate(
                st,
                id,
                Some(ctx.actor()),
                "manual_archived_customer",
                format!("{name} archived the chat"),
                ctx.settle(),
            )?;
            Ok(json!({}))
        }
        "send_event" => send_event(st, ctx, &args),
        "send_rich_message_postback" => postback(st, ctx, &args),
        "send_sneak_peek" => {
            let text = args.str("sneak_peek_text")?.to_string();
            let c = chat::chat_mut(st, args.str("chat_id")?, ctx.actor())?;
            c.sneak_peek = Some(text);
            Ok(json!({}))
        }
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => properties(st, ctx.actor(), action, &args),
        "update_customer" => update_customer(st, ctx, &args),
        "set_customer_session_fields" => {
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
        "update_customer_page" => {
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
        "get_customer" => Ok(st
            .customers
            .get(ctx.customer_id)
            .map(|c| c.render(true))
            .unwrap_or_default()),
        "list_group_statuses" => {
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
        "get_form" => {
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
            Ok(
                match st
                    .cfg
                    .forms
                    .iter()
                    .find(|f| f.group_id == gid && f.kind == kind)
                {
                    Some(f) => json!({"enabled": true, "form": {"id": f.id, "fields": f.fields}}),
                    None => json!({"enabled": false}),
                },
            )
        }
        "get_predicted_agent" => {
            let gid = args.opt_u64("group_id")?.unwrap_or(ctx.group_id);
            predicted_agent(st, ctx.license_id, gid)
        }
        "get_url_info" => {
            let url = args.str("url")?;
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
                return Err(ApiError::validation("url must be a valid website URL"));
            }
            let fixture =
                st.cfg.url_info.iter().find(|u| {
                    u.url == url || u.url.trim_end_matches('/') == url.trim_end_matches('/')
                });
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
        "mark_events_as_seen" => {
            let id = args.str("chat_id")?;
            let seen = normalize_time(args.str("seen_up_to")?)
                .ok_or_else(|| ApiError::validation("seen_up_to must be an RFC 3339 date-time"))?;
            let c = chat::chat_mut(st, id, ctx.actor())?;
            if let Some(u) = c.user_mut(ctx.customer_id) {
                if u.seen_up_to.as_deref().map_or(true, |s| s < seen.as_str()) {
                    u.seen_up_to = Some(seen.clone());
                }
            }
            let p = json!({"user_id": ctx.customer_id, "chat_id": id, "seen_up_to": seen});
            st.push_to_customer(ctx.customer_id, "events_marked_as_seen", &p, None);
            Ok(json!({}))
        }
        "accept_greeting" => {
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
                _ => return Err(ApiError::new("greeting_not_found", "Greeting not found")),
            }
            st.push_to_customer(
                ctx.customer_id,
                "greeting_accepted",
                &json!({"unique_id": uid}),
                None,
            );
            Ok(json!({}))
        }
        "cancel_greeting" => {
            let uid = args.str("unique_id")?;
            let c = st
                .customers
                .get_mut(ctx.customer_id)
                .ok_or_else(|| ApiError::not_found("Customer"))?;
            if c.greeting.as_ref().map_or(true, |g| g.unique_id != uid) {
                return Err(ApiError::new("greeting_not_found", "Greeting not found"));
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
        _ => Err(ApiError::validation(format!("Unknown action `{action}`"))),
    }
}

fn customer_name(st: &State, id: &str) -> String {
    st.customers
        .get(id)
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| "Customer".into())
}

fn list_chats(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let scope = format!("c:{}", ctx.customer_id);
    let page = match args.opt_str("page_id")? {
        Some(pid) => Page::decode(pid, &scope)?,
        None => {
            let limit = args.opt_u64("limit")?.unwrap_or(10);
            if !(1..=25).contains(&limit) {
                return Err(ApiError::validation("limit must be between 1 and 25"));
            }
            let desc = chat::sort_order(args.opt_str("sort_order")?)?;
            Page {
                offset: 0,
                limit: limit as usize,
                desc,
                min_events: 0,
            }
        }
    };
    let ids: Vec<(String, String)> = st
        .chats
        .values()
        .filter(|c| c.customer_id == ctx.customer_id && c.license_id == ctx.license_id)
        .map(|c| {
            (
                c.id.clone(),
                c.threads
                    .last()
                    .map(|t| t.created_at.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let total = ids.len();
    let (slice, next, prev) = chat::page_chats(ids, &page);
    let summaries: Vec<Value> = slice
        .iter()
        .filter_map(|id| st.chats.get(id))
        .map(|c| st.render_summary(c, ctx.customer_id))
        .collect();
    let mut v = json!({"chats_summary": summaries, "total_chats": total});
    if let Some(n) = next {
        v["next_page_id"] = json!(Page { offset: n, ..page }.encode(&scope));
    }
    if let Some(p) = prev {
        v["previous_page_id"] = json!(Page { offset: p, ..page }.encode(&scope));
    }
    Ok(v)
}

fn get_chat(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let c = chat::chat(st, args.str("chat_id")?, ctx.actor())?;
    let idx = match args.opt_str("thread_id")? {
        Some(t) => Some(chat::thread_idx(c, t)?),
        None => c.threads.len().checked_sub(1),
    };
    Ok(st.render_chat(c, idx, Some(ctx.customer_id)))
}

/// Validates `chat.access` / `chat.properties` / `chat.thread` of start/resume.
struct ChatInit {
    access: Option<Vec<u64>>,
    properties: Map<String, Value>,
    thread_properties: Map<String, Value>,
    events: Vec<Value>,
}

fn chat_init(st: &State, ctx: &Ctx, chat_args: &Args) -> ApiResult<ChatInit> {
    let access = match chat_args.sub("access")? {
        Some(a) => match a.get("group_ids") {
            Some(ids) => {
                let ids = group_ids(ids, "chat.access.group_ids")?;
                for g in &ids {
                    if st.group_status(ctx.license_id, *g).is_none() {
                        return Err(ApiError::group_not_found());
                    }
                }
                (!ids.is_empty()).then_some(ids)
            }
            None => None,
        },
        None => None,
    };
    let properties = match chat_args.get("properties") {
        Some(p) => chat::update_properties(st, Some(p), ctx.actor())?,
        None => Map::new(),
    };
    let (mut thread_properties, mut events) = (Map::new(), Vec::new());
    if let Some(t) = chat_args.sub("thread")? {
        if let Some(p) = t.get("properties") {
            thread_properties = chat::update_properties(st, Some(p), ctx.actor())?;
        }
        if let Some(evs) = t.opt_array("events")? {
            for e in evs {
                events.push(chat::build_event(st, e, ctx.actor())?);
            }
        }
    }
    Ok(ChatInit {
        access,
        properties,
        thread_properties,
        events,
    })
}

/// Appends the initial events of a new thread; returns their ids.
fn add_initial_events(st: &mut State, chat_id: &str, idx: usize, events: Vec<Value>) -> Vec<Value> {
    let mut ids = Vec::new();
    let mut last_text = None;
    for e in events {
        if e["type"] == "message" {
            last_text = e["text"].as_str().map(str::to_string);
        }
        let e = chat::append_event(st, chat_id, idx, e);
        ids.push(e["id"].clone());
    }
    if let Some(t) = last_text {
        st.bot_jobs.push((chat_id.to_string(), t));
    }
    ids
}

fn start_chat(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let chat_args = args.sub("chat")?;
    let init = match &chat_args {
        Some(c) => chat_init(st, ctx, c)?,
        None => ChatInit {
            access: None,
            properties: Map::new(),
            thread_properties: Map::new(),
            events: Vec::new(),
        },
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
        chat::check_groups(st, ctx.license_id, &access, continuous)?
    } else {
        false
    };
    let mut id = crate::util::short_id();
    while st.chats.contains_key(&id) {
        id = crate::util::short_id();
    }
    st.chats.insert(
        id.clone(),
        Chat {
            id: id.clone(),
            license_id: ctx.license_id,
            customer_id: ctx.customer_id.to_string(),
            users: vec![ChatUser {
                id: ctx.customer_id.to_string(),
                kind: UserKind::Customer,
                present: true,
                seen_up_to: None,
            }],
            access,
            properties: init.properties,
            threads: Vec::new(),
            continuous,
            sneak_peek: None,
        },
    );
    let idx = chat::open_thread(st, &id, active, queued, init.thread_properties);
    let event_ids = add_initial_events(st, &id, idx, init.events);
    after_new_thread(st, ctx, &id, idx, true);
    let tid = st.chats[&id].threads[idx].id.clone();
    let mut v = json!({"chat_id": id, "thread_id": tid});
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}

fn resume_chat(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let chat_args = args.sub("chat")?.ok_or_else(|| ApiError::missing("chat"))?;
    let id = chat_args.str("id")?.to_string();
    let c = chat::chat(st, &id, ctx.actor())?;
    if c.is_active() {
        return Err(ApiError::new(
            "chat_already_active",
            "Chat is already active",
        ));
    }
    let init = chat_init(st, ctx, &chat_args)?;
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?;
    let access = init.access.clone().unwrap_or_else(|| c.access.clone());
    let cont = continuous.unwrap_or(c.continuous);
    let queued = if active {
        chat::check_groups(st, ctx.license_id, &access, cont)?
    } else {
        false
    };
    if let Some(c) = st.chats.get_mut(&id) {
        c.access = access;
        c.continuous = cont;
        chat::merge_properties(&mut c.properties, &init.properties);
    }
    let idx = chat::open_thread(st, &id, active, queued, init.thread_properties);
    let event_ids = add_initial_events(st, &id, idx, init.events);
    after_new_thread(st, ctx, &id, idx, false);
    let tid = st.chats[&id].threads[idx].id.clone();
    let mut v = json!({"thread_id": tid});
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}

/// Statistics, seen markers and the `incoming_chat` push after start/resume.
fn after_new_thread(st: &mut State, ctx: &Ctx, chat_id: &str, idx: usize, new_chat: bool) {
    chat::mark_all_seen(st, chat_id, ctx.customer_id);
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

fn send_event(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let id = args.str("chat_id")?;
    let ev = args
        .get("event")
        .ok_or_else(|| ApiError::missing("event"))?;
    let attach = args.opt_bool("attach_to_last_thread")?.unwrap_or(false);
    let c = chat::chat(st, id, ctx.actor())?;
    if c.threads.is_empty() || (!c.is_active() && !attach) {
        return Err(ApiError::chat_inactive());
    }
    let idx = c.threads.len() - 1;
    let active = c.is_active();
    let event = chat::build_event(st, ev, ctx.actor())?;
    let text = (event["type"] == "message")
        .then(|| event["text"].as_str().unwrap_or_default().to_string());
    let event = chat::append_event(st, id, idx, event);
    let tid = st.chats[id].threads[idx].id.clone();
    chat::mark_all_seen(st, id, ctx.customer_id);
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.last_activity = Instant::now();
    }
    chat::push_event(st, id, &tid, &event, ctx.settle());
    if let (Some(t), true) = (text, active) {
        st.bot_jobs.push((id.to_string(), t));
    }
    Ok(json!({"event_id": event["id"]}))
}

fn postback(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
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
    let c = chat::chat(st, chat_id, ctx.actor())?;
    let (ti, ei) = chat::event_idx(c, thread_id, event_id)?;
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

/// The six property actions; pushes the change to the chat's customer.
pub fn properties(st: &mut State, actor: Actor, action: &str, args: &Args) -> ApiResult<Value> {
    let deleting = action.starts_with("delete_");
    let props = if deleting {
        chat::delete_properties(st, args.get("properties"), actor)?
    } else {
        chat::update_properties(st, args.get("properties"), actor)?
    };
    let push = if deleting {
        action.replace("delete_", "").to_string() + "_deleted"
    } else {
        action.replace("update_", "") + "_updated"
    };
    let apply = |target: &mut Map<String, Value>| {
        if deleting {
            chat::remove_properties(target, &props)
        } else {
            chat::merge_properties(target, &props)
        }
    };
    let payload = if action.ends_with("chat_properties") {
        let id = args.str("id")?;
        apply(&mut chat::chat_mut(st, id, actor)?.properties);
        json!({"chat_id": id, "properties": props})
    } else if action.ends_with("thread_properties") {
        let (cid, tid) = (args.str("chat_id")?, args.str("thread_id")?);
        let c = chat::chat_mut(st, cid, actor)?;
        let ti = chat::thread_idx(c, tid)?;
        apply(&mut c.threads[ti].properties);
        json!({"chat_id": cid, "thread_id": tid, "properties": props})
    } else {
        let (cid, tid, eid) = (
            args.str("chat_id")?,
            args.str("thread_id")?,
            args.str("event_id")?,
        );
        let c = chat::chat_mut(st, cid, actor)?;
        let (ti, ei) = chat::event_idx(c, tid, eid)?;
        let ev = &mut c.threads[ti].events[ei];
        if !ev["properties"].is_object() {
            ev["properties"] = json!({});
        }
        if let Some(m) = ev["properties"].as_object_mut() {
            apply(m);
        }
        json!({"chat_id": cid, "thread_id": tid, "event_id": eid, "properties": props})
    };
    let chat_id = payload["chat_id"].as_str().unwrap_or_default().to_string();
    st.push_to_chat(&chat_id, &push, &payload, None);
    Ok(json!({}))
}

/// Merges `[{key: value}, ...]` into the customer's session fields, enforcing the limit.
pub fn merge_session_fields(
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

fn update_customer(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
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

pub fn predicted_agent(st: &State, license_id: u64, group_id: u64) -> ApiResult<Value> {
    let status = st
        .group_status(license_id, group_id)
        .ok_or_else(ApiError::group_not_found)?;
    match status {
        "offline" => Err(ApiError::new("group_offline", "Group is offline")),
        _ => {
            let queue = status == "online_for_queue";
            let agent = chat::route(st, group_id)
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
    let unique_id = crate::util::short_id();
    let now = st.now();
    let mut payload = json!({
        "id": greeting_id, "unique_id": unique_id, "displayed_first_time": true, "accepted": false,
        "event": {"id": crate::util::short_id(), "type": "message", "text": text, "created_at": now,
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
