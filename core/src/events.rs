//! Events emitted to the host: the 29 events of the docs with their documented payloads.
//!
//! The connection engine builds the four lifecycle variants (`CustomerId`, `Disconnected`,
//! `ConnectionUnstable`, `ConnectionRecovered`); `core::pushes` builds the others from server frames.

use serde::{Deserialize, Serialize};

use crate::reason::DisconnectReason;
use crate::types::{
    Availability, Chat, ChatEvent, Customer, CustomerUpdate, Greeting, Postback, Properties,
    PropertyNames, Queue, User,
};

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `customer_id`: the customer id, known once the first token arrives.
    CustomerId(String),
    /// `disconnected`.
    Disconnected { reason: DisconnectReason },
    /// `connection_unstable`.
    ConnectionUnstable,
    /// `connection_recovered`.
    ConnectionRecovered,
    /// `connected`: every successful login (the first and each reconnect).
    Connected(Connected),
    /// `availability_updated`.
    AvailabilityUpdated { availability: Availability },
    /// `chat_deactivated`: the chat's thread was closed.
    ChatDeactivated { chat_id: String },
    /// `chat_properties_deleted`.
    ChatPropertiesDeleted {
        chat_id: String,
        properties: PropertyNames,
    },
    /// `chat_properties_updated`.
    ChatPropertiesUpdated {
        chat_id: String,
        properties: Properties,
    },
    /// `chat_transferred`.
    ChatTransferred(ChatTransferred),
    /// `customer_page_updated`.
    CustomerPageUpdated(CustomerPageUpdated),
    /// `customer_updated`: only the changed fields are set.
    CustomerUpdated(CustomerUpdate),
    /// `event_properties_deleted`.
    EventPropertiesDeleted {
        chat_id: String,
        thread_id: String,
        event_id: String,
        properties: PropertyNames,
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
        event: Option<ChatEvent>,
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
    /// `incoming_chat`: a chat started or resumed (by someone else than this call's caller).
    IncomingChat { chat: Chat },
    /// `incoming_event`.
    IncomingEvent { chat_id: String, event: ChatEvent },
    /// `incoming_greeting`.
    IncomingGreeting(Greeting),
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
        properties: PropertyNames,
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
    /// `user_data`: a user seen in a chat (without `present`).
    UserData(User),
    /// `user_removed_from_chat`.
    UserRemovedFromChat { chat_id: String, user_id: String },
}

/// The `connected` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connected {
    pub customer: Customer,
    pub availability: Availability,
    /// A greeting shown before the thread started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greeting: Option<Greeting>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatTransferred {
    pub chat_id: String,
    /// Present when the chat is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// `manual`, `inactive`, `assigned`, `unassigned`, `other`.
    pub reason: String,
    /// Only when `reason` is `manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_id: Option<String>,
    pub transferred_to: TransferredTo,
    /// Set when the chat got queued by the transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Queue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferredTo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPageUpdated {
    pub url: String,
    /// None (`null`) for a page without a title.
    pub title: Option<String>,
    /// RFC 3339.
    pub opened_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypingIndicator {
    pub author_id: String,
    pub is_typing: bool,
}

/// The one table of event names, in the docs' (alphabetical) order: `Event::NAMES` (what `on` and
/// `once` accept, besides `"*"`) and `Event::name` are generated from it, and the match is
/// exhaustive, so a new variant cannot miss its name.
macro_rules! event_names {
    ($($variant:ident => $name:literal,)*) => {
        impl Event {
            /// Every documented event name, in the docs' order.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The docs' event name, e.g. `"incoming_event"`.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Event::$variant { .. } => $name,)*
                }
            }
        }
    };
}

event_names! {
    AvailabilityUpdated => "availability_updated",
    ChatDeactivated => "chat_deactivated",
    ChatPropertiesDeleted => "chat_properties_deleted",
    ChatPropertiesUpdated => "chat_properties_updated",
    ChatTransferred => "chat_transferred",
    Connected => "connected",
    ConnectionRecovered => "connection_recovered",
    ConnectionUnstable => "connection_unstable",
    CustomerId => "customer_id",
    CustomerPageUpdated => "customer_page_updated",
    CustomerUpdated => "customer_updated",
    Disconnected => "disconnected",
    EventPropertiesDeleted => "event_properties_deleted",
    EventPropertiesUpdated => "event_properties_updated",
    EventUpdated => "event_updated",
    EventsMarkedAsSeen => "events_marked_as_seen",
    GreetingAccepted => "greeting_accepted",
    GreetingCanceled => "greeting_canceled",
    IncomingChat => "incoming_chat",
    IncomingEvent => "incoming_event",
    IncomingGreeting => "incoming_greeting",
    IncomingRichMessagePostback => "incoming_rich_message_postback",
    IncomingTypingIndicator => "incoming_typing_indicator",
    QueuePositionUpdated => "queue_position_updated",
    ThreadPropertiesDeleted => "thread_properties_deleted",
    ThreadPropertiesUpdated => "thread_properties_updated",
    UserAddedToChat => "user_added_to_chat",
    UserData => "user_data",
    UserRemovedFromChat => "user_removed_from_chat",
}

impl Event {
    /// The documented payload as camelCase JSON (what the JS SDK hands to a listener).
    pub fn payload_json(&self) -> serde_json::Value {
        use serde_json::{json, to_value, Value};
        let value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
        match self {
            Event::CustomerId(id) => json!(id),
            Event::Disconnected { reason } => json!({ "reason": reason.as_str() }),
            Event::ConnectionUnstable | Event::ConnectionRecovered => Value::Null,
            Event::Connected(connected) => value(to_value(connected)),
            Event::AvailabilityUpdated { availability } => {
                json!({ "availability": availability })
            }
            Event::ChatDeactivated { chat_id } => json!({ "chatId": chat_id }),
            Event::ChatPropertiesDeleted {
                chat_id,
                properties,
            } => json!({ "chatId": chat_id, "properties": properties }),
            Event::ChatPropertiesUpdated {
                chat_id,
                properties,
            } => json!({ "chatId": chat_id, "properties": properties }),
            Event::ChatTransferred(transfer) => value(to_value(transfer)),
            Event::CustomerPageUpdated(page) => value(to_value(page)),
            Event::CustomerUpdated(update) => value(to_value(update)),
            Event::EventPropertiesDeleted {
                chat_id,
                thread_id,
                event_id,
                properties,
            } => json!({
                "chatId": chat_id, "threadId": thread_id, "eventId": event_id, "properties": properties
            }),
            Event::EventPropertiesUpdated {
                chat_id,
                thread_id,
                event_id,
                properties,
            } => json!({
                "chatId": chat_id, "threadId": thread_id, "eventId": event_id, "properties": properties
            }),
            Event::EventUpdated {
                chat_id,
                thread_id,
                event,
            } => json!({ "chatId": chat_id, "threadId": thread_id, "event": event }),
            Event::EventsMarkedAsSeen {
                chat_id,
                user_id,
                seen_up_to,
            } => json!({ "chatId": chat_id, "userId": user_id, "seenUpTo": seen_up_to }),
            Event::GreetingAccepted { unique_id } | Event::GreetingCanceled { unique_id } => {
                json!({ "uniqueId": unique_id })
            }
            Event::IncomingChat { chat } => json!({ "chat": chat }),
            Event::IncomingEvent { chat_id, event } => json!({ "chatId": chat_id, "event": event }),
            Event::IncomingGreeting(greeting) => value(to_value(greeting)),
            Event::IncomingRichMessagePostback {
                user_id,
                chat_id,
                thread_id,
                event_id,
                postback,
            } => json!({
                "userId": user_id, "chatId": chat_id, "threadId": thread_id,
                "eventId": event_id, "postback": postback
            }),
            Event::IncomingTypingIndicator {
                chat_id,
                typing_indicator,
            } => json!({ "chatId": chat_id, "typingIndicator": typing_indicator }),
            Event::QueuePositionUpdated {
                chat_id,
                thread_id,
                queue,
            } => json!({ "chatId": chat_id, "threadId": thread_id, "queue": queue }),
            Event::ThreadPropertiesDeleted {
                chat_id,
                thread_id,
                properties,
            } => json!({ "chatId": chat_id, "threadId": thread_id, "properties": properties }),
            Event::ThreadPropertiesUpdated {
                chat_id,
                thread_id,
                properties,
            } => json!({ "chatId": chat_id, "threadId": thread_id, "properties": properties }),
            Event::UserAddedToChat {
                chat_id,
                user,
                present,
            } => json!({ "chatId": chat_id, "user": user, "present": present }),
            Event::UserData(user) => value(to_value(user)),
            Event::UserRemovedFromChat { chat_id, user_id } => {
                json!({ "chatId": chat_id, "userId": user_id })
            }
        }
    }
}
