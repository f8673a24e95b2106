//! Server frames -> host events: the login response and pushes (`client-behavior.md` §4.12, §4.13, §5).

use serde_json::Value;

use crate::error::Result;
use crate::events::Event;
use crate::protocol::decode;

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
    match decode::push(action, payload) {
        Ok(events) => events,
        Err(err) => {
            tracing::warn!("dropping a malformed `{action}` push: {err}");
            Vec::new()
        }
    }
}
