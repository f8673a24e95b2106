//! Who is calling a customer action, and over which RTM connection (none for the Web API).

use crate::chat::lookup::Actor;
use serde_json::Value;

pub struct Ctx<'a> {
    pub customer_id: &'a str,
    pub license_id: u64,
    pub group_id: u64,
    pub conn: Option<u64>,
    pub request_id: Option<&'a Value>,
}

impl<'a> Ctx<'a> {
    /// The requesting connection and request id: the push copy that settles the request carries them.
    pub fn settle(&self) -> Option<(u64, &'a Value)> {
        self.conn.zip(self.request_id)
    }

    pub fn actor(&self) -> Actor<'a> {
        Actor::Customer(self.customer_id)
    }
}
