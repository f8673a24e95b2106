//! Agent Chat API v3.3 Web subset (endpoint in `http::agent_api`): each action changes the state
//! and sends the customer pushes the real service would. `handle` dispatches; each module holds one
//! family of actions.

pub mod chats;
pub mod customers;
pub mod events;
pub mod members;
pub mod routing_status;

use crate::chat::lookup::{get_chat, Actor};
use crate::chat::properties::properties;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::{json, Value};

/// Runs agent action `action` as `agent_id` (under the state lock).
pub fn handle(st: &mut State, agent_id: &str, action: &str, payload: &Value) -> ApiResult {
    let args = Args::new(payload)?;
    let me = Actor::Agent(agent_id);
    match action {
        "send_event" => events::send_event(st, agent_id, &args),
        "start_chat" | "resume_chat" => {
            chats::start_or_resume(st, agent_id, action == "resume_chat", &args)
        }
        "deactivate_chat" => chats::deactivate_chat(st, agent_id, &args),
        "transfer_chat" => members::transfer(st, agent_id, &args),
        "add_user_to_chat" => members::add_user(st, agent_id, &args),
        "remove_user_from_chat" => members::remove_user(st, agent_id, &args),
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => properties(st, me, action, &args),
        "send_typing_indicator" => events::send_typing_indicator(st, agent_id, &args),
        "mark_events_as_seen" => events::mark_events_as_seen(st, agent_id, &args),
        "ban_customer" => customers::ban_customer(st, &args),
        "set_routing_status" => routing_status::set_routing_status(st, agent_id, &args),
        "list_chats" => chats::list_chats(st, agent_id, &args),
        "get_chat" => {
            let mut v = get_chat(st, &args, me, None)?;
            v["is_followed"] = json!(false);
            Ok(v)
        }
        "list_threads" => chats::list_threads(st, agent_id, &args),
        "get_customer" => customers::get_customer(st, &args),
        _ => Err(ApiError::not_found("Action")),
    }
}
