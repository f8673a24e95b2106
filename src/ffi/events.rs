//! `ChatEvent`: the documented SDK events as one typed enum (not JSON strings), one variant per
//! event name, converted from `core::Event`.

/// One event emitted by the SDK. `name()` gives the docs' event name (`"incoming_event"`, ...).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ChatEvent {
    /// `customer_id`: the customer id, known once the first token arrives.
    CustomerId { id: String },
    /// `disconnected`: `reason` is the docs' spelling (`"access_token_expired"`, ...).
    Disconnected { reason: String },
    /// `connection_unstable`.
    ConnectionUnstable,
    /// `connection_recovered`.
    ConnectionRecovered,
}
