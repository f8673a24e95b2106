//! The Customer Chat API v3.3 on the wire: the one place that knows its JSON.
//!
//! `requests`: SDK -> wire, every outgoing payload (`client-behavior.md` §3, the login §6.4).
//! `decode`: wire -> SDK types, as the reference client converts (`client-behavior.md` §4). Missing
//! required fields give `BAD_RESPONSE`, never a panic; unsupported event types give `None`.
//! `pushes`: push frames -> host events. Here: the frame envelope (request ids, error objects,
//! which requests a push settles).

pub(crate) mod decode;
mod decode_events;
pub(crate) mod pushes;
mod reader;
pub(crate) mod requests;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::error::Error;

/// Requests answered by a push that carries their `request_id` (client-behavior §2.5).
const PUSH_SETTLED: &[(&str, &str)] = &[
    ("start_chat", "incoming_chat"),
    ("resume_chat", "incoming_chat"),
    ("send_event", "incoming_event"),
    ("deactivate_chat", "chat_deactivated"),
];

/// Whether a successful `request` is settled by a push (not by its response).
pub(crate) fn settled_by_push(request: &str) -> bool {
    PUSH_SETTLED.iter().any(|(action, _)| *action == request)
}

/// Whether `push` settles a pending `request` that carries its `request_id`.
pub(crate) fn settles(push: &str, request: &str) -> bool {
    PUSH_SETTLED
        .iter()
        .any(|(r, p)| *r == request && *p == push)
}

/// Our request ids are decimal counters; anything else is not ours.
pub(crate) fn request_id_of(value: &Value) -> Option<u64> {
    value.as_str().and_then(|s| s.parse().ok())
}

/// The error of a failed response (`payload.error.{type,message}`).
pub(crate) fn response_error(payload: &Value) -> Error {
    decode::wire_error(payload)
        .unwrap_or_else(|| Error::bad_response("A failed response without a typed error object."))
}
