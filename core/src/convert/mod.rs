//! Conversions between the wire (snake_case JSON of the Customer Chat API v3.3) and the SDK types.
//!
//! `incoming`: wire -> SDK, as the reference client converts (`client-behavior.md` §4). Missing
//! required fields give `BAD_RESPONSE`, never a panic; unsupported event types give `None`.
//! `outgoing`: SDK -> wire (`client-behavior.md` §3).

pub(crate) mod incoming;
pub(crate) mod outgoing;
mod reader;

#[cfg(test)]
mod tests;
