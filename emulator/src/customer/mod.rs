//! Customer Chat API actions with real state, shared by RTM (`crate::rtm`) and the Web API
//! (`http::customer_web`). `handle` dispatches; each module holds one family of actions.

mod caller;
pub mod chats;
pub mod events;
pub mod greetings;
pub mod license_info;
pub mod login;
pub mod profile;

pub use caller::Ctx;

use crate::auth::not_banned;
use crate::chat::lookup::get_chat;
use crate::chat::properties::properties;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::Value;

/// Every customer action except `login` and `ping` (connection-level, see `rtm`).
pub const ACTIONS: &[&str] = &[
    "list_chats",
    "list_threads",
    "get_chat",
    "start_chat",
    "resume_chat",
    "deactivate_chat",
    "send_event",
    "send_rich_message_postback",
    "send_sneak_peek",
    "update_chat_properties",
    "delete_chat_properties",
    "update_thread_properties",
    "delete_thread_properties",
    "update_event_properties",
    "delete_event_properties",
    "update_customer",
    "update_customer_page",
    "set_customer_session_fields",
    "get_customer",
    "list_group_statuses",
    "get_form",
    "get_predicted_agent",
    "get_url_info",
    "mark_events_as_seen",
    "accept_greeting",
    "cancel_greeting",
];

/// Runs customer action `action` for `ctx` (under the state lock).
pub fn handle(st: &mut State, ctx: &Ctx, action: &str, payload: &Value) -> ApiResult<Value> {
    let args = Args::new(payload)?;
    not_banned(st, ctx.customer_id)?;
    match action {
        "list_chats" => chats::list_chats(st, ctx, &args),
        "list_threads" => chats::list_threads(st, ctx, &args),
        "get_chat" => get_chat(st, &args, ctx.actor(), Some(ctx.customer_id)),
        "start_chat" => chats::start_chat(st, ctx, &args),
        "resume_chat" => chats::resume_chat(st, ctx, &args),
        "deactivate_chat" => chats::deactivate_chat(st, ctx, &args),
        "send_event" => events::send_event(st, ctx, &args),
        "send_rich_message_postback" => events::postback(st, ctx, &args),
        "send_sneak_peek" => events::sneak_peek(st, ctx, &args),
        "mark_events_as_seen" => events::mark_events_as_seen(st, ctx, &args),
        "update_chat_properties"
        | "delete_chat_properties"
        | "update_thread_properties"
        | "delete_thread_properties"
        | "update_event_properties"
        | "delete_event_properties" => properties(st, ctx.actor(), action, &args),
        "update_customer" => profile::update_customer(st, ctx, &args),
        "set_customer_session_fields" => profile::set_session_fields(st, ctx, &args),
        "update_customer_page" => profile::update_page(st, ctx, &args),
        "get_customer" => Ok(profile::get_customer(st, ctx)),
        "list_group_statuses" => license_info::list_group_statuses(st, ctx, &args),
        "get_form" => license_info::get_form(st, ctx, &args),
        "get_predicted_agent" => {
            let gid = args.opt_u64("group_id")?.unwrap_or(ctx.group_id);
            license_info::predicted_agent(st, ctx.license_id, gid)
        }
        "get_url_info" => license_info::url_info(st, &args),
        "accept_greeting" => greetings::accept(st, ctx, &args),
        "cancel_greeting" => greetings::cancel(st, ctx, &args),
        _ => Err(ApiError::validation(format!("Unknown action `{action}`"))),
    }
}
