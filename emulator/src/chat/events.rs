//! Events: building the stored form of a request event, appending it to a thread with its id and
//! time, pushing it to the customer, system messages, seen markers and typing indicators.

use crate::chat::lookup::{chat_mut, Actor};
use crate::chat::properties::update_properties;
use crate::error::{ApiError, ApiResult};
use crate::frames::push_frame;
use crate::send_queue::Out;
use crate::state::{visible_to_customer, State};
use crate::util::{normalize_time, unix_seconds};
use serde_json::{json, Map, Value};

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
                    out.insert("elements".into(), Value::Array(rich_elements(els)?));
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

/// Checks rich message elements and gives every button an empty `user_ids` (postbacks fill it).
fn rich_elements(els: &[Value]) -> ApiResult<Vec<Value>> {
    if els.len() > 10 {
        return Err(ApiError::validation(
            "Too many rich message elements (max 10)",
        ));
    }
    let mut els = els.to_vec();
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
    Ok(els)
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
        if u.seen_up_to.as_deref().is_none_or(|s| s < last.as_str()) {
            u.seen_up_to = Some(last);
        }
    }
}

/// `mark_events_as_seen` of either side: moves the actor's seen marker up to `seen_up_to` (never
/// back); returns the marker in canonical form.
pub fn mark_seen_up_to(
    st: &mut State,
    chat_id: &str,
    actor: Actor,
    seen_up_to: &str,
) -> ApiResult<String> {
    let seen = normalize_time(seen_up_to)
        .ok_or_else(|| ApiError::validation("seen_up_to must be an RFC 3339 date-time"))?;
    let c = chat_mut(st, chat_id, actor)?;
    if let Some(u) = c.user_mut(actor.id()) {
        if u.seen_up_to.as_deref().is_none_or(|s| s < seen.as_str()) {
            u.seen_up_to = Some(seen.clone());
        }
    }
    Ok(seen)
}

/// Pushes `incoming_typing_indicator` of `author` to the chat's customer.
pub fn push_typing(st: &mut State, chat_id: &str, author: &str, is_typing: bool) {
    let Some(tid) = st
        .chats
        .get(chat_id)
        .and_then(|c| c.threads.last())
        .map(|t| t.id.clone())
    else {
        return;
    };
    let p = json!({"chat_id": chat_id, "thread_id": tid, "typing_indicator": {
        "author_id": author, "recipients": "all", "timestamp": unix_seconds(), "is_typing": is_typing}});
    st.push_to_chat(chat_id, "incoming_typing_indicator", &p, None);
}
