//! Server frames -> host events: the login response and pushes (`client-behavior.md` §4.12, §4.13, §5).

use serde_json::Value;

use super::decode::{self, *};
use super::reader::{obj, Obj};
use crate::error::Result;
use crate::events::*;
use crate::types::*;

/// The login response -> the `connected` event (and anything else a login reveals).
pub(crate) fn login_events(login_response: &Value) -> Result<Vec<Event>> {
    let info = decode::login(login_response)?;
    Ok(vec![Event::Connected(info.connected)])
}

/// One push frame (`action`, `payload`) -> the host events it produces, in emission order
/// (`user_data` before `incoming_chat` / `user_added_to_chat`). Pushes the engine handles itself
/// (`customer_disconnected`, `customer_side_storage_updated`) never reach here. A push that cannot be
/// understood yields no event (and is logged), never an error to a caller.
pub(crate) fn push_events(action: &str, payload: &Value) -> Vec<Event> {
    match push(action, payload) {
        Ok(events) => events,
        Err(err) => {
            tracing::warn!("dropping a malformed `{action}` push: {err}");
            Vec::new()
        }
    }
}

/// One push -> the host events it produces, in order. Errors mean a malformed push.
pub(crate) fn push(action: &str, payload: &Value) -> Result<Vec<Event>> {
    let p = obj(payload, "push")?;
    let chat_id = || p.str("chat_id");
    let thread_id = || p.str("thread_id");
    let events = match action {
        "chat_deactivated" => vec![Event::ChatDeactivated {
            chat_id: chat_id()?,
        }],
        "chat_properties_deleted" => vec![Event::ChatPropertiesDeleted {
            chat_id: chat_id()?,
            properties: property_names(p.get("properties")),
        }],
        "chat_properties_updated" => vec![Event::ChatPropertiesUpdated {
            chat_id: chat_id()?,
            properties: properties(p.get("properties")),
        }],
        "chat_transferred" => {
            let to = p.object("transferred_to", "transferred_to")?;
            let reason = p.str_or_default("reason");
            vec![Event::ChatTransferred(ChatTransferred {
                chat_id: chat_id()?,
                thread_id: p.opt_str("thread_id"),
                requester_id: if reason == "manual" {
                    p.opt_str("requester_id")
                } else {
                    None
                },
                reason,
                transferred_to: TransferredTo {
                    agent_ids: to.truthy("agent_ids").map(|_| to.strings("agent_ids")),
                    group_ids: to
                        .truthy("group_ids")
                        .and_then(|_| to.opt_u32s("group_ids")),
                },
                queue: p.get("queue").map(|q| queue(q, true)).transpose()?,
            })]
        }
        "customer_page_updated" => vec![Event::CustomerPageUpdated(CustomerPageUpdated {
            url: p.str_or_default("url"),
            title: p.opt_str("title"),
            opened_at: p.str_or_default("opened_at"),
        })],
        "customer_updated" => vec![Event::CustomerUpdated(customer_update(payload)?)],
        "event_properties_deleted" => vec![Event::EventPropertiesDeleted {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            event_id: p.str("event_id")?,
            properties: property_names(p.get("properties")),
        }],
        "event_properties_updated" => vec![Event::EventPropertiesUpdated {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            event_id: p.str("event_id")?,
            properties: properties(p.get("properties")),
        }],
        "event_updated" => {
            let thread_id = thread_id()?;
            let event = p.get("event").ok_or_else(|| p.missing("event"))?;
            vec![Event::EventUpdated {
                chat_id: chat_id()?,
                event: event_lenient(event, Some(&thread_id)),
                thread_id,
            }]
        }
        "events_marked_as_seen" => vec![Event::EventsMarkedAsSeen {
            chat_id: chat_id()?,
            user_id: p.str("user_id")?,
            seen_up_to: p.str_or_default("seen_up_to"),
        }],
        "greeting_accepted" => vec![Event::GreetingAccepted {
            unique_id: p.str("unique_id")?,
        }],
        "greeting_canceled" => vec![Event::GreetingCanceled {
            unique_id: p.str("unique_id")?,
        }],
        "incoming_chat" => {
            let envelope = chat_envelope(payload)?;
            let mut events: Vec<Event> = envelope
                .chat
                .users
                .iter()
                .map(|u| Event::UserData(u.without_presence()))
                .collect();
            events.push(Event::IncomingChat {
                chat: envelope.chat,
            });
            events
        }
        "incoming_event" => {
            let thread_id = p.opt_str("thread_id");
            let event = p.get("event").ok_or_else(|| p.missing("event"))?;
            match decode::event(event, thread_id.as_deref())? {
                Some(event) => vec![Event::IncomingEvent {
                    chat_id: chat_id()?,
                    event,
                }],
                None => Vec::new(),
            }
        }
        "incoming_greeting" => vec![Event::IncomingGreeting(greeting(payload)?)],
        "incoming_rich_message_postback" => {
            let postback = p.object("postback", "postback")?;
            vec![Event::IncomingRichMessagePostback {
                user_id: p.str("user_id")?,
                chat_id: chat_id()?,
                thread_id: p.str_or_default("thread_id"),
                event_id: p.str("event_id")?,
                postback: Postback {
                    id: postback.str_or_default("id"),
                    toggled: postback.bool_or("toggled", false),
                },
            }]
        }
        "incoming_typing_indicator" => {
            let indicator = p.object("typing_indicator", "typing_indicator")?;
            vec![Event::IncomingTypingIndicator {
                chat_id: chat_id()?,
                typing_indicator: TypingIndicator {
                    author_id: indicator.str("author_id")?,
                    is_typing: indicator.bool_or("is_typing", false),
                },
            }]
        }
        "queue_position_updated" => vec![Event::QueuePositionUpdated {
            chat_id: chat_id()?,
            thread_id: p.str_or_default("thread_id"),
            queue: queue(p.get("queue").ok_or_else(|| p.missing("queue"))?, false)?,
        }],
        "thread_properties_deleted" => vec![Event::ThreadPropertiesDeleted {
            chat_id: chat_id()?,
            thread_id: thread_id()?,
            properties: property_names(p.get("properties")),
        }],
        "thread_properties_updated" => {
            let chat_id = chat_id()?;
            let thread_id = thread_id()?;
            let props = p.object("properties", "properties")?;
            let mut events = Vec::new();
            // The legacy queue position travels as lc2 thread properties; announced first.
            if let Some(lc2) = props.opt_object("lc2", "lc2") {
                if lc2.has("queue_pos") {
                    events.push(Event::QueuePositionUpdated {
                        chat_id: chat_id.clone(),
                        thread_id: thread_id.clone(),
                        queue: Queue {
                            position: lc2.u64_or_zero("queue_pos"),
                            wait_time: lc2.u64_or_zero("queue_waiting_time"),
                            queued_at: None,
                        },
                    });
                }
            }
            events.push(Event::ThreadPropertiesUpdated {
                chat_id,
                thread_id,
                properties: properties(p.get("properties")),
            });
            events
        }
        "user_added_to_chat" => {
            let user = user(p.get("user").ok_or_else(|| p.missing("user"))?)?;
            let present = match &user {
                User::Customer(c) => c.present,
                User::Agent(a) => a.present,
            }
            .or_else(|| p.opt_bool("present"))
            .unwrap_or(false);
            vec![
                Event::UserData(user.without_presence()),
                Event::UserAddedToChat {
                    chat_id: chat_id()?,
                    user,
                    present,
                },
            ]
        }
        "user_removed_from_chat" => vec![Event::UserRemovedFromChat {
            chat_id: chat_id()?,
            user_id: p.str("user_id")?,
        }],
        "incoming_multicast" => multicast_availability(&p).into_iter().collect(),
        _ => Vec::new(),
    };
    Ok(events)
}

/// `availability_updated` from an lc2 `groups_update` multicast: offline when the first group is.
fn multicast_availability(p: &Obj<'_>) -> Option<Event> {
    if p.opt_str("type").as_deref() != Some("lc2") {
        return None;
    }
    let content = p.opt_object("content", "content")?;
    if content.opt_str("name").as_deref() != Some("groups_update") {
        return None;
    }
    let first = content.opt_array("groups")?.first()?;
    let status = obj(first, "group").ok()?.opt_str("status");
    Some(Event::AvailabilityUpdated {
        availability: if status.as_deref() == Some("offline") {
            Availability::Offline
        } else {
            Availability::Online
        },
    })
}
