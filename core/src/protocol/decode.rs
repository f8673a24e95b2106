//! Wire -> SDK (`client-behavior.md` §4).

use std::collections::HashMap;

use serde_json::Value;

use super::decode_events::form_choice;
pub(crate) use super::decode_events::{event, event_lenient};
use super::reader::{as_u64, obj, stringify, Obj};
use crate::error::{Error, Result};
use crate::events::Connected;
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

/// A wire error object `{error: {type, message}}` (HTTP bodies), if the value is one.
pub(crate) fn wire_error(body: &Value) -> Option<Error> {
    let error = body.get("error")?;
    let kind = error.get("type")?.as_str()?;
    let message = error.get("message").and_then(Value::as_str).unwrap_or("");
    Some(Error::from_server(kind, message))
}
