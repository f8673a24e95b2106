//! `ChatEvent`: the 29 documented SDK events as one typed enum (not JSON strings), one variant
//! per event name with its documented payload as typed fields; converted from `core::Event`.

use std::collections::HashMap;

use crate::json::Properties;
use crate::types::{Availability, Chat, Customer, Event, Greeting, Postback, Queue, User};
use livechat_core as core;

/// One event emitted by the SDK. `name()` (on the client: `ChatClient.event_name`) gives the
/// docs' event name, e.g. `"incoming_event"`, which is also what `on` / `once` filter on.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ChatEvent {
    /// `availability_updated`.
    AvailabilityUpdated { availability: Availability },
    /// `chat_deactivated`: the chat's thread was closed.
    ChatDeactivated { chat_id: String },
    /// `chat_properties_deleted`: namespace -> deleted property names.
    ChatPropertiesDeleted {
        chat_id: String,
        properties: HashMap<String, Vec<String>>,
    },
    /// `chat_properties_updated`.
    ChatPropertiesUpdated {
        chat_id: String,
        properties: Properties,
    },
    /// `chat_transferred`: `reason` is `manual`, `inactive`, `assigned`, `unassigned` or `other`.
    ChatTransferred {
        chat_id: String,
        thread_id: Option<String>,
        reason: String,
        /// Only when `reason` is `manual`.
        requester_id: Option<String>,
        transferred_to: TransferredTo,
        /// Set when the transfer queued the chat.
        queue: Option<Queue>,
    },
    /// `connected`: every successful login (the first and each reconnect).
    Connected {
        customer: Customer,
        availability: Availability,
        greeting: Option<Greeting>,
    },
    /// `connection_recovered`.
    ConnectionRecovered,
    /// `connection_unstable`.
    ConnectionUnstable,
    /// `customer_id`: the customer id, known once the first token arrives.
    CustomerId { id: String },
    /// `customer_page_updated`.
    CustomerPageUpdated {
        url: String,
        title: Option<String>,
        opened_at: String,
    },
    /// `customer_updated`: only the changed fields are set.
    CustomerUpdated {
        id: Option<String>,
        name: Option<String>,
        email: Option<String>,
        avatar: Option<String>,
        session_fields: Option<HashMap<String, String>>,
    },
    /// `disconnected`: `reason` in the docs' spelling (`"access_token_expired"`, ...).
    Disconnected { reason: String },
    /// `event_properties_deleted`.
    EventPropertiesDeleted {
        chat_id: String,
        thread_id: String,
        event_id: String,
        properties: HashMap<String, Vec<String>>,
    },
    /// `event_properties_updated`.
    EventPropertiesUpdated {
        chat_id: String,
        thread_id: String,
        event_id: String,
        properties: Properties,
    },
    /// `event_updated`: the whole updated event (None when its type is not supported).
    EventUpdated {
        chat_id: String,
        thread_id: String,
        event: Option<Event>,
    },
    /// `events_marked_as_seen`.
    EventsMarkedAsSeen {
        chat_id: String,
        user_id: String,
        seen_up_to: String,
    },
    /// `greeting_accepted`.
    GreetingAccepted { unique_id: String },
    /// `greeting_canceled`.
    GreetingCanceled { unique_id: String },
    /// `incoming_chat`: a chat started or resumed.
    IncomingChat { chat: Chat },
    /// `incoming_event`: a new event in a chat.
    IncomingEvent { chat_id: String, event: Event },
    /// `incoming_greeting`.
    IncomingGreeting { greeting: Greeting },
    /// `incoming_rich_message_postback`.
    IncomingRichMessagePostback {
        user_id: String,
        chat_id: String,
        thread_id: String,
        event_id: String,
        postback: Postback,
    },
    /// `incoming_typing_indicator`.
    IncomingTypingIndicator {
        chat_id: String,
        typing_indicator: TypingIndicator,
    },
    /// `queue_position_updated` (`queue.queued_at` is None here).
    QueuePositionUpdated {
        chat_id: String,
        thread_id: String,
        queue: Queue,
    },
    /// `thread_properties_deleted`.
    ThreadPropertiesDeleted {
        chat_id: String,
        thread_id: String,
        properties: HashMap<String, Vec<String>>,
    },
    /// `thread_properties_updated`.
    ThreadPropertiesUpdated {
        chat_id: String,
        thread_id: String,
        properties: Properties,
    },
    /// `user_added_to_chat`.
    UserAddedToChat {
        chat_id: String,
        user: User,
        present: bool,
    },
    /// `user_data`: a user seen in a chat.
    UserData { user: User },
    /// `user_removed_from_chat`.
    UserRemovedFromChat { chat_id: String, user_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TransferredTo {
    pub agent_ids: Option<Vec<String>>,
    pub group_ids: Option<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TypingIndicator {
    pub author_id: String,
    pub is_typing: bool,
}

impl From<core::Event> for ChatEvent {
    fn from(event: core::Event) -> Self {
        use core::Event as E;
        match event {
            E::AvailabilityUpdated { availability } => ChatEvent::AvailabilityUpdated {
                availability: availability.into(),
            },
            E::ChatDeactivated { chat_id } => ChatEvent::ChatDeactivated { chat_id },
            E::ChatPropertiesDeleted {
                chat_id,
                properties,
            } => ChatEvent::ChatPropertiesDeleted {
                chat_id,
                properties,
            },
            E::ChatPropertiesUpdated {
                chat_id,
                properties,
            } => ChatEvent::ChatPropertiesUpdated {
                chat_id,
                properties: properties.into(),
            },
            E::ChatTransferred(t) => ChatEvent::ChatTransferred {
                chat_id: t.chat_id,
                thread_id: t.thread_id,
                reason: t.reason,
                requester_id: t.requester_id,
                transferred_to: TransferredTo {
                    agent_ids: t.transferred_to.agent_ids,
                    group_ids: t.transferred_to.group_ids,
                },
                queue: t.queue.map(Into::into),
            },
            E::Connected(c) => ChatEvent::Connected {
                customer: c.customer.into(),
                availability: c.availability.into(),
                greeting: c.greeting.map(Into::into),
            },
            E::ConnectionRecovered => ChatEvent::ConnectionRecovered,
            E::ConnectionUnstable => ChatEvent::ConnectionUnstable,
            E::CustomerId(id) => ChatEvent::CustomerId { id },
            E::CustomerPageUpdated(p) => ChatEvent::CustomerPageUpdated {
                url: p.url,
                title: p.title,
                opened_at: p.opened_at,
            },
            E::CustomerUpdated(u) => ChatEvent::CustomerUpdated {
                id: u.id,
                name: u.name,
                email: u.email,
                avatar: u.avatar,
                session_fields: u.session_fields,
            },
            E::Disconnected { reason } => ChatEvent::Disconnected {
                reason: reason.as_str().to_owned(),
            },
            E::EventPropertiesDeleted {
                chat_id,
                thread_id,
                event_id,
                properties,
            } => ChatEvent::EventPropertiesDeleted {
                chat_id,
                thread_id,
                event_id,
                properties,
            },
            E::EventPropertiesUpdated {
                chat_id,
                thread_id,
                event_id,
                properties,
            } => ChatEvent::EventPropertiesUpdated {
                chat_id,
                thread_id,
                event_id,
                properties: properties.into(),
            },
            E::EventUpdated {
                chat_id,
                thread_id,
                event,
            } => ChatEvent::EventUpdated {
                chat_id,
                thread_id,
                event: event.map(Into::into),
            },
            E::EventsMarkedAsSeen {
                chat_id,
                user_id,
                seen_up_to,
            } => ChatEvent::EventsMarkedAsSeen {
                chat_id,
                user_id,
                seen_up_to,
            },
            E::GreetingAccepted { unique_id } => ChatEvent::GreetingAccepted { unique_id },
            E::GreetingCanceled { unique_id } => ChatEvent::GreetingCanceled { unique_id },
            E::IncomingChat { chat } => ChatEvent::IncomingChat { chat: chat.into() },
            E::IncomingEvent { chat_id, event } => ChatEvent::IncomingEvent {
                chat_id,
                event: event.into(),
            },
            E::IncomingGreeting(greeting) => ChatEvent::IncomingGreeting {
                greeting: greeting.into(),
            },
            E::IncomingRichMessagePostback {
                user_id,
                chat_id,
                thread_id,
                event_id,
                postback,
            } => ChatEvent::IncomingRichMessagePostback {
                user_id,
                chat_id,
                thread_id,
                event_id,
                postback: postback.into(),
            },
            E::IncomingTypingIndicator {
                chat_id,
                typing_indicator,
            } => ChatEvent::IncomingTypingIndicator {
                chat_id,
                typing_indicator: TypingIndicator {
                    author_id: typing_indicator.author_id,
                    is_typing: typing_indicator.is_typing,
                },
            },
            E::QueuePositionUpdated {
                chat_id,
                thread_id,
                queue,
            } => ChatEvent::QueuePositionUpdated {
                chat_id,
                thread_id,
                queue: queue.into(),
            },
            E::ThreadPropertiesDeleted {
                chat_id,
                thread_id,
                properties,
            } => ChatEvent::ThreadPropertiesDeleted {
                chat_id,
                thread_id,
                properties,
            },
            E::ThreadPropertiesUpdated {
                chat_id,
                thread_id,
                properties,
            } => ChatEvent::ThreadPropertiesUpdated {
                chat_id,
                thread_id,
                properties: properties.into(),
            },
            E::UserAddedToChat {
                chat_id,
                user,
                present,
            } => ChatEvent::UserAddedToChat {
                chat_id,
                user: user.into(),
                present,
            },
            E::UserData(user) => ChatEvent::UserData { user: user.into() },
            E::UserRemovedFromChat { chat_id, user_id } => {
                ChatEvent::UserRemovedFromChat { chat_id, user_id }
            }
        }
    }
}

/// Every documented event name, in the docs' order (what `on` / `once` accept, besides `"*"`).
#[uniffi::export]
pub fn event_names() -> Vec<String> {
    core::Event::NAMES
        .iter()
        .map(|name| (*name).to_owned())
        .collect()
}
