//! What the lookup methods return: greetings, forms, predicted agents, group statuses, URL info, uploads, tickets.

use serde::{Deserialize, Serialize};

use super::*;

/// A greeting (chat invitation): `incoming_greeting` and `connected.greeting`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Greeting {
    /// Greeting template id (`greetingId` of `acceptGreeting`).
    pub id: u32,
    pub unique_id: String,
    /// The greeting's text (the text of its message event, or of its rich message's first title).
    pub text: String,
    pub displayed_first_time: bool,
    pub accepted: bool,
    /// `"greeting"` unless the server says otherwise (e.g. `"announcement"`).
    pub subtype: String,
    pub addon: Option<String>,
    pub event: Option<ChatEvent>,
    pub agent: GreetingAgent,
}

/// An agent with its bot flag (greetings, predicted agent).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename = "agent", rename_all = "camelCase")]
pub struct GreetingAgent {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default)]
    pub is_bot: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PredictedAgent {
    pub agent: GreetingAgent,
    /// True when the group reached its concurrent chat limit (a chat would be queued).
    pub queue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormType {
    Prechat,
    Postchat,
    Ticket,
}

impl FormType {
    pub fn as_str(self) -> &'static str {
        match self {
            FormType::Prechat => "prechat",
            FormType::Postchat => "postchat",
            FormType::Ticket => "ticket",
        }
    }
}

/// Result of `getForm`: `form` only when `enabled`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormResult {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Form>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    pub id: String,
    pub fields: Vec<FormField>,
}

/// A form field template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    /// `header`, `name`, `email`, `question`, `textarea`, `subject`, `radio`, `select`, `checkbox`,
    /// `group_chooser`, `rating`...
    #[serde(rename = "type")]
    pub kind: String,
    /// Ticket-form fields without an id get their index ("0", "1", ...).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<FormChoice>>,
    /// `rating` fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    Online,
    Offline,
    /// Online, but new chats are queued.
    OnlineForQueue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Online,
    Offline,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Online => "online",
            Availability::Offline => "offline",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UrlInfo {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_height: Option<u32>,
}

/// The `{success: true}` that most requests resolve with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Success {
    pub success: bool,
}

impl Success {
    pub const TRUE: Success = Success { success: true };
}

/// Result of `uploadFile`: a URL to send in a `file` event (expires after 24 h unless used).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UploadedFile {
    pub url: String,
}

/// Result of `sendTicketForm`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ticket {
    /// The created ticket's id.
    pub id: String,
    /// The ticket message built from the form's answers.
    pub text: String,
}
