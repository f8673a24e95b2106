//! Chat mechanics shared by the customer and agent APIs: events, threads, routing, properties.

use crate::error::{ApiError, ApiResult};
use crate::frames::push_frame;
use crate::send_queue::Out;
use crate::state::{visible_to_customer, Chat, ChatUser, State, Thread, UserKind};
use serde_json::{json, Map, Value};

/// Who performs an action.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Actor<'a> {
    Customer(&'a str),
    Agent(&'a str),
}

impl<'a> Actor<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Actor::Customer(id) | Actor::Agent(id) => id,
        }
    }
}

pub fn chat<'s>(st: &'s State, chat_id: &str, actor: Actor) -> ApiResult<&'s Chat> {
    let chat = st.chats.get(chat_id).ok_or_else(ApiError::chat_not_found)?;
    check_access(st, chat, actor)?;
    Ok(chat)
}

pub fn chat_mut<'s>(st: &'s mut State, chat_id: &str, actor: Actor) -> ApiResult<&'s mut Chat> {
    chat(st, chat_id, actor)?;
    st.chats
        .get_mut(chat_id)
        .ok_or_else(ApiError::chat_not_found)
}

/// Customers see only their own chats; agents any chat in their groups (group 0 = everyone).
fn check_access(st: &State, chat: &Chat, actor: Actor) -> ApiResult<()> {
    match actor {
        Actor::Customer(id) if chat.customer_id == id => Ok(()),
        Actor::Customer(_) => Err(ApiError::chat_not_found()),
        Actor::Agent(id) => {
            let agent = st
                .agent(id)
                .ok_or_else(|| ApiError::new("authorization", "Unknown agent"))?;
            let ok = chat.access.contains(&0)
                || chat.access.iter().any(|g| agent.cfg.groups.contains(g))
                || chat.user(id).is_some();
            if ok {
                Ok(())
            } else {
                Err(ApiError::new(
                    "authorization",
                    "Agent has no access to this chat",
                ))
            }
        }
    }
}

/// Validates an `update_*_properties` object (`{namespace: {name: value}}`).
pub fn update_properties(
    st: &State,
    props: Option<&Value>,
    actor: Actor,
) -> ApiResult<Map<String, Value>> {
    let Some(Value::Object(m)) = props else {
        return Err(ApiError::wrong_type("properties", "an object"));
    };
    for (ns, v) in m {
        if !v.is_object() {
            return Err(ApiError::validation(format!(
                "properties.{ns} must be an object"
            )));
        }
        if let Actor::Customer(_) = actor {
            if !st.cfg.properties.customer_may_write(ns) {
                return Err(ApiError::new(
                    "authorization",
                    format!("Customer has no write access to namespace `{ns}`"),
                ));
            }
        }
    }
    Ok(m.clone())
}

/// Validates a `delete_*_properties` object (`{namespace: [name, ...]}`).
pub fn delete_properties(
    st: &State,
    props: Option<&Value>,
    actor: Actor,
) -> ApiResult<Map<String, Value>> {
    let Some(Value::Object(m)) = props else {
        return Err(ApiError::wrong_type("properties", "an object"));
    };
    for (ns, v) in m {
        let ok = v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(ApiError::validation(format!(
                "properties.{ns} must be an array of names"
            )));
        }
        if let Actor::Customer(_) = actor {
            if !st.cfg.properties.customer_may_write(ns) {
                return Err(ApiError::new(
                    "authorization",
                    format!("Customer has no write access to namespace `{ns}`"),
                ));
            }
        }
    }
    Ok(m.clone())
}

pub fn merge_properties(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (ns, vals) in update {
        let entry = target.entry(ns.clone()).or_insert_with(|| json!({}));
        if let (Some(t), Some(u)) = (entry.as_object_mut(), vals.as_object()) {
            for (k, v) in u {
                t.insert(k.clone(), v.clone());
            }
        }
    }
}

pub fn remove_properties(target: &mut Map<String, Value>, delete: &Map<String, Value>) {
    for (ns, names) in delete {
        if let (Some(t), Some(names)) = (
            target.get_mut(ns).and_then(Value::as_object_mut),
            names.as_array(),
        ) {
            for n in names.iter().filter_map(Value::as_str) {
                t.remove(n);
            }
            if t.is_empty() {
                target.remove(ns);
            }
        }
    }
}

const EVENT_TYPES: &[&str] = &[
    "message",
    "file",
    "rich_message",
    "filled_form",
    "form",
    "custom",
    "system_message",
];

/// Builds the stored (response-form) event from a request event. `id`/`created_at` are filled by `append_event`.
pub fn build_event(st: &State, ev: &Value, actor: Actor) -> ApiResult<Value> {
    let Value::Object(req) = ev else {
        return Err(ApiError::wrong_type("event", "an object"));
    };
    let ty = match req.get("type") {
        Some(Value::String(t)) if EVENT_TYPES.contains(&t.as_str()) => t.as_str(),
        Some(Value::String(t)) => {
            return Err(ApiError::validation(format!(
                "Unsupported event type `{t}`"
            )))
        }
        _ => return Err(ApiError::missing("event.type")),
    };
    let mut out = Map::new();
    out.insert("type".into(), json!(ty));
    if let Some(v) = req.get("custom_id") {
        if !v.is_string() {
            return Err(ApiError::wrong_type("event.custom_id", "a string"));
        }
        out.insert("custom_id".into(), v.clone());
    }
    let recipients = match req.get("recipients") {
        None | Some(Value::Null) => "all",
        Some(Value::String(r)) if r == "all" || r == "agents" => r.as_str(),
        Some(_) => {
            return Err(ApiError::validation(
                "event.recipients must be `all` or `agents`",
            ))
        }
    };
    out.insert("recipients".into(), json!(recipients));
    if let Some(p) = req.get("properties").filter(|p| !p.is_null()) {
        out.insert(
            "properties".into(),
            Value::Object(update_properties(st, Some(p), actor)?),
        );
    }
    let s = |k: &str| -> ApiResult<Option<Value>> {
        match req.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v @ Value::String(_)) => Ok(Some(v.clone())),
            Some(_) => Err(ApiError::wrong_type(&format!("event.{k}"), "a string")),
        }
    };
    let required = |k: &str| -> ApiResult<Value> {
        s(k)?.ok_or_else(|| ApiError::missing(&format!("event.{k}")))
    };
    match ty {
        "message" => {
            let text = required("text")?;
            if text.as_str().map_or(0, str::len) > st.cfg.limits.max_text_bytes {
                return Err(ApiError::validation("Text is too long"));
            }
            out.insert("text".into(), text);
            if let Some(p) = req.get("postback").filter(|p| !p.is_null()) {
                if !p.is_object() {
                    return Err(ApiError::wrong_type("event.postback", "an object"));
                }
                out.insert("postback".into(), p.clone());
            }
        }
        "file" => {
            let url = required("url")?;
            let u = url.as_str().unwrap_or_default();
            let meta = st
                .files
                .get(file_key(u))
                .map(|f| (f.name.clone(), f.content_type.clone(), f.bytes.len()));
            let (name, ct, size) = meta.unwrap_or_else(|| {
                let name = u.rsplit('/').next().unwrap_or("file").to_string();
                (name, "application/octet-stream".to_string(), 0)
            });
            out.insert("url".into(), url);
            out.insert("name".into(), json!(name));
            out.insert("content_type".into(), json!(ct));
            out.insert("size".into(), json!(size));
            if let Some(a) = s("alternative_text")? {
                out.insert("alternative_text".into(), a);
            }
        }
        "filled_form" | "form" => {
            out.insert("form_id".into(), required("form_id")?);
            match req.get("fields") {
                Some(f @ Value::Array(_)) => out.insert("fields".into(), f.clone()),
                _ => return Err(ApiError::wrong_type("event.fields", "an array")),
            };
        }
        "rich_message" => {
            out.insert("template_id".into(), required("template_id")?);
            match req.get("elements") {
                None | Some(Value::Null) => {}
                Some(Value::Array(els)) => {
                    if els.len() > 10 {
                        return Err(ApiError::validation(
                            "Too many rich message elements (max 10)",
                        ));
                    }
                    let mut els = els.clone();
                    for el in &mut els {
                        let Some(el) = el.as_object_mut() else {
                            return Err(ApiError::validation(
                                "rich message elements must be objects",
                            ));
                        };
                        if let Some(Value::Array(buttons)) = el.get_mut("buttons") {
                            if buttons.len() > 13 {
                                return Err(ApiError::validation("Too many buttons (max 13)"));
                            }
                            for b in buttons.iter_mut().filter_map(Value::as_object_mut) {
                                b.entry("user_ids").or_insert_with(|| json!([]));
                            }
                        }
                    }
                    out.insert("elements".into(), Value::Array(els));
                }
                Some(_) => return Err(ApiError::wrong_type("event.elements", "an array")),
            }
        }
        "custom" => {
            if let Some(c) = req.get("content").filter(|c| !c.is_null()) {
                out.insert("content".into(), c.clone());
            }
        }
        "system_message" => {
            out.insert(
                "system_message_type".into(),
                required("system_message_type")?,
            );
            if let Some(t) = s("text")? {
                out.insert("text".into(), t);
            }
            if let Some(v) = req.get("text_vars").filter(|v| v.is_object()) {
                out.insert("text_vars".into(), v.clone());
            }
        }
        _ => {}
    }
    if ty != "system_message" {
        out.insert("author_id".into(), json!(actor.id()));
    }
    Ok(Value::Object(out))
}

/// The key under which an uploaded file is stored: the path after `/files/`.
pub fn file_key(url: &str) -> &str {
    url.split_once("/files/").map(|(_, k)| k).unwrap_or(url)
}

/// Appends a prepared event to a thread: assigns id and created_at, returns the stored event.
pub fn append_event(st: &mut State, chat_id: &str, thread_idx: usize, mut event: Value) -> Value {
    let now = st.now();
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return event;
    };
    let Some(t) = chat.threads.get_mut(thread_idx) else {
        return event;
    };
    t.next_event += 1;
    event["id"] = json!(format!("{}_{}", t.id, t.next_event));
    event["created_at"] = json!(now);
    t.events.push(event.clone());
    event
}

/// Pushes `incoming_event` to the chat's customer unless the event is for agents only.
pub fn push_event(
    st: &mut State,
    chat_id: &str,
    thread_id: &str,
    event: &Value,
    settle: Option<(u64, &Value)>,
) {
    let Some(cid) = st.chats.get(chat_id).map(|c| c.customer_id.clone()) else {
        return;
    };
    let payload = json!({ "chat_id": chat_id, "thread_id": thread_id, "event": event });
    if visible_to_customer(event, &cid) {
        st.push_to_customer(&cid, "incoming_event", &payload, settle);
    } else if let Some((conn, rid)) = settle {
        // The requester still needs its settling push.
        st.send(
            conn,
            Out::Text(push_frame("incoming_event", &payload, Some(rid)).into()),
        );
    }
}

/// A system message appended to the chat's last thread and pushed.
pub fn system_message(st: &mut State, chat_id: &str, kind: &str, text: String, text_vars: Value) {
    let Some(idx) = st
        .chats
        .get(chat_id)
        .and_then(|c| c.threads.len().checked_sub(1))
    else {
        return;
    };
    let ev = json!({"type": "system_message", "system_message_type": kind, "text": text,
                    "text_vars": text_vars, "recipients": "all"});
    let ev = append_event(st, chat_id, idx, ev);
    let tid = st.chats[chat_id].threads[idx].id.clone();
    push_event(st, chat_id, &tid, &ev, None);
}

/// Picks an agent for a new thread: the bot when it is on, else the first accepting human.
pub fn route(st: &State, group_id: u64) -> Option<String> {
    let in_group = |a: &&crate::state::Agent| a.accepting() && a.cfg.groups.contains(&group_id);
    if st.bot_enabled {
        if let Some(bot) = st.agents.iter().filter(in_group).find(|a| a.cfg.is_bot) {
            return Some(bot.cfg.id.clone());
        }
    }
    st.agents
        .iter()
        .filter(in_group)
        .find(|a| !a.cfg.is_bot)
        .map(|a| a.cfg.id.clone())
}

/// Checks group availability for a new thread; returns whether it is queued.
pub fn check_groups(
    st: &State,
    license_id: u64,
    groups: &[u64],
    continuous: bool,
) -> ApiResult<bool> {
    let mut queued = false;
    let mut any_online = false;
    for g in groups {
        match st.group_status(license_id, *g) {
            None => return Err(ApiError::group_not_found()),
            Some("online") => any_online = true,
            Some("online_for_queue") => queued = true,
            Some(_) => {}
        }
    }
    if any_online {
        Ok(false)
    } else if queued {
        Ok(true)
    } else if continuous {
        Ok(false)
    } else {
        Err(ApiError::new("groups_offline", "Groups offline"))
    }
}

/// Opens a new thread on a chat (start or resume): routes an agent, queues when needed.
pub fn open_thread(
    st: &mut State,
    chat_id: &str,
    active: bool,
    queued: bool,
    properties: Map<String, Value>,
) -> usize {
    let now = st.now();
    let (license, group) = match st.chats.get(chat_id) {
        Some(c) => (c.license_id, c.access.first().copied().unwrap_or(0)),
        None => return 0,
    };
    let agent = if queued || !active {
        None
    } else {
        route(st, group)
    };
    let queue_pos = if queued {
        1 + st
            .chats
            .values()
            .filter(|c| {
                c.license_id == license && c.active_thread().is_some_and(|t| t.queue.is_some())
            })
            .count()
    } else {
        0
    };
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return 0;
    };
    if let Some(a) = &agent {
        match chat.user_mut(a) {
            Some(u) => u.present = true,
            None => chat.users.push(ChatUser {
                id: a.clone(),
                kind: UserKind::Agent,
                present: true,
                seen_up_to: None,
            }),
        }
    }
    let user_ids = chat
        .users
        .iter()
        .filter(|u| u.present)
        .map(|u| u.id.clone())
        .collect();
    let queue = queued
        .then(|| json!({"position": queue_pos, "wait_time": 60 * queue_pos, "queued_at": now}));
    chat.threads.push(Thread {
        id: unique_thread_id(),
        created_at: now,
        active,
        user_ids,
        events: Vec::new(),
        properties,
        access: chat.access.clone(),
        queue,
        next_event: 0,
    });
    chat.threads.len() - 1
}

fn unique_thread_id() -> String {
    crate::util::short_id()
}

/// Marks everything in the chat as seen by `user_id` (side effect of start/resume/send_event).
pub fn mark_all_seen(st: &mut State, chat_id: &str, user_id: &str) {
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return;
    };
    let last = chat
        .last_event_time()
        .map(str::to_string)
        .or_else(|| chat.threads.last().map(|t| t.created_at.clone()));
    if let (Some(last), Some(u)) = (last, chat.user_mut(user_id)) {
        if u.seen_up_to.as_deref().map_or(true, |s| s < last.as_str()) {
            u.seen_up_to = Some(last);
        }
    }
}

/// Locates `(thread index)` by id within a chat.
pub fn thread_idx(chat: &Chat, thread_id: &str) -> ApiResult<usize> {
    chat.thread_index(thread_id)
        .ok_or_else(|| ApiError::not_found("Thread"))
}

/// Locates `(thread index, event index)`.
pub fn event_idx(chat: &Chat, thread_id: &str, event_id: &str) -> ApiResult<(usize, usize)> {
    let ti = thread_idx(chat, thread_id)?;
    let ei = chat.threads[ti]
        .events
        .iter()
        .position(|e| e["id"].as_str() == Some(event_id))
        .ok_or_else(|| ApiError::not_found("Event"))?;
    Ok((ti, ei))
}

/// Deactivates the chat's open thread with a system message, pushing `incoming_event` then `chat_deactivated`.
pub fn deactivate(
    st: &mut State,
    chat_id: &str,
    by: Option<Actor>,
    kind: &str,
    text: String,
    settle: Option<(u64, &Value)>,
) -> ApiResult<()> {
    let chat = st.chats.get(chat_id).ok_or_else(ApiError::chat_not_found)?;
    if !chat.is_active() {
        return Err(ApiError::chat_inactive());
    }
    let idx = chat.threads.len() - 1;
    let vars = match by {
        Some(a) => json!({"user": a.id()}),
        None => json!({}),
    };
    system_message(st, chat_id, kind, text, vars);
    let Some(chat) = st.chats.get_mut(chat_id) else {
        return Err(ApiError::chat_not_found());
    };
    let t = &mut chat.threads[idx];
    t.active = false;
    t.queue = None;
    let tid = t.id.clone();
    let mut payload = json!({"chat_id": chat_id, "thread_id": tid});
    if let Some(a) = by {
        payload["user_id"] = json!(a.id());
    }
    st.push_to_chat(chat_id, "chat_deactivated", &payload, settle);
    Ok(())
}

/// Paging helper shared by list_chats / list_threads: `(offset, limit, order, extra)` in an opaque page id.
pub struct Page {
    pub offset: usize,
    pub limit: usize,
    pub desc: bool,
    pub min_events: usize,
}

impl Page {
    pub fn encode(&self, scope: &str) -> String {
        crate::util::encode_page(&format!(
            "{scope}|{}|{}|{}|{}",
            self.offset,
            self.limit,
            if self.desc { "desc" } else { "asc" },
            self.min_events
        ))
    }

    pub fn decode(page_id: &str, scope: &str) -> ApiResult<Page> {
        let bad = || ApiError::validation("Invalid page_id");
        let text = crate::util::decode_page(page_id).ok_or_else(bad)?;
        let parts: Vec<&str> = text.split('|').collect();
        if parts.len() != 5 || parts[0] != scope {
            return Err(bad());
        }
        Ok(Page {
            offset: parts[1].parse().map_err(|_| bad())?,
            limit: parts[2].parse().map_err(|_| bad())?,
            desc: parts[3] == "desc",
            min_events: parts[4].parse().map_err(|_| bad())?,
        })
        .and_then(|p: Page| {
            if (1..=100).contains(&p.limit) {
                Ok(p)
            } else {
                Err(bad())
            }
        })
    }
}

pub fn sort_order(v: Option<&str>) -> ApiResult<bool> {
    match v {
        None | Some("desc") => Ok(true),
        Some("asc") => Ok(false),
        Some(_) => Err(ApiError::validation("sort_order must be `asc` or `desc`")),
    }
}

/// `list_threads` for a customer (`viewer`) or an agent (`None`).
pub fn list_threads(
    st: &State,
    chat: &Chat,
    args: &crate::util::Args,
    viewer: Option<&str>,
) -> ApiResult<Value> {
    let scope = format!("t:{}", chat.id);
    let page = if let Some(pid) = args.opt_str("page_id")? {
        Page::decode(pid, &scope)?
    } else {
        let desc = sort_order(args.opt_str("sort_order")?)?;
        let limit = args.opt_u64("limit")?;
        let min = args.opt_u64("min_events_count")?;
        if limit.is_some() && min.is_some() {
            return Err(ApiError::validation(
                "min_events_count cannot be combined with limit",
            ));
        }
        if let Some(m) = min {
            if !(1..=100).contains(&m) {
                return Err(ApiError::validation(
                    "min_events_count must be between 1 and 100",
                ));
            }
        }
        let limit = limit.unwrap_or(3);
        if !(1..=100).contains(&limit) {
            return Err(ApiError::validation("limit must be between 1 and 100"));
        }
        Page {
            offset: 0,
            limit: limit as usize,
            desc,
            min_events: min.unwrap_or(0) as usize,
        }
    };
    let mut order: Vec<usize> = (0..chat.threads.len()).collect();
    if page.desc {
        order.reverse();
    }
    let mut picked = Vec::new();
    let mut events = 0;
    for &i in order.iter().skip(page.offset) {
        if page.min_events > 0 {
            if events >= page.min_events {
                break;
            }
        } else if picked.len() >= page.limit {
            break;
        }
        let t = st.render_thread(chat, i, viewer);
        events += t["events"].as_array().map_or(0, Vec::len);
        picked.push(t);
    }
    let end = page.offset + picked.len();
    let mut v = json!({"threads": picked, "found_threads": chat.threads.len()});
    if end < order.len() {
        v["next_page_id"] = json!(Page {
            offset: end,
            ..page
        }
        .encode(&scope));
    }
    if page.offset > 0 {
        let step = if page.min_events > 0 { 1 } else { page.limit };
        let prev = Page {
            offset: page.offset.saturating_sub(step),
            ..page
        };
        v["previous_page_id"] = json!(prev.encode(&scope));
    }
    Ok(v)
}

/// Chats sorted by their last thread's creation (desc by default), paged.
pub fn page_chats(
    ids: Vec<(String, String)>,
    page: &Page,
) -> (Vec<String>, Option<usize>, Option<usize>) {
    let mut ids = ids;
    ids.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    if page.desc {
        ids.reverse();
    }
    let total = ids.len();
    let slice: Vec<String> = ids
        .into_iter()
        .skip(page.offset)
        .take(page.limit)
        .map(|x| x.0)
        .collect();
    let end = page.offset + slice.len();
    let next = (end < total).then_some(end);
    let prev = (page.offset > 0).then(|| page.offset.saturating_sub(page.limit));
    (slice, next, prev)
}
