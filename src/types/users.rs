//! Users: customers and agents, and customer statistics.

use std::collections::HashMap;

use livechat_core::types as core;

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
