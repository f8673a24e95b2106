//! The SDK's data types as UniFFI records and enums (value types: nothing to close), with `From`
//! conversions to and from `core::types`. Names avoid the known host-language collisions: no
//! `Thread` (Foundation / java.lang), no enum variant named like a record, no `type` / `default`
//! fields (Swift keywords): `kind` and `standard` are used instead.

use std::collections::HashMap;

use crate::json::{JsonValue, Properties};
use livechat_core::types as core;

// ----- users --------------------------------------------------------------------------------

/// A chat participant: a customer or an agent.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum User {
    CustomerUser {
        id: String,
        name: Option<String>,
        email: Option<String>,
        avatar: Option<String>,
        session_fields: HashMap<String, String>,
        /// Presence in the chat, where the server reports it.
        present: Option<bool>,
    },
    AgentUser {
        id: String,
        name: String,
        avatar: Option<String>,
        job_title: Option<String>,
        present: Option<bool>,
    },
}

impl From<core::User> for User {
    fn from(user: core::User) -> Self {
        match user {
            core::User::Customer(c) => User::CustomerUser {
                id: c.id,
                name: c.name,
                email: c.email,
                avatar: c.avatar,
                session_fields: c.session_fields,
                present: c.present,
            },
            core::User::Agent(a) => User::AgentUser {
                id: a.id,
                name: a.name,
                avatar: a.avatar,
                job_title: a.job_title,
                present: a.present,
            },
        }
    }
}

/// The current customer (`getCustomer`, `connected`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Customer {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub avatar: Option<String>,
    pub session_fields: HashMap<String, String>,
    pub statistics: CustomerStatistics,
}

impl From<core::Customer> for Customer {
    fn from(c: core::Customer) -> Self {
        Customer {
            id: c.id,
            name: c.name,
            email: c.email,
            avatar: c.avatar,
            session_fields: c.session_fields,
            statistics: c.statistics.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CustomerStatistics {
    pub chats_count: u64,
    pub threads_count: u64,
    pub visits_count: u64,
    pub page_views_count: u64,
    pub greetings_shown_count: u64,
    pub greetings_accepted_count: u64,
}

impl From<core::CustomerStatistics> for CustomerStatistics {
    fn from(s: core::CustomerStatistics) -> Self {
        CustomerStatistics {
            chats_count: s.chats_count,
            threads_count: s.threads_count,
            visits_count: s.visits_count,
            page_views_count: s.page_views_count,
            greetings_shown_count: s.greetings_shown_count,
            greetings_accepted_count: s.greetings_accepted_count,
        }
    }
}

// ----- chats and threads --------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct Access {
    #[uniffi(default)]
    pub group_ids: Option<Vec<u32>>,
}

impl From<core::Access> for Access {
    fn from(a: core::Access) -> Self {
        Access {
            group_ids: a.group_ids,
        }
    }
}

impl From<Access> for core::Access {
    fn from(a: Access) -> Self {
        core::Access {
            group_ids: a.group_ids,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Queue {
    pub position: u64,
    /// Estimated wait in seconds.
    pub wait_time: u64,
    /// RFC 3339; absent in `queue_position_updated`.
    pub queued_at: Option<String>,
}

impl From<core::Queue> for Queue {
    fn from(q: core::Queue) -> Self {
        Queue {
            position: q.position,
            wait_time: q.wait_time,
            queued_at: q.queued_at,
        }
    }
}

/// A chat with one thread (`getChat`, `startChat`, `resumeChat`, `incoming_chat`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Chat {
    pub id: String,
    pub access: Access,
    pub users: Vec<User>,
    pub properties: Properties,
    /// User id -> RFC 3339 time up to which they have seen events (None: nothing seen).
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    pub thread: Option<ChatThread>,
}

impl From<core::Chat> for Chat {
    fn from(c: core::Chat) -> Self {
        Chat {
            id: c.id,
            access: c.access.into(),
            users: convert_all(c.users),
            properties: c.properties.into(),
            events_seen_up_to_map: c.events_seen_up_to_map,
            thread: c.thread.map(Into::into),
        }
    }
}

/// A thread of a chat (the docs' "thread").
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatThread {
    pub id: String,
    pub chat_id: String,
    pub active: bool,
    pub access: Access,
    /// RFC 3339.
    pub created_at: String,
    pub user_ids: Vec<String>,
    pub events: Vec<Event>,
    pub properties: Properties,
    pub previous_thread_id: Option<String>,
    pub next_thread_id: Option<String>,
    pub queue: Option<Queue>,
}

impl From<core::Thread> for ChatThread {
    fn from(t: core::Thread) -> Self {
        ChatThread {
            id: t.id,
            chat_id: t.chat_id,
            active: t.active,
            access: t.access.into(),
            created_at: t.created_at,
            user_ids: t.user_ids,
            events: convert_all(t.events),
            properties: t.properties.into(),
            previous_thread_id: t.previous_thread_id,
            next_thread_id: t.next_thread_id,
            queue: t.queue.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatSummary {
    pub id: String,
    pub active: bool,
    pub access: Access,
    pub properties: Properties,
    pub users: Vec<User>,
    pub last_thread_id: Option<String>,
    pub last_thread_created_at: Option<String>,
    pub events_seen_up_to_map: HashMap<String, Option<String>>,
    pub last_event: Option<Event>,
    /// Event type (`"message"`, ...) -> the chat's last event of that type.
    pub last_events_per_type: Option<HashMap<String, Event>>,
}

impl From<core::ChatSummary> for ChatSummary {
    fn from(s: core::ChatSummary) -> Self {
        ChatSummary {
            id: s.id,
            active: s.active,
            access: s.access.into(),
            properties: s.properties.into(),
            users: convert_all(s.users),
            last_thread_id: s.last_thread_id,
            last_thread_created_at: s.last_thread_created_at,
            events_seen_up_to_map: s.events_seen_up_to_map,
            last_event: s.last_event.map(Into::into),
            last_events_per_type: s
                .last_events_per_type
                .map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ListChatsResult {
    pub chats_summary: Vec<ChatSummary>,
    pub total_chats: u64,
    pub users: Vec<User>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

impl From<core::ListChatsResult> for ListChatsResult {
    fn from(r: core::ListChatsResult) -> Self {
        ListChatsResult {
            chats_summary: convert_all(r.chats_summary),
            total_chats: r.total_chats,
            users: convert_all(r.users),
            previous_page_id: r.previous_page_id,
            next_page_id: r.next_page_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ListThreadsResult {
    pub threads: Vec<ChatThread>,
    pub previous_page_id: Option<String>,
    pub next_page_id: Option<String>,
}

impl From<core::ListThreadsResult> for ListThreadsResult {
    fn from(r: core::ListThreadsResult) -> Self {
        ListThreadsResult {
            threads: convert_all(r.threads),
            previous_page_id: r.previous_page_id,
            next_page_id: r.next_page_id,
        }
    }
}

/// One `ChatHistory.next()` result (the docs' `{done, value: {threads}}`, flattened).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HistoryPage {
    /// True on the last page with data and on every call after it.
    pub done: bool,
    /// Older threads, oldest first.
    pub threads: Vec<ChatThread>,
}

impl From<core::HistoryPage> for HistoryPage {
    fn from(p: core::HistoryPage) -> Self {
        HistoryPage {
            done: p.done,
            threads: convert_all(p.value.threads),
        }
    }
}

// ----- chat events (messages, files, ...) ---------------------------------------------------

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

// ----- greetings, agents, forms, groups -----------------------------------------------------

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Greeting {
    pub id: u32,
    pub unique_id: String,
    pub text: String,
    pub displayed_first_time: bool,
    pub accepted: bool,
    pub subtype: String,
    pub addon: Option<String>,
    pub event: Option<Event>,
    pub agent: GreetingAgent,
}

impl From<core::Greeting> for Greeting {
    fn from(g: core::Greeting) -> Self {
        Greeting {
            id: g.id,
            unique_id: g.unique_id,
            text: g.text,
            displayed_first_time: g.displayed_first_time,
            accepted: g.accepted,
            subtype: g.subtype,
            addon: g.addon,
            event: g.event.map(Into::into),
            agent: g.agent.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GreetingAgent {
    pub id: String,
    pub name: String,
    pub avatar: Option<String>,
    pub job_title: Option<String>,
    pub is_bot: bool,
}

impl From<core::GreetingAgent> for GreetingAgent {
    fn from(a: core::GreetingAgent) -> Self {
        GreetingAgent {
            id: a.id,
            name: a.name,
            avatar: a.avatar,
            job_title: a.job_title,
            is_bot: a.is_bot,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PredictedAgent {
    pub agent: GreetingAgent,
    /// True when the group reached its concurrent chat limit.
    pub queue: bool,
}

impl From<core::PredictedAgent> for PredictedAgent {
    fn from(p: core::PredictedAgent) -> Self {
        PredictedAgent {
            agent: p.agent.into(),
            queue: p.queue,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FormType {
    Prechat,
    Postchat,
    Ticket,
}

impl From<FormType> for core::FormType {
    fn from(t: FormType) -> Self {
        match t {
            FormType::Prechat => core::FormType::Prechat,
            FormType::Postchat => core::FormType::Postchat,
            FormType::Ticket => core::FormType::Ticket,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FormResult {
    pub enabled: bool,
    /// Present only when the form is enabled.
    pub form: Option<Form>,
}

impl From<core::FormResult> for FormResult {
    fn from(r: core::FormResult) -> Self {
        FormResult {
            enabled: r.enabled,
            form: r.form.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Form {
    pub id: String,
    pub fields: Vec<FormField>,
}

impl From<core::Form> for Form {
    fn from(f: core::Form) -> Self {
        Form {
            id: f.id,
            fields: convert_all(f.fields),
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FormField {
    pub kind: String,
    pub id: String,
    pub label: Option<String>,
    pub required: Option<bool>,
    pub options: Option<Vec<FormChoice>>,
    pub comment_label: Option<String>,
}

impl From<core::FormField> for FormField {
    fn from(f: core::FormField) -> Self {
        FormField {
            kind: f.kind,
            id: f.id,
            label: f.label,
            required: f.required,
            options: f.options.map(convert_all),
            comment_label: f.comment_label,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum GroupStatus {
    Online,
    Offline,
    OnlineForQueue,
}

impl From<core::GroupStatus> for GroupStatus {
    fn from(s: core::GroupStatus) -> Self {
        match s {
            core::GroupStatus::Online => GroupStatus::Online,
            core::GroupStatus::Offline => GroupStatus::Offline,
            core::GroupStatus::OnlineForQueue => GroupStatus::OnlineForQueue,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Availability {
    Online,
    Offline,
}

impl From<core::Availability> for Availability {
    fn from(a: core::Availability) -> Self {
        match a {
            core::Availability::Online => Availability::Online,
            core::Availability::Offline => Availability::Offline,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UrlInfo {
    pub url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
}

impl From<core::UrlInfo> for UrlInfo {
    fn from(u: core::UrlInfo) -> Self {
        UrlInfo {
            url: u.url,
            title: u.title,
            description: u.description,
            image_url: u.image_url,
            image_width: u.image_width,
            image_height: u.image_height,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UploadedFile {
    /// Send it in a `NewEvent.File` (it expires after 24 h otherwise).
    pub url: String,
}

impl From<core::UploadedFile> for UploadedFile {
    fn from(u: core::UploadedFile) -> Self {
        UploadedFile { url: u.url }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Ticket {
    pub id: String,
    pub text: String,
}

impl From<core::Ticket> for Ticket {
    fn from(t: core::Ticket) -> Self {
        Ticket {
            id: t.id,
            text: t.text,
        }
    }
}

/// A rich message button click (`sendRichMessagePostback`, `incoming_rich_message_postback`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Postback {
    pub id: String,
    #[uniffi(default = true)]
    pub toggled: bool,
}

impl From<core::Postback> for Postback {
    fn from(p: core::Postback) -> Self {
        Postback {
            id: p.id,
            toggled: p.toggled,
        }
    }
}

impl From<Postback> for core::Postback {
    fn from(p: Postback) -> Self {
        core::Postback {
            id: p.id,
            toggled: p.toggled,
        }
    }
}

pub(crate) fn convert_all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(Into::into).collect()
}
