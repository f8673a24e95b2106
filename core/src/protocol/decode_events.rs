//! Wire -> SDK for events inside chats: messages, files, rich messages, filled forms, system
//! messages, custom events (`client-behavior.md` §4).

use serde_json::Value;

use super::decode::*;
use super::reader::{obj, stringify, Obj};
use crate::error::Result;
use crate::types::*;

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

pub(super) fn form_choice(value: &Value) -> Option<FormChoice> {
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
