//! Greetings, predicted agents, forms, group statuses, URL info, uploads, tickets, postbacks.

use livechat_core::types as core;

use super::*;

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
