//! Events in chat threads (messages, files, rich messages, forms, system messages, custom events) and the events a host sends.

use std::collections::HashMap;

use crate::json::{JsonValue, Properties};
use livechat_core::types as core;

use super::*;

/// An event in a chat thread (the docs' "Event"): the common fields, and `content` by type.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Event {
    pub id: String,
    pub author_id: String,
    /// RFC 3339.
    pub created_at: String,
    pub thread_id: Option<String>,
    pub properties: Properties,
    pub custom_id: Option<String>,
    pub content: EventContent,
}

/// The type-specific part of an `Event`.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum EventContent {
    Message {
        text: String,
        postback: Option<MessagePostback>,
    },
    File {
        content_type: String,
        url: String,
        name: String,
        width: Option<u32>,
        height: Option<u32>,
        thumbnails: Option<Thumbnails>,
        alternative_text: Option<String>,
    },
    RichMessage {
        template: RichMessageTemplate,
        elements: Vec<RichMessageElement>,
    },
    FilledForm {
        form_id: String,
        fields: Vec<FilledFormField>,
    },
    SystemMessage {
        text: String,
        system_message_type: String,
        text_vars: Option<HashMap<String, String>>,
    },
    Custom {
        content: Option<JsonValue>,
    },
}

impl From<core::ChatEvent> for Event {
    fn from(event: core::ChatEvent) -> Self {
        let (common, content) = match event {
            core::ChatEvent::Message(e) => (
                e.common,
                EventContent::Message {
                    text: e.text,
                    postback: e.postback.map(Into::into),
                },
            ),
            core::ChatEvent::File(e) => (
                e.common,
                EventContent::File {
                    content_type: e.content_type,
                    url: e.url,
                    name: e.name,
                    width: e.width,
                    height: e.height,
                    thumbnails: e.thumbnails.map(Into::into),
                    alternative_text: e.alternative_text,
                },
            ),
            core::ChatEvent::RichMessage(e) => (
                e.common,
                EventContent::RichMessage {
                    template: e.template.into(),
                    elements: convert_all(e.elements),
                },
            ),
            core::ChatEvent::FilledForm(e) => (
                e.common,
                EventContent::FilledForm {
                    form_id: e.form_id,
                    fields: convert_all(e.fields),
                },
            ),
            core::ChatEvent::SystemMessage(e) => (
                e.common,
                EventContent::SystemMessage {
                    text: e.text,
                    system_message_type: e.system_message_type,
                    text_vars: e.text_vars,
                },
            ),
            core::ChatEvent::Custom(e) => (
                e.common,
                EventContent::Custom {
                    content: e.content.map(JsonValue),
                },
            ),
        };
        Event {
            id: common.id,
            author_id: common.author_id,
            created_at: common.created_at,
            thread_id: common.thread_id,
            properties: common.properties.into(),
            custom_id: common.custom_id,
            content,
        }
    }
}

/// The postback a message answers (a rich message button).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessagePostback {
    pub id: String,
    pub thread_id: String,
    pub event_id: String,
    #[uniffi(default)]
    pub kind: Option<String>,
    #[uniffi(default)]
    pub value: Option<String>,
}

impl From<core::MessagePostback> for MessagePostback {
    fn from(p: core::MessagePostback) -> Self {
        MessagePostback {
            id: p.id,
            thread_id: p.thread_id,
            event_id: p.event_id,
            kind: p.kind,
            value: p.value,
        }
    }
}

impl From<MessagePostback> for core::MessagePostback {
    fn from(p: MessagePostback) -> Self {
        core::MessagePostback {
            id: p.id,
            thread_id: p.thread_id,
            event_id: p.event_id,
            kind: p.kind,
            value: p.value,
        }
    }
}

/// Image thumbnails (`standard` is the docs' `default` size, renamed: a Swift keyword).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Thumbnails {
    pub standard: Thumbnail,
    pub high: Thumbnail,
}

impl From<core::Thumbnails> for Thumbnails {
    fn from(t: core::Thumbnails) -> Self {
        Thumbnails {
            standard: t.default.into(),
            high: t.high.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Thumbnail {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

impl From<core::Thumbnail> for Thumbnail {
    fn from(t: core::Thumbnail) -> Self {
        Thumbnail {
            url: t.url,
            width: t.width,
            height: t.height,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RichMessageTemplate {
    Cards,
    QuickReplies,
    Sticker,
}

impl From<core::RichMessageTemplate> for RichMessageTemplate {
    fn from(t: core::RichMessageTemplate) -> Self {
        match t {
            core::RichMessageTemplate::Cards => RichMessageTemplate::Cards,
            core::RichMessageTemplate::QuickReplies => RichMessageTemplate::QuickReplies,
            core::RichMessageTemplate::Sticker => RichMessageTemplate::Sticker,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RichMessageElement {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub image: Option<RichMessageImage>,
    pub buttons: Option<Vec<RichMessageButton>>,
}

impl From<core::RichMessageElement> for RichMessageElement {
    fn from(e: core::RichMessageElement) -> Self {
        RichMessageElement {
            title: e.title,
            subtitle: e.subtitle,
            image: e.image.map(|i| RichMessageImage {
                url: i.url,
                name: i.name,
                alternative_text: i.alternative_text,
            }),
            buttons: e.buttons.map(convert_all),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RichMessageImage {
    pub url: String,
    pub name: Option<String>,
    pub alternative_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RichMessageButton {
    pub kind: Option<ButtonType>,
    pub text: String,
    pub postback_id: String,
    pub user_ids: Vec<String>,
    pub value: Option<String>,
    pub role: String,
    pub target: Option<String>,
    pub webview_height: Option<String>,
}

impl From<core::RichMessageButton> for RichMessageButton {
    fn from(b: core::RichMessageButton) -> Self {
        RichMessageButton {
            kind: b.kind.map(Into::into),
            text: b.text,
            postback_id: b.postback_id,
            user_ids: b.user_ids,
            value: b.value,
            role: b.role,
            target: b.target,
            webview_height: b.webview_height,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ButtonType {
    Message,
    Phone,
    Url,
    Webview,
    Cancel,
}

impl From<core::ButtonType> for ButtonType {
    fn from(b: core::ButtonType) -> Self {
        match b {
            core::ButtonType::Message => ButtonType::Message,
            core::ButtonType::Phone => ButtonType::Phone,
            core::ButtonType::Url => ButtonType::Url,
            core::ButtonType::Webview => ButtonType::Webview,
            core::ButtonType::Cancel => ButtonType::Cancel,
        }
    }
}

/// A field of a filled form (`filled_form` events, `sendTicketForm`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FilledFormField {
    /// The field type (`"name"`, `"email"`, `"question"`, `"checkbox"`...).
    pub kind: String,
    pub id: String,
    pub label: String,
    #[uniffi(default)]
    pub answer: Option<FormAnswer>,
    #[uniffi(default)]
    pub answers: Option<Vec<FormChoice>>,
}

impl From<core::FilledFormField> for FilledFormField {
    fn from(f: core::FilledFormField) -> Self {
        FilledFormField {
            kind: f.kind,
            id: f.id,
            label: f.label,
            answer: f.answer.map(Into::into),
            answers: f.answers.map(convert_all),
        }
    }
}

impl From<FilledFormField> for core::FilledFormField {
    fn from(f: FilledFormField) -> Self {
        core::FilledFormField {
            kind: f.kind,
            id: f.id,
            label: f.label,
            answer: f.answer.map(Into::into),
            answers: f.answers.map(convert_all),
        }
    }
}

/// A single answer: free text, or one chosen option.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FormAnswer {
    Text { text: String },
    Choice { choice: FormChoice },
}

impl From<core::FormAnswer> for FormAnswer {
    fn from(a: core::FormAnswer) -> Self {
        match a {
            core::FormAnswer::Text(text) => FormAnswer::Text { text },
            core::FormAnswer::Choice(choice) => FormAnswer::Choice {
                choice: choice.into(),
            },
        }
    }
}

impl From<FormAnswer> for core::FormAnswer {
    fn from(a: FormAnswer) -> Self {
        match a {
            FormAnswer::Text { text } => core::FormAnswer::Text(text),
            FormAnswer::Choice { choice } => core::FormAnswer::Choice(choice.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FormChoice {
    pub id: String,
    pub label: String,
    #[uniffi(default)]
    pub group_id: Option<u32>,
}

impl From<core::FormChoice> for FormChoice {
    fn from(c: core::FormChoice) -> Self {
        FormChoice {
            id: c.id,
            label: c.label,
            group_id: c.group_id,
        }
    }
}

impl From<FormChoice> for core::FormChoice {
    fn from(c: FormChoice) -> Self {
        core::FormChoice {
            id: c.id,
            label: c.label,
            group_id: c.group_id,
        }
    }
}

/// An event to send (`sendEvent`, initial thread events). The server assigns id, author, time.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum NewEvent {
    Message {
        text: String,
        #[uniffi(default)]
        postback: Option<MessagePostback>,
        #[uniffi(default)]
        custom_id: Option<String>,
        #[uniffi(default)]
        properties: Option<Properties>,
    },
    File {
        /// A URL returned by `upload_file`.
        url: String,
        #[uniffi(default)]
        alternative_text: Option<String>,
        #[uniffi(default)]
        custom_id: Option<String>,
        #[uniffi(default)]
        properties: Option<Properties>,
    },
    FilledForm {
        form_id: String,
        fields: Vec<FilledFormField>,
        #[uniffi(default)]
        custom_id: Option<String>,
        #[uniffi(default)]
        properties: Option<Properties>,
    },
    SystemMessage {
        text: String,
        system_message_type: String,
        #[uniffi(default)]
        recipients: Option<String>,
        #[uniffi(default)]
        custom_id: Option<String>,
        #[uniffi(default)]
        properties: Option<Properties>,
    },
    Custom {
        #[uniffi(default)]
        content: Option<JsonValue>,
        #[uniffi(default)]
        custom_id: Option<String>,
        #[uniffi(default)]
        properties: Option<Properties>,
    },
}

impl From<NewEvent> for core::NewEvent {
    fn from(e: NewEvent) -> Self {
        let props = |p: Option<Properties>| p.map(Into::into);
        match e {
            NewEvent::Message {
                text,
                postback,
                custom_id,
                properties,
            } => core::NewEvent::Message(core::NewMessage {
                text,
                postback: postback.map(Into::into),
                custom_id,
                properties: props(properties),
            }),
            NewEvent::File {
                url,
                alternative_text,
                custom_id,
                properties,
            } => core::NewEvent::File(core::NewFile {
                url,
                alternative_text,
                custom_id,
                properties: props(properties),
            }),
            NewEvent::FilledForm {
                form_id,
                fields,
                custom_id,
                properties,
            } => core::NewEvent::FilledForm(core::NewFilledForm {
                form_id,
                fields: convert_all(fields),
                custom_id,
                properties: props(properties),
            }),
            NewEvent::SystemMessage {
                text,
                system_message_type,
                recipients,
                custom_id,
                properties,
            } => core::NewEvent::SystemMessage(core::NewSystemMessage {
                text,
                system_message_type,
                recipients,
                custom_id,
                properties: props(properties),
            }),
            NewEvent::Custom {
                content,
                custom_id,
                properties,
            } => core::NewEvent::Custom(core::NewCustom {
                content: content.map(|c| c.0),
                custom_id,
                properties: props(properties),
            }),
        }
    }
}
