//! Server frames -> host events. Scaffold: filled in by the API-surface work.

use serde_json::Value;

use crate::core::error::Result;
use crate::core::events::Event;

/// The login response -> the `connected` event (and anything else a login reveals).
pub(crate) fn login_events(_login_response: &Value) -> Result<Vec<Event>> {
    Ok(Vec::new())
}

/// One push frame (`action`, `payload`) -> the host events it produces. Pushes the engine
/// handles itself (`customer_disconnected`, `customer_side_storage_updated`) never reach here.
/// A push that cannot be understood yields no event (and is logged), never an error to a caller.
pub(crate) fn push_events(_action: &str, _payload: &Value) -> Vec<Event> {
    Vec::new()
}
