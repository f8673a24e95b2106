//! Events inside chats (messages, files, rich messages, forms, system messages, custom events).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;

/// An event of a chat, as received (`incoming_event`, thread events, greetings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChatEvent {
    Message(MessageEvent),
    File(FileEvent),
    RichMessage(RichMessageEvent),
    FilledForm(FilledFormEvent),
    SystemMessage(SystemMessageEvent),
    Custom(CustomEvent),
}

impl ChatEvent {
    pub fn common(&self) -> &EventCommon {
        match self {
            ChatEvent::Message(e) => &e.common,
            ChatEvent::File(e) => &e.common,
            ChatEvent::RichMessage(e) => &e.common,
            ChatEvent::FilledForm(e) => &e.common,
            ChatEvent::SystemMessage(e) => &e.common,
            ChatEvent::Custom(e) => &e.common,
        }
    }

    pub fn id(&self) -> &str {
        &self.common().id
    }

    /// The docs' type name (`"message"`, `"rich_message"`...).
    pub fn type_name(&self) -> &'static str {
        match self {
            ChatEvent::Message(_) => "message",
            ChatEvent::File(_) => "file",
            ChatEvent::RichMessage(_) => "rich_message",
            ChatEvent::FilledForm(_) => "filled_form",
            ChatEvent::SystemMessage(_) => "system_message",
            ChatEvent::Custom(_) => "custom",
        }
    }
}

/// Fields every received event has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventCommon {
    pub id: String,
    /// `"system"` for system messages.
    pub author_id: String,
    /// RFC 3339.
    pub created_at: String,
    /// None for greeting events.
    pub thread_id: Option<String>,
    pub properties: Properties,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    pub text: String,
    /// Set when the message was sent by a rich message button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postback: Option<MessagePostback>,
}

/// The button click a message answers (`message.postback`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePostback {
    pub id: String,
    pub thread_id: String,
    pub event_id: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A file; images also carry dimensions, thumbnails and an alternative text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    pub content_type: String,
    pub url: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnails: Option<Thumbnails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Thumbnails {
    /// Fits in 300 x 300.
    pub default: Thumbnail,
    /// Fits in 600 x 600.
    pub high: Thumbnail,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Thumbnail {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RichMessageEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    pub template: RichMessageTemplate,
    pub elements: Vec<RichMessageElement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RichMessageTemplate {
    #[default]
    Cards,
    QuickReplies,
    Sticker,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RichMessageElement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<RichMessageImage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<RichMessageButton>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RichMessageImage {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_text: Option<String>,
}

/// A rich message button. `kind` is None for a type this SDK does not know (as the reference client).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RichMessageButton {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ButtonType>,
    pub text: String,
    pub postback_id: String,
    pub user_ids: Vec<String>,
    /// URL, phone number or message text; absent on `cancel` buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `"default"` unless the server says otherwise.
    pub role: String,
    /// `url` buttons: `"new"` or `"current"` tab.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `webview` buttons: `"compact"`, `"tall"` or `"full"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webview_height: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonType {
    Message,
    Phone,
    Url,
    Webview,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilledFormEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    pub form_id: String,
    pub fields: Vec<FilledFormField>,
}

/// One answered field of a form.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilledFormField {
    /// `name`, `email`, `question`, `textarea`, `subject`, `radio`, `select`, `checkbox`, `group_chooser`...
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub label: String,
    /// Text fields: a string; `radio` / `select` / `group_chooser`: a choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<FormAnswer>,
    /// `checkbox`: every ticked choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<FormChoice>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormAnswer {
    Text(String),
    Choice(FormChoice),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormChoice {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub label: String,
    /// `group_chooser` answers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemMessageEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    #[serde(default)]
    pub text: String,
    /// e.g. `manual_archived_customer`, `rating.chat_rated`.
    pub system_message_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_vars: Option<HashMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomEvent {
    #[serde(flatten)]
    pub common: EventCommon,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Value>,
}
