//! Events a host sends (`sendEvent`, initial events of `startChat` / `resumeChat`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;

/// An event to send. Rich messages cannot be sent by customers, so they have no variant here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NewEvent {
    Message(NewMessage),
    File(NewFile),
    FilledForm(NewFilledForm),
    SystemMessage(NewSystemMessage),
    Custom(NewCustom),
}

impl NewEvent {
    /// A plain text message.
    pub fn message(text: impl Into<String>) -> NewEvent {
        NewEvent::Message(NewMessage {
            text: text.into(),
            ..Default::default()
        })
    }

    /// A file previously uploaded with `uploadFile`.
    pub fn file(url: impl Into<String>) -> NewEvent {
        NewEvent::File(NewFile {
            url: url.into(),
            ..Default::default()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMessage {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postback: Option<MessagePostback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewFile {
    /// The URL returned by `uploadFile`.
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewFilledForm {
    pub form_id: String,
    pub fields: Vec<FilledFormField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSystemMessage {
    pub text: String,
    pub system_message_type: String,
    /// `"all"` (default) or `"agents"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCustom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}
