//! Wire -> SDK (`client-behavior.md` §4).

use std::collections::HashMap;

use serde_json::Value;

use super::reader::{as_u64, obj, stringify, Obj};
use crate::error::{Error, Result};
use crate::events::{ChatTransferred, Event};
use crate::events::{Connected, CustomerPageUpdated, TransferredTo, TypingIndicator};
use crate::types::*;

// ---------------------------------------------------------------------------------------------
// Properties, session fields, access, queue
// ---------------------------------------------------------------------------------------------

/// Properties `{ns: {name: value}}`; namespaces that are not objects are dropped.
pub(crate) fn properties(value: Option<&Value>) -> Properties {
    let Some(Value::Object(namespaces)) = value else {
        return Properties::new();
    };
    namespaces
        .iter()
        .filter_map(|(ns, props)| match props {
            Value::Object(props) => Some((
                ns.clone(),
                props.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Deleted properties `{ns: [name, ...]}`; malformed entries are dropped.
pub(crate) fn property_names(value: Option<&Value>) -> PropertyNames {
    let Some(Value::Object(namespaces)) = value else {
        return PropertyNames::new();
    };
    namespaces
        .iter()
        .filter_map(|(ns, names)| {
            names.as_array().map(|names| {
                (
                    ns.clone(),
                    names
                        .iter()
                        .filter_map(|n| n.as_str().map(str::to_owned))
                        .collect(),
                )
            })
        })
        .collect()
}

/// Wire session fields: an array of one-key objects, merged (first key of each object).
pub(crate) fn session_fields(value: Option<&Value>) -> SessionFields {
    let mut fields = SessionFields::new();
    if let Some(Value::Array(items)) = value {
        for item in items {
            if let Some((key, value)) = item.as_object().and_then(|o| o.iter().next()) {
                fields.insert(key.clone(), stringify(value));
            }
        }
    }
    fields
}

pub(crate) fn access(value: Option<&Value>) -> Access {
    let group_ids = value
        .and_then(|v| obj(v, "access").ok())
        .filter(|o| o.truthy("group_ids").is_some())
        .and_then(|o| o.opt_u32s("group_ids"));
    Access { group_ids }
}

pub(crate) fn queue(value: &Value, with_queued_at: bool) -> Result<Queue> {
    let q = obj(value, "queue")?;
    Ok(Queue {
        position: q.u64_or_zero("position"),
        wait_time: q.u64_or_zero("wait_time"),
        queued_at: if with_queued_at {
            q.opt_str("queued_at")
        } else {
            None
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// A chat user (customer or agent, with `present`).
pub(crate) fn user(value: &Value) -> Result<User> {
    let u = obj(value, "user")?;
    let id = u.str("id")?;
    if u.opt_str("type").as_deref() == Some("customer") {
        Ok(User::Customer(CustomerUser {
            id,
            name: u.opt_str("name"),
            email: u.opt_str("email"),
            avatar: u.opt_str("avatar"),
            session_fields: session_fields(u.get("session_fields")),
            present: u.opt_bool("present"),
        }))
    } else {
        Ok(User::Agent(AgentUser {
            id,
            name: u.str_or_default("name"),
            avatar: u.opt_str("avatar"),
            job_title: u.opt_str("job_title"),
            present: u.opt_bool("present"),
        }))
    }
}

fn users(o: &Obj<'_>) -> Result<Vec<User>> {
    o.array("users")?.iter().map(user).collect()
}

/// User id -> `events_seen_up_to` of each user of a chat.
fn events_seen_up_to_map(o: &Obj<'_>) -> HashMap<String, Option<String>> {
    o.opt_array("users")
        .into_iter()
        .flatten()
        .filter_map(|u| obj(u, "user").ok())
        .filter_map(|u| {
            u.opt_str("id")
                .map(|id| (id, u.opt_str("events_seen_up_to")))
        })
        .collect()
}

/// The current customer (`get_customer`, `login.customer`).
pub(crate) fn customer(value: &Value) -> Result<Customer> {
    let c = obj(value, "customer")?;
    let stats = c.opt_object("statistics", "statistics");
    let stat = |key: &str| stats.map(|s| s.u64_or_zero(key)).unwrap_or(0);
    Ok(Customer {
        id: c.str("id")?,
        name: c.opt_str("name"),
        email: c.opt_str("email"),
        avatar: c.opt_str("avatar"),
        session_fields: session_fields(c.get("session_fields")),
        statistics: CustomerStatistics {
            chats_count: stat("chats_count"),
            threads_count: stat("threads_count"),
            visits_count: stat("visits_count"),
            page_views_count: stat("page_views_count"),
            greetings_shown_count: stat("greetings_shown_count"),
            greetings_accepted_count: stat("greetings_accepted_count"),
        },
    })
}

/// The `customer_updated` push.
pub(crate) fn customer_update(value: &Value) -> Result<CustomerUpdate> {
    let c = obj(value, "customer_updated")?;
    Ok(CustomerUpdate {
        id: c.opt_str("id"),
        name: c.opt_str("name"),
        email: c.opt_str("email"),
        avatar: c.opt_str("avatar"),
        session_fields: c.truthy("session_fields").map(|v| session_fields(Some(v))),
    })
}

/// An agent with its bot flag (greeting, predicted agent).
fn greeting_agent(value: &Value) -> Result<GreetingAgent> {
    let a = obj(value, "agent")?;
    Ok(GreetingAgent {
        id: a.str("id")?,
        name: a.str_or_default("name"),
        avatar: a.opt_str("avatar"),
        job_title: a.opt_str("job_title"),
        is_bot: a.bool_or("is_bot", false),
    })
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// A chat event; `Ok(None)` for a type the SDK does not support (as the reference client's `null`).
pub(crate) fn event(value: &Value, thread_id: Option<&str>) -> Result<Option<ChatEvent>> {
    let e = obj(value, "event")?;
    let kind = e.opt_str("type").unwrap_or_default();
    let mut common = EventCommon {
        id: e.str("id")?,
        author_id: e.str_or_default("author_id"),
        created_at: e.str_or_default("created_at"),
        thread_id: thread_id.map(str::to_owned),
        properties: properties(e.get("properties")),
        custom_id: e.opt_str("custom_id"),
    };
    let event = match kind.as_str() {
        "message" => ChatEvent::Message(MessageEvent {
            common,
            text: e.str_or_default("text"),
            postback: e
                .opt_object("postback", "postback")
                .map(message_postback)
                .transpose()?,
        }),
        "file" => ChatEvent::File(file(common, &e)),
        "rich_message" => match rich_message(common, &e)? {
            Some(rich) => ChatEvent::RichMessage(rich),
            None => return Ok(None),
        },
        "filled_form" => ChatEvent::FilledForm(FilledFormEvent {
            common,
            form_id: e.str_or_default("form_id"),
            fields: e
                .array("fields")?
                .iter()
                .map(filled_form_field)
                .collect::<Result<_>>()?,
        }),
        "system_message" => {
            common.author_id = "system".to_owned();
            ChatEvent::SystemMessage(SystemMessageEvent {
                common,
                text: e.str_or_default("text"),
                system_message_type: e.str_or_default("system_message_type"),
                text_vars: e
                    .truthy("text_vars")
                    .and_then(Value::as_object)
                    .map(|vars| {
                        vars.iter()
                            .map(|(k, v)| (k.clone(), stringify(v)))
                            .collect()
                    }),
            })
        }
        "custom" => ChatEvent::Custom(CustomEvent {
            common,
            content: e.truthy("content").cloned(),
        }),
        _ => return Ok(None),
    };
    Ok(Some(event))
}

/// Like `event`, but a malformed event is logged and treated as unsupported.
pub(crate) fn event_lenient(value: &Value, thread_id: Option<&str>) -> Option<ChatEvent> {
    event(value, thread_id).unwrap_or_else(|err| {
        tracing::warn!("skipping a malformed event: {err}");
        None
    })
}

fn message_postback(p: Obj<'_>) -> Result<MessagePostback> {
    Ok(MessagePostback {
        id: p.str_or_default("id"),
        thread_id: p.str_or_default("thread_id"),
        event_id: p.str_or_default("event_id"),
        kind: p.opt_str("type"),
        value: p.opt_str("value"),
    })
}

fn file(common: EventCommon, e: &Obj<'_>) -> FileEvent {
    let mut file = FileEvent {
        common,
        content_type: e.str_or_default("content_type"),
        url: e.str_or_default("url"),
        name: e.str_or_default("name"),
        ..Default::default()
    };
    // An image is a file with both dimensions (the reference client's test).
    if let (Some(width), Some(height)) = (e.opt_u32("width"), e.opt_u32("height")) {
        let thumbnail = |url_key: &str, max: u32| {
            let (w, h) = thumbnail_size(width, height, max);
            Thumbnail {
                url: e.str_or_default(url_key),
                width: w,
                height: h,
            }
        };
        file.width = Some(width);
        file.height = Some(height);
        file.thumbnails = Some(Thumbnails {
            default: thumbnail("thumbnail_url", 300),
            high: thumbnail("thumbnail2x_url", 600),
        });
        file.alternative_text = e.truthy_str("alternative_text");
    }
    file
}

/// Fits `width` x `height` into `max` x `max`, never enlarging (the reference client's rounding).
pub(crate) fn thumbnail_size(width: u32, height: u32, max: u32) -> (u32, u32) {
    let (larger, smaller) = if height > width {
        (height, width)
    } else {
        (width, height)
    };
    let (larger_f, smaller_f, max_f) = (larger as f64, smaller as f64, max as f64);
    let ratio = if larger == 0 { 1.0 } else { max_f / larger_f };
    let new_larger = larger_f.min(max_f).ceil() as u32;
    let new_smaller = (ratio * smaller_f).min(smaller_f).ceil() as u32;
    if height > width {
        (new_smaller, new_larger)
    } else {
        (new_larger, new_smaller)
    }
}

fn rich_message(common: EventCommon, e: &Obj<'_>) -> Result<Option<RichMessageEvent>> {
    let template = match e.opt_str("template_id").as_deref() {
        Some("cards") => RichMessageTemplate::Cards,
        Some("quick_replies") => RichMessageTemplate::QuickReplies,
        Some("sticker") => RichMessageTemplate::Sticker,
        _ => return Ok(None),
    };
    let elements = e
        .array("elements")?
        .iter()
        .map(rich_element)
        .collect::<Result<_>>()?;
    Ok(Some(RichMessageEvent {
        common,
        template,
        elements,
    }))
}

fn rich_element(value: &Value) -> Result<RichMessageElement> {
    let el = obj(value, "rich message element")?;
    let image = match el.truthy("image") {
        Some(image) => {
            let i = obj(image, "image")?;
            Some(RichMessageImage {
                url: i.str_or_default("url"),
                name: i.opt_str("name"),
                alternative_text: i.truthy_str("alternative_text"),
            })
        }
        None => None,
    };
    let buttons = match el.get("buttons") {
        Some(buttons) => Some(
            buttons
                .as_array()
                .ok_or_else(|| el.missing("buttons"))?
                .iter()
                .map(button)
                .collect::<Result<_>>()?,
        ),
        None => None,
    };
    Ok(RichMessageElement {
        title: el.opt_str("title"),
        subtitle: el.opt_str("subtitle"),
        image,
        buttons,
    })
}

fn button(value: &Value) -> Result<RichMessageButton> {
    let b = obj(value, "button")?;
    let kind = match b.opt_str("type").as_deref() {
        Some("message") => Some(ButtonType::Message),
        Some("phone") => Some(ButtonType::Phone),
        Some("url") => Some(ButtonType::Url),
        Some("webview") => Some(ButtonType::Webview),
        Some("cancel") => Some(ButtonType::Cancel),
        _ => None,
    };
    let has_value = matches!(
        kind,
        Some(ButtonType::Message | ButtonType::Phone | ButtonType::Url | ButtonType::Webview)
    );
    Ok(RichMessageButton {
        kind,
        text: b.str_or_default("text"),
        postback_id: b.str_or_default("postback_id"),
        user_ids: b.strings("user_ids"),
        value: if has_value {
            b.get("value").map(stringify)
        } else {
            None
        },
        role: b.truthy_str("role").unwrap_or_else(|| "default".to_owned()),
        target: if kind == Some(ButtonType::Url) {
            b.truthy_str("target")
        } else {
            None
        },
        webview_height: if kind == Some(ButtonType::Webview) {
            b.opt_str("webview_height")
        } else {
            None
        },
    })
}

fn form_choice(value: &Value) -> Option<FormChoice> {
    let c = obj(value, "choice").ok()?;
    Some(FormChoice {
        id: c.get("id").map(stringify).unwrap_or_default(),
        label: c.str_or_default("label"),
        group_id: c.opt_u32("group_id"),
    })
}

fn filled_form_field(value: &Value) -> Result<FilledFormField> {
    let f = obj(value, "form field")?;
    let answer = match f.get("answer") {
        Some(Value::String(text)) => Some(FormAnswer::Text(text.clone())),
        Some(choice @ Value::Object(_)) => form_choice(choice).map(FormAnswer::Choice),
        Some(other) => Some(FormAnswer::Text(stringify(other))),
        None => None,
    };
    Ok(FilledFormField {
        kind: f.str_or_default("type"),
        id: f.get("id").map(stringify).unwrap_or_default(),
        label: f.str_or_default("label"),
        answer,
        answers: f
            .opt_array("answers")
            .map(|items| items.iter().filter_map(form_choice).collect()),
    })
}

// ---------------------------------------------------------------------------------------------
// Threads and chats
// ---------------------------------------------------------------------------------------------

pub(crate) fn thread(value: &Value, chat_id: &str) -> Result<Thread> {
    let t = obj(value, "thread")?;
    let id = t.str("id")?;
    let events = t
        .opt_array("events")
        .into_iter()
        .flatten()
        .filter_map(|e| event_lenient(e, Some(&id)))
        .collect();
    Ok(Thread {
        chat_id: chat_id.to_owned(),
        active: t.bool_or("active", false),
        access: access(t.get("access")),
        created_at: t.str_or_default("created_at"),
        user_ids: t.strings("user_ids"),
        events,
        properties: properties(t.get("properties")),
        previous_thread_id: t.truthy_str("previous_thread_id"),
        next_thread_id: t.truthy_str("next_thread_id"),
        queue: t.get("queue").map(|q| queue(q, true)).transpose()?,
        id,
    })
}

/// A chat (`get_chat`, `incoming_chat.chat`).
pub(crate) fn chat(value: &Value) -> Result<Chat> {
    let c = obj(value, "chat")?;
    let id = c.str("id")?;
    Ok(Chat {
        access: access(c.get("access")),
        users: users(&c)?,
        properties: properties(c.get("properties")),
        events_seen_up_to_map: events_seen_up_to_map(&c),
        thread: c.get("thread").map(|t| thread(t, &id)).transpose()?,
        id,
    })
}

/// `incoming_chat` payload (also the push-response of start_chat / resume_chat).
pub(crate) fn chat_envelope(payload: &Value) -> Result<ChatEnvelope> {
    let p = obj(payload, "incoming_chat")?;
    let chat_value = p.get("chat").ok_or_else(|| p.missing("chat"))?;
    Ok(ChatEnvelope {
        chat: chat(chat_value)?,
    })
}

pub(crate) fn list_threads(payload: &Value, chat_id: &str) -> Result<ListThreadsResult> {
    let p = obj(payload, "list_threads")?;
    Ok(ListThreadsResult {
        threads: p
            .array("threads")?
            .iter()
            .map(|t| thread(t, chat_id))
            .collect::<Result<_>>()?,
        previous_page_id: p.truthy_str("previous_page_id"),
        next_page_id: p.truthy_str("next_page_id"),
    })
}

fn chat_summary(value: &Value) -> Result<ChatSummary> {
    let s = obj(value, "chat summary")?;
    let mut summary = ChatSummary {
        id: s.str("id")?,
        active: s.bool_or("active", false),
        access: access(s.get("access")),
        properties: properties(s.get("properties")),
        users: users(&s)?,
        last_thread_id: s.truthy_str("last_thread_id"),
        last_thread_created_at: s.truthy_str("last_thread_created_at"),
        events_seen_up_to_map: events_seen_up_to_map(&s),
        last_event: None,
        last_events_per_type: None,
    };
    if let Some(per_type) = s.get("last_event_per_type").and_then(Value::as_object) {
        let mut converted = HashMap::new();
        // (thread_id, thread_created_at, event created_at, event type) of the latest entry so far.
        let mut latest: Option<(String, String, String, String)> = None;
        for (kind, entry) in per_type {
            let Ok(entry) = obj(entry, "last event entry") else {
                continue;
            };
            let thread_id = entry.str_or_default("thread_id");
            let Some(event_value) = entry.get("event") else {
                continue;
            };
            let event_obj = obj(event_value, "event").ok();
            let created_at = event_obj
                .map(|e| e.str_or_default("created_at"))
                .unwrap_or_default();
            let event_type = event_obj
                .and_then(|e| e.opt_str("type"))
                .unwrap_or_else(|| kind.clone());
            let thread_created_at = entry.str_or_default("thread_created_at");
            let is_later = match &latest {
                None => true,
                Some((t, _, c, _)) if *t == thread_id => created_at > *c,
                Some((_, tc, _, _)) => thread_created_at > *tc,
            };
            if is_later {
                latest = Some((thread_id.clone(), thread_created_at, created_at, event_type));
            }
            if let Some(event) = event_lenient(event_value, Some(&thread_id)) {
                converted.insert(kind.clone(), event);
            }
        }
        summary.last_event = latest.and_then(|(_, _, _, kind)| converted.get(&kind).cloned());
        summary.last_events_per_type = Some(converted);
    }
    Ok(summary)
}

pub(crate) fn list_chats(payload: &Value) -> Result<ListChatsResult> {
    let p = obj(payload, "list_chats")?;
    let chats_summary: Vec<ChatSummary> = p
        .array("chats_summary")?
        .iter()
        .map(chat_summary)
        .collect::<Result<_>>()?;
    let mut users: Vec<User> = Vec::new();
    for user in chats_summary.iter().flat_map(|s| s.users.iter()) {
        if !users.iter().any(|u| u.id() == user.id()) {
            users.push(user.clone());
        }
    }
    Ok(ListChatsResult {
        total_chats: p.u64_or_zero("total_chats"),
        users,
        previous_page_id: p.truthy_str("previous_page_id"),
        next_page_id: p.truthy_str("next_page_id"),
        chats_summary,
    })
}

// ---------------------------------------------------------------------------------------------
// Greetings, forms, predicted agent, URL info, group statuses
// ---------------------------------------------------------------------------------------------

pub(crate) fn greeting(value: &Value) -> Result<Greeting> {
    let g = obj(value, "greeting")?;
    let event = g
        .get("event")
        .ok_or_else(|| g.missing("event"))
        .map(|e| event_lenient(e, None))?;
    let text = match &event {
        Some(ChatEvent::Message(message)) => message.text.clone(),
        Some(ChatEvent::RichMessage(rich)) => rich
            .elements
            .iter()
            .find_map(|el| el.title.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    Ok(Greeting {
        id: g.u32("id")?,
        unique_id: g.str("unique_id")?,
        text,
        displayed_first_time: g.bool_or("displayed_first_time", false),
        accepted: g.bool_or("accepted", false),
        subtype: g
            .truthy_str("subtype")
            .unwrap_or_else(|| "greeting".to_owned()),
        addon: g.truthy_str("addon"),
        event,
        agent: greeting_agent(g.get("agent").ok_or_else(|| g.missing("agent"))?)?,
    })
}

fn form_field(value: &Value, index: usize, ticket_form: bool) -> Result<FormField> {
    let f = obj(value, "form field")?;
    let kind = f.str_or_default("type");
    let id = if ticket_form {
        index.to_string()
    } else {
        f.get("id").map(stringify).unwrap_or_default()
    };
    Ok(FormField {
        id,
        label: f.opt_str("label"),
        required: f.opt_bool("required"),
        options: f
            .opt_array("options")
            .map(|items| items.iter().filter_map(form_choice).collect()),
        comment_label: if kind == "rating" {
            f.opt_str("comment_label")
        } else {
            None
        },
        kind,
    })
}

pub(crate) fn form_result(payload: &Value) -> Result<FormResult> {
    let p = obj(payload, "get_form")?;
    if !p.bool_or("enabled", false) {
        return Ok(FormResult {
            enabled: false,
            form: None,
        });
    }
    let form = p.object("form", "form")?;
    let fields = form.array("fields")?;
    // A ticket form is recognised by its first field having no id; its fields get their index.
    let ticket_form = fields
        .first()
        .and_then(Value::as_object)
        .is_some_and(|first| !first.contains_key("id"));
    Ok(FormResult {
        enabled: true,
        form: Some(Form {
            id: form.get("id").map(stringify).unwrap_or_default(),
            fields: fields
                .iter()
                .enumerate()
                .map(|(i, f)| form_field(f, i, ticket_form))
                .collect::<Result<_>>()?,
        }),
    })
}

pub(crate) fn predicted_agent(payload: &Value) -> Result<PredictedAgent> {
    let p = obj(payload, "get_predicted_agent")?;
    Ok(PredictedAgent {
        agent: greeting_agent(p.get("agent").ok_or_else(|| p.missing("agent"))?)?,
        queue: p.bool_or("queue", false),
    })
}

pub(crate) fn url_info(payload: &Value) -> Result<UrlInfo> {
    let p = obj(payload, "get_url_info")?;
    let image_url = p.truthy_str("image_url");
    let (mut image_width, mut image_height) = (None, None);
    if image_url.is_some() {
        if let (Some(w), Some(h)) = (p.opt_u32("image_width"), p.opt_u32("image_height")) {
            if w != 0 && h != 0 {
                image_width = Some(w);
                image_height = Some(h);
            }
        }
    }
    Ok(UrlInfo {
        url: p.str_or_default("url"),
        title: p.truthy_str("title"),
        description: p.truthy_str("description"),
        // The server gives a scheme-less CDN address; the reference client prefixes https.
        image_url: image_url.map(|url| {
            if url.starts_with("http://") || url.starts_with("https://") {
                url
            } else {
                format!("https://{url}")
            }
        }),
        image_width,
        image_height,
    })
}

pub(crate) fn group_statuses(payload: &Value) -> Result<GroupStatuses> {
    let p = obj(payload, "list_group_statuses")?;
    let statuses = p.object("groups_status", "groups_status")?;
    Ok(statuses
        .entries()
        .filter_map(|(group, status)| {
            let group = group.parse::<u32>().ok()?;
            let status = match status.as_str()? {
                "online" => GroupStatus::Online,
                "offline" => GroupStatus::Offline,
                "online_for_queue" => GroupStatus::OnlineForQueue,
                _ => return None,
            };
            Some((group, status))
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Login
// ---------------------------------------------------------------------------------------------

/// A chat as listed by the login response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoginChat {
    pub chat_id: String,
    pub active: bool,
    pub has_unread_events: bool,
}

/// Everything the login response tells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LoginInfo {
    pub connected: Connected,
    pub chats: Vec<LoginChat>,
}

pub(crate) fn login(payload: &Value) -> Result<LoginInfo> {
    let p = obj(payload, "login")?;
    let customer = customer(p.get("customer").ok_or_else(|| p.missing("customer"))?)?;
    let greeting = match p.truthy("greeting") {
        Some(g) => match greeting(g) {
            Ok(g) => Some(g),
            Err(err) => {
                tracing::warn!("ignoring a malformed login greeting: {err}");
                None
            }
        },
        None => None,
    };
    let top_active = p.bool_or("has_active_thread", false);
    let chats = p
        .opt_array("chats")
        .into_iter()
        .flatten()
        .filter_map(|c| obj(c, "login chat").ok())
        .filter_map(|c| {
            Some(LoginChat {
                chat_id: c.opt_str("chat_id")?,
                active: c.opt_bool("has_active_thread").unwrap_or(top_active),
                has_unread_events: c.bool_or("has_unread_events", false),
            })
        })
        .collect();
    Ok(LoginInfo {
        connected: Connected {
            customer,
            availability: login_availability(&p),
            greeting,
        },
        chats,
    })
}

/// Online when the customer's monitoring group is among the online groups.
fn login_availability(p: &Obj<'_>) -> Availability {
    let config = p.opt_object("__priv_dynamic_config", "dynamic config");
    let online = config.and_then(|c| c.truthy("online_groups_ids").and_then(Value::as_array));
    let monitoring = config
        .and_then(|c| c.opt_object("customer_groups", "customer_groups"))
        .and_then(|g| g.opt_object("monitoring", "monitoring"))
        .and_then(|m| m.get("id"))
        .and_then(as_u64);
    match (online, monitoring) {
        (Some(online), Some(group)) if online.iter().any(|g| as_u64(g) == Some(group)) => {
            Availability::Online
        }
        _ => Availability::Offline,
    }
}

// ---------------------------------------------------------------------------------------------
// Pushes
// ---------------------------------------------------------------------------------------------

/// One push -> the host events it produces, in order. Errors mean a malformed push.
pub(crate) fn push(action: &str, payload: &Value) -> Result<Vec<Event>> {
    let p = obj(payload, "push")?;
    let chat_id = || p.str("chat_id");
    let thread_id = || p.str("thread_id");
    let events = match action {
        "chat_deactivated" => vec![Event::ChatDeactivated {
            chat_id: chat_id()?,
        }],
        "chat_properties_deleted" => vec![Event::ChatPropertiesDeleted {
            chat_id: chat_id()?,
            properties: property_names(p.get("properties")),
        }],
        "chat_properties_updated" => vec![Event::ChatPropertiesUpdated {
            chat_id: chat_id()?,
            properties: properties(p.get("properties")),
        }],
        "chat_transferred" => {
            let to = p.object("transferred_to", "transferred_to")?;
            let reason = p.str_or_default("reason");
            vec![Event::ChatTransferred(ChatTransferred {
                chat_id: chat_id()?,
                thread_id: p.opt_str("thread_id"),
                requester_id: if reason == "manual" {
                    p.opt_str("requester_id")
                } else {
                    None
                },
                reason,
                transferred_to: TransferredTo {
                    agent_ids: to.truthy("agent_ids").map(|_| to.strings("agent_ids")),
                    group_ids: to
                        .truthy("group_ids")
                        .and_then(|_| to.opt_u32s("group_ids")),
                },
                queue: p.get("queue").map(|q| queue(q, true)).transpose()?,
            })]
        }
        "customer_page_updated" => vec![Event::CustomerPageUpdated(CustomerPageUpdated {
            url: p.str_or_default("url"),
            title: p.opt_str("title"),
            opened_at: p.str_or_default("opened_at"),
        })],
        "customer_updated" => vec![Event::CustomerUpdated(customer_update(payload)?)],
        "event_properties_deleted" => vec![Event::EventPropertiesDeleted {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            event_id: p.str("event_id")?,
            properties: property_names(p.get("properties")),
        }],
        "event_properties_updated" => vec![Event::EventPropertiesUpdated {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            event_id: p.str("event_id")?,
            properties: properties(p.get("properties")),
        }],
        "event_updated" => {
            let thread_id = thread_id()?;
            let event = p.get("event").ok_or_else(|| p.missing("event"))?;
            vec![Event::EventUpdated {
                chat_id: chat_id()?,
                event: event_lenient(event, Some(&thread_id)),
                thread_id,
            }]
        }
        "events_marked_as_seen" => vec![Event::EventsMarkedAsSeen {
            chat_id: chat_id()?,
            user_id: p.str("user_id")?,
            seen_up_to: p.str_or_default("seen_up_to"),
        }],
        "greeting_accepted" => vec![Event::GreetingAccepted {
            unique_id: p.str("unique_id")?,
        }],
        "greeting_canceled" => vec![Event::GreetingCanceled {
            unique_id: p.str("unique_id")?,
        }],
        "incoming_chat" => {
            let envelope = chat_envelope(payload)?;
            let mut events: Vec<Event> = envelope
                .chat
                .users
                .iter()
                .map(|u| Event::UserData(u.without_presence()))
                .collect();
            events.push(Event::IncomingChat {
                chat: envelope.chat,
            });
            events
        }
        "incoming_event" => {
            let thread_id = p.opt_str("thread_id");
            let event = p.get("event").ok_or_else(|| p.missing("event"))?;
            match self::event(event, thread_id.as_deref())? {
                Some(event) => vec![Event::IncomingEvent {
                    chat_id: chat_id()?,
                    event,
                }],
                None => Vec::new(),
            }
        }
        "incoming_greeting" => vec![Event::IncomingGreeting(greeting(payload)?)],
        "incoming_rich_message_postback" => {
            let postback = p.object("postback", "postback")?;
            vec![Event::IncomingRichMessagePostback {
                user_id: p.str("user_id")?,
                chat_id: chat_id()?,
                thread_id: p.str_or_default("thread_id"),
                event_id: p.str("event_id")?,
                postback: Postback {
                    id: postback.str_or_default("id"),
                    toggled: postback.bool_or("toggled", false),
                },
            }]
        }
        "incoming_typing_indicator" => {
            let indicator = p.object("typing_indicator", "typing_indicator")?;
            vec![Event::IncomingTypingIndicator {
                chat_id: chat_id()?,
                typing_indicator: TypingIndicator {
                    author_id: indicator.str("author_id")?,
                    is_typing: indicator.bool_or("is_typing", false),
                },
            }]
        }
        "queue_position_updated" => vec![Event::QueuePositionUpdated {
            chat_id: chat_id()?,
            thread_id: p.str_or_default("thread_id"),
            queue: queue(p.get("queue").ok_or_else(|| p.missing("queue"))?, false)?,
        }],
        "thread_properties_deleted" => vec![Event::ThreadPropertiesDeleted {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            properties: property_names(p.get("properties")),
        }],
        "thread_properties_updated" => {
            let chat_id = chat_id()?;
            let thread_id = thread_id()?;
            let props = p.object("properties", "properties")?;
            let mut events = Vec::new();
            // The legacy queue position travels as lc2 thread properties; announced first.
            if let Some(lc2) = props.opt_object("lc2", "lc2") {
                if lc2.has("queue_pos") {
                    events.push(Event::QueuePositionUpdated {
                        chat_id: chat_id.clone(),
                        thread_id: thread_id.clone(),
                        queue: Queue {
                            position: lc2.u64_or_zero("queue_pos"),
                            wait_time: lc2.u64_or_zero("queue_waiting_time"),
                            queued_at: None,
                        },
                    });
                }
            }
            events.push(Event::ThreadPropertiesUpdated {
                chat_id,
                thread_id,
                properties: properties(p.get("properties")),
            });
            events
        }
        "user_added_to_chat" => {
            let user = user(p.get("user").ok_or_else(|| p.missing("user"))?)?;
            let present = match &user {
                User::Customer(c) => c.present,
                User::Agent(a) => a.present,
            }
            .or_else(|| p.opt_bool("present"))
            .unwrap_or(false);
            vec![
                Event::UserData(user.without_presence()),
                Event::UserAddedToChat {
                    chat_id: chat_id()?,
                    user,
                    present,
                },
            ]
        }
        "user_removed_from_chat" => vec![Event::UserRemovedFromChat {
            chat_id: chat_id()?,
            user_id: p.str("user_id")?,
        }],
        "incoming_multicast" => multicast_availability(&p).into_iter().collect(),
        _ => Vec::new(),
    };
    Ok(events)
}

/// `availability_updated` from an lc2 `groups_update` multicast: offline when the first group is.
fn multicast_availability(p: &Obj<'_>) -> Option<Event> {
    if p.opt_str("type").as_deref() != Some("lc2") {
        return None;
    }
    let content = p.opt_object("content", "content")?;
    if content.opt_str("name").as_deref() != Some("groups_update") {
        return None;
    }
    let first = content.opt_array("groups")?.first()?;
    let status = obj(first, "group").ok()?.opt_str("status");
    Some(Event::AvailabilityUpdated {
        availability: if status.as_deref() == Some("offline") {
            Availability::Offline
        } else {
            Availability::Online
        },
    })
}

/// A wire error object `{error: {type, message}}` (HTTP bodies), if the value is one.
pub(crate) fn wire_error(body: &Value) -> Option<Error> {
    let error = body.get("error")?;
    let kind = error.get("type")?.as_str()?;
    let message = error.get("message").and_then(Value::as_str).unwrap_or("");
    Some(Error::from_server(kind, message))
}
