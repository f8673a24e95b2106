//! The RTM frame envelope (`{"version"?, "action", "type", "request_id"?, ...}`) of pushes and
//! responses, as text ready for a WebSocket.

use crate::error::ApiError;
use serde_json::{json, Value};

/// A push frame; `request_id` only on the copy for the requesting connection.
pub fn push_frame(action: &str, payload: &Value, request_id: Option<&Value>) -> String {
    let mut f = json!({ "version": "3.3", "action": action, "type": "push", "payload": payload });
    if let Some(r) = request_id {
        f["request_id"] = r.clone();
    }
    f.to_string()
}

/// A response frame echoing `action` and `request_id`.
pub fn response_frame(
    action: &str,
    request_id: Option<&Value>,
    result: &Result<Value, ApiError>,
) -> String {
    let mut f = match result {
        Ok(p) => json!({ "action": action, "type": "response", "success": true, "payload": p }),
        Err(e) => {
            json!({ "action": action, "type": "response", "success": false, "payload": e.body() })
        }
    };
    if let Some(r) = request_id {
        f["request_id"] = r.clone();
    }
    f.to_string()
}
