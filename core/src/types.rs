//! The SDK's data shapes: what a host passes to methods and receives from them and from events.
//!
//! Field names are Rust snake_case; serde renders them as the camelCase JSON of the public docs
//! (`chatId`, `createdAt`, ...). Shapes follow what the reference client hands to its host
//! (`client-behavior.md` §4): timestamps stay RFC 3339 strings, properties stay raw JSON values.
//! Conversions from and to the wire live in `core::convert`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Properties: namespace -> property name -> JSON value (`{"routing": {"transcript_email": "..."}}`).
pub type Properties = HashMap<String, HashMap<String, Value>>;

/// Properties to delete: namespace -> property names (`{"routing": ["transcript_email"]}`).
pub type PropertyNames = HashMap<String, Vec<String>>;

/// Customer session fields: key -> value, strings only.
pub type SessionFields = HashMap<String, String>;

/// Group id -> availability, the result of `listGroupStatuses`.
pub type GroupStatuses = HashMap<u32, GroupStatus>;

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// A chat participant, as in `chat.users`, `user_added_to_chat` and `user_data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum User {
    Customer(CustomerUser),
    Agent(AgentUser),
}

impl User {
    pub fn id(&self) -> &str {
        match self {
            User::Customer(customer) => &customer.id,
            User::Agent(agent) => &agent.id,
        }
    }

    /// The same user without `present` (the `user_data` event carries no presence).
    pub fn without_presence(&self) -> User {
        match self {
            User::Customer(customer) => User::Customer(CustomerUser {
                present: None,
                ..customer.clone()
            }),
            User::Agent(agent) => User::Agent(AgentUser {
                present: None,
                ..agent.clone()
            }),
        }
    }
}

/// A customer as a chat user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUser {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default)]
    pub session_fields: SessionFields,
    /// Whether the user is in the chat (absent in `user_data`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

/// An agent as a chat user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentUser {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

/// The current customer (`getCustomer`, `connected.customer`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename = "customer", rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default)]
    pub session_fields: SessionFields,
    #[serde(default)]
    pub statistics: CustomerStatistics,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerStatistics {
    pub chats_count: u64,
    pub threads_count: u64,
    pub visits_count: u64,
    pub page_views_count: u64,
    pub greetings_shown_count: u64,
    pub greetings_accepted_count: u64,
}

/// The `customer_updated` event: only what changed is set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_fields: Option<SessionFields>,
}

// ---------------------------------------------------------------------------------------------
// Chats and threads
// ---------------------------------------------------------------------------------------------

/// Who may see a chat or thread.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<u32>>,
}

/// A queue position. `queued_at` is absent in `queue_position_updated`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queue {
    pub position: u64,
    /// Estimated wait, in seconds.
    pub wait_time: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<String>,
}

/// A chat with (at most) one thread: `getChat`, `incoming_chat`, `startChat`, `resumeChat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chat {
    pub id: String,
    pub access: Access,
    pub users: Vec<User>,
    pub properties: Properties,
    /// User id -> RFC 3339 time up to which that user has seen the events (None if never).
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    /// The requested (or latest) thread; None when the chat has none.
    pub thread: Option<Thread>,
}

/// The `{chat}` object of `incoming_chat`, `startChat` and `resumeChat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatEnvelope {
    pub chat: Chat,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub id: String,
    pub chat_id: String,
    pub active: bool,
    pub access: Access,
    /// RFC 3339.
    pub created_at: String,
    pub user_ids: Vec<String>,
    pub events: Vec<ChatEvent>,
    pub properties: Properties,
    pub previous_thread_id: Option<String>,
    pub next_thread_id: Option<String>,
    pub queue: Option<Queue>,
}

/// One entry of `listChats`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatSummary {
    pub id: String,
    pub active: bool,
    pub access: Access,
    pub properties: Properties,
    pub users: Vec<User>,
    pub last_thread_id: Option<String>,
    pub last_thread_created_at: Option<String>,
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    /// The most recent event of the chat, if known and of a supported type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event: Option<ChatEvent>,
    /// Event type -> the most recent event of that type (supported types only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_events_per_type: Option<HashMap<String, ChatEvent>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListChatsResult {
    pub chats_summary: Vec<ChatSummary>,
    pub total_chats: u64,
    /// Every distinct user of the summaries.
    pub users: Vec<User>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListThreadsResult {
    pub threads: Vec<Thread>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

/// One step of a `getChatHistory` iterator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryPage {
    /// True when nothing older is left to load.
    pub done: bool,
    pub value: HistoryValue,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryValue {
    /// Threads of this step, oldest first (empty once the history was fully loaded).
    pub threads: Vec<Thread>,
}

// ---------------------------------------------------------------------------------------------
// Events inside chats
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Events a host sends (`sendEvent`, initial events of `startChat` / `resumeChat`)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Greetings, forms, agents, groups, URLs
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Method parameters
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptGreetingParams {
    pub greeting_id: u32,
    pub unique_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelGreetingParams {
    pub unique_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRateParams {
    pub chat_id: String,
    /// Rating properties to remove; `["score"]` when None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeactivateChatParams {
    /// Chat id.
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteChatPropertiesParams {
    /// Chat id.
    pub id: String,
    pub properties: PropertyNames,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteThreadPropertiesParams {
    pub chat_id: String,
    pub thread_id: String,
    pub properties: PropertyNames,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteEventPropertiesParams {
    pub chat_id: String,
    pub thread_id: String,
    pub event_id: String,
    pub properties: PropertyNames,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetChatParams {
    pub chat_id: String,
    /// The latest thread when None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetChatHistoryParams {
    pub chat_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetFormParams {
    pub group_id: u32,
    #[serde(rename = "type")]
    pub kind: FormType,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPredictedAgentParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetUrlInfoParams {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListChatsParams {
    /// A `previousPageId` / `nextPageId` of an earlier call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    /// 1..=25, default 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListGroupStatusesParams {
    /// Every group when None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<u32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListThreadsParams {
    pub chat_id: String,
    /// When set, the other options must be None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortOrder>,
    /// Default 3; not together with `min_events_count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_events_count: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkEventsAsSeenParams {
    pub chat_id: String,
    /// RFC 3339, e.g. an event's `createdAt`.
    pub seen_up_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateChatParams {
    pub chat_id: String,
    pub rating: Rating,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rating {
    /// 0 (bad) or 1 (good).
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Initial thread of `startChat` / `resumeChat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitialThread {
    #[serde(default)]
    pub events: Vec<NewEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartChatData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<InitialThread>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartChatParams {
    /// True when None; false creates an immediately inactive thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuous: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<StartChatData>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeChatData {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<InitialThread>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeChatParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuous: Option<bool>,
    pub chat: ResumeChatData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendEventParams {
    pub chat_id: String,
    pub event: NewEvent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach_to_last_thread: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendRichMessagePostbackParams {
    pub chat_id: String,
    pub thread_id: String,
    pub event_id: String,
    pub postback: Postback,
}

/// A rich message button click (`sendRichMessagePostback`, `incoming_rich_message_postback`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postback {
    /// The button's `postbackId`.
    pub id: String,
    pub toggled: bool,
}

impl Default for Postback {
    fn default() -> Self {
        Postback {
            id: String::new(),
            toggled: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketForm {
    /// The ticket form's id (`getForm({type: 'ticket'})`), may be empty.
    #[serde(default)]
    pub form_id: String,
    pub fields: Vec<FilledFormField>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendTicketFormParams {
    pub filled_form: TicketForm,
    /// The configured group when None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
    /// IANA time zone, e.g. `"Europe/Warsaw"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetCustomerSessionFieldsParams {
    /// Key/value pairs, sent in this order.
    pub session_fields: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetSneakPeekParams {
    pub chat_id: String,
    pub sneak_peek_text: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateChatPropertiesParams {
    /// Chat id.
    pub id: String,
    pub properties: Properties,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateThreadPropertiesParams {
    pub chat_id: String,
    pub thread_id: String,
    pub properties: Properties,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateEventPropertiesParams {
    pub chat_id: String,
    pub thread_id: String,
    pub event_id: String,
    pub properties: Properties,
}
