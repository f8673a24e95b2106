//! Events emitted to the host (the 29 events of the docs). Scaffold: the lifecycle variants the
//! connection engine emits; the API-surface work adds the others with their documented payloads.

use crate::core::reason::DisconnectReason;

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
}

impl Event {
    /// The docs' event name, e.g. `"incoming_event"`.
    pub fn name(&self) -> &'static str {
        match self {
            Event::CustomerId(_) => "customer_id",
            Event::Disconnected { .. } => "disconnected",
            Event::ConnectionUnstable => "connection_unstable",
            Event::ConnectionRecovered => "connection_recovered",
        }
    }
}
