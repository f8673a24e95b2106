//! SDK -> wire (`client-behavior.md` §3). Optional values the caller did not give are left out.

use serde_json::{json, Map, Value};

use crate::auth::Token;
use crate::config::{Config, CustomerData, Page};
use crate::types::*;

fn insert_opt<T: serde::Serialize>(map: &mut Map<String, Value>, key: &str, value: &Option<T>) {
    if let Some(value) = value {
        map.insert(
            key.to_owned(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
    }
}

/// Session fields as the wire wants them: ordered one-key objects.
pub(crate) fn session_fields(fields: &[(String, String)]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|(key, value)| json!({ key.as_str(): value }))
            .collect(),
    )
}

/// Customer data (`updateCustomer`, the login `customer` field): only what is set, session
/// fields as ordered one-key objects (`client-behavior.md` §3.5).
pub(crate) fn customer_data(data: &CustomerData) -> Value {
    let mut map = Map::new();
    insert_opt(&mut map, "avatar", &data.avatar);
    insert_opt(&mut map, "name", &data.name);
    insert_opt(&mut map, "email", &data.email);
    if !data.session_fields.is_empty() {
        map.insert(
            "session_fields".to_owned(),
            session_fields(&data.session_fields),
        );
    }
    Value::Object(map)
}

/// A customer page (login `customer_page`, `update_customer_page`): only the set fields.
pub(crate) fn page(page: &Page) -> Value {
    let mut map = Map::new();
    insert_opt(&mut map, "url", &page.url);
    insert_opt(&mut map, "title", &page.title);
    Value::Object(map)
}

fn access(access: &Access) -> Value {
    let mut map = Map::new();
    insert_opt(&mut map, "group_ids", &access.group_ids);
    Value::Object(map)
}

fn choice(choice: &FormChoice) -> Value {
    let mut map = Map::new();
    map.insert("id".to_owned(), json!(choice.id));
    map.insert("label".to_owned(), json!(choice.label));
    insert_opt(&mut map, "group_id", &choice.group_id);
    Value::Object(map)
}

/// A filled form field; `groupId` of a group_chooser answer goes back to `group_id`.
pub(crate) fn filled_form_field(field: &FilledFormField) -> Value {
    let mut map = Map::new();
    map.insert("type".to_owned(), json!(field.kind));
    map.insert("id".to_owned(), json!(field.id));
    map.insert("label".to_owned(), json!(field.label));
    match &field.answer {
        Some(FormAnswer::Text(text)) => {
            map.insert("answer".to_owned(), json!(text));
        }
        Some(FormAnswer::Choice(c)) => {
            map.insert("answer".to_owned(), choice(c));
        }
        None => {}
    }
    if let Some(answers) = &field.answers {
        map.insert(
            "answers".to_owned(),
            Value::Array(answers.iter().map(choice).collect()),
        );
    }
    Value::Object(map)
}

/// An event to send.
pub(crate) fn new_event(event: &NewEvent) -> Value {
    let mut map = Map::new();
    let (custom_id, properties) = match event {
        NewEvent::Message(e) => (&e.custom_id, &e.properties),
        NewEvent::File(e) => (&e.custom_id, &e.properties),
        NewEvent::FilledForm(e) => (&e.custom_id, &e.properties),
        NewEvent::SystemMessage(e) => (&e.custom_id, &e.properties),
        NewEvent::Custom(e) => (&e.custom_id, &e.properties),
    };
    insert_opt(&mut map, "custom_id", custom_id);
    insert_opt(&mut map, "properties", properties);
    match event {
        NewEvent::Message(message) => {
            map.insert("type".to_owned(), json!("message"));
            map.insert("text".to_owned(), json!(message.text));
            if let Some(postback) = &message.postback {
                let mut p = Map::new();
                p.insert("id".to_owned(), json!(postback.id));
                p.insert("thread_id".to_owned(), json!(postback.thread_id));
                p.insert("event_id".to_owned(), json!(postback.event_id));
                insert_opt(&mut p, "type", &postback.kind);
                insert_opt(&mut p, "value", &postback.value);
                map.insert("postback".to_owned(), Value::Object(p));
            }
        }
        NewEvent::File(file) => {
            map.insert("type".to_owned(), json!("file"));
            map.insert("url".to_owned(), json!(file.url));
            insert_opt(&mut map, "alternative_text", &file.alternative_text);
        }
        NewEvent::FilledForm(form) => {
            map.insert("type".to_owned(), json!("filled_form"));
            map.insert("form_id".to_owned(), json!(form.form_id));
            map.insert(
                "fields".to_owned(),
                Value::Array(form.fields.iter().map(filled_form_field).collect()),
            );
        }
        NewEvent::SystemMessage(system) => {
            map.insert("type".to_owned(), json!("system_message"));
            map.insert("text".to_owned(), json!(system.text));
            map.insert(
                "system_message_type".to_owned(),
                json!(system.system_message_type),
            );
            insert_opt(&mut map, "recipients", &system.recipients);
        }
        NewEvent::Custom(custom) => {
            map.insert("type".to_owned(), json!("custom"));
            insert_opt(&mut map, "content", &custom.content);
        }
    }
    Value::Object(map)
}

fn initial_thread(thread: &InitialThread) -> Value {
    let mut map = Map::new();
    map.insert(
        "events".to_owned(),
        Value::Array(thread.events.iter().map(new_event).collect()),
    );
    insert_opt(&mut map, "properties", &thread.properties);
    Value::Object(map)
}

fn chat_body(
    id: Option<&str>,
    access_: &Option<Access>,
    properties: &Option<Properties>,
    thread: &Option<InitialThread>,
) -> Value {
    let mut chat = Map::new();
    if let Some(id) = id {
        chat.insert("id".to_owned(), json!(id));
    }
    if let Some(a) = access_.as_ref().filter(|a| a.group_ids.is_some()) {
        chat.insert("access".to_owned(), access(a));
    }
    insert_opt(&mut chat, "properties", properties);
    if let Some(thread) = thread {
        chat.insert("thread".to_owned(), initial_thread(thread));
    }
    Value::Object(chat)
}

fn chat_request(active: Option<bool>, continuous: Option<bool>, chat: Value) -> Value {
    let mut map = Map::new();
    map.insert("active".to_owned(), json!(active.unwrap_or(true)));
    insert_opt(&mut map, "continuous", &continuous);
    map.insert("chat".to_owned(), chat);
    Value::Object(map)
}

pub(crate) fn start_chat(params: &StartChatParams) -> Value {
    let chat = match &params.chat {
        Some(chat) => chat_body(None, &chat.access, &chat.properties, &chat.thread),
        None => json!({}),
    };
    chat_request(params.active, params.continuous, chat)
}

pub(crate) fn resume_chat(params: &ResumeChatParams) -> Value {
    let chat = &params.chat;
    chat_request(
        params.active,
        params.continuous,
        chat_body(Some(&chat.id), &chat.access, &chat.properties, &chat.thread),
    )
}

/// The 24 pushes the login subscribes to (client-behavior §6.4, in that order).
pub(crate) const LOGIN_PUSHES: &[&str] = &[
    "chat_deactivated",
    "chat_properties_deleted",
    "chat_properties_updated",
    "chat_transferred",
    "customer_page_updated",
    "customer_side_storage_updated",
    "customer_updated",
    "event_properties_deleted",
    "event_properties_updated",
    "event_updated",
    "events_marked_as_seen",
    "greeting_accepted",
    "greeting_canceled",
    "incoming_chat",
    "incoming_event",
    "incoming_greeting",
    "incoming_multicast",
    "incoming_rich_message_postback",
    "incoming_typing_indicator",
    "queue_position_updated",
    "thread_properties_deleted",
    "thread_properties_updated",
    "user_added_to_chat",
    "user_removed_from_chat",
];

/// The login payload (client-behavior §6.4).
pub(crate) fn login(
    config: &Config,
    customer: &CustomerData,
    side_storage: Value,
    token: &Token,
    page: Option<Value>,
) -> Value {
    let mut application = json!({ "name": "customer_sdk", "version": "3.0.0" });
    if let Some(channel_type) = config.channel_type.as_deref().filter(|c| !c.is_empty()) {
        application["channel_type"] = json!(channel_type);
    }
    let mut payload = json!({
        "token": token.authorization(),
        "customer": customer_data(customer),
        "customer_side_storage": side_storage,
        "is_mobile": config.mobile,
        "application": application,
    });
    if let Some(group_id) = config.group_id {
        payload["group_id"] = json!(group_id);
    }
    if let Some(page) = page {
        payload["customer_page"] = page;
    }
    if let Some(referrer) = &config.referrer {
        payload["referrer"] = json!(referrer);
    }
    payload["pushes"] = json!({ "3.3": LOGIN_PUSHES });
    payload
}
