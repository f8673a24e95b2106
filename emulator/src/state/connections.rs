//! Connections of the state: who is online, pushes to customers through the outbox, disconnects.

use super::State;
use crate::frames::push_frame;
use crate::send_queue::Out;
use axum::extract::ws::Utf8Bytes;
use serde_json::{json, Value};

impl State {
    /// Logged-in, not closing connections of a customer.
    pub fn live_conns(&self, customer_id: &str) -> Vec<u64> {
        self.customers
            .get(customer_id)
            .map(|c| {
                c.conns
                    .iter()
                    .copied()
                    .filter(|id| self.conns.get(id).is_some_and(|k| !k.closing))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_online(&self, customer_id: &str) -> bool {
        !self.live_conns(customer_id).is_empty()
    }

    pub fn send(&mut self, conn: u64, out: Out) {
        self.outbox.push((conn, out));
    }

    /// Pushes `action` to every live connection of a customer. The copy for `settle.0` carries the
    /// request id `settle.1` (the push that settles start_chat / resume_chat / send_event / deactivate_chat).
    pub fn push_to_customer(
        &mut self,
        customer_id: &str,
        action: &str,
        payload: &Value,
        settle: Option<(u64, &Value)>,
    ) {
        let conns = self.live_conns(customer_id);
        if conns.is_empty() {
            return;
        }
        let plain = Utf8Bytes::from(push_frame(action, payload, None));
        for id in conns {
            let subscribed = self
                .conns
                .get(&id)
                .is_some_and(|c| c.pushes.as_ref().is_none_or(|p| p.contains(action)));
            match settle {
                Some((sid, rid)) if sid == id => {
                    // The settling copy goes out even if unsubscribed: the request depends on it.
                    self.send(id, Out::Text(push_frame(action, payload, Some(rid)).into()));
                }
                _ if subscribed => self.send(id, Out::Text(plain.clone())),
                _ => {}
            }
        }
    }

    /// Pushes to the customer of a chat.
    pub fn push_to_chat(
        &mut self,
        chat_id: &str,
        action: &str,
        payload: &Value,
        settle: Option<(u64, &Value)>,
    ) {
        if let Some(cid) = self.chats.get(chat_id).map(|c| c.customer_id.clone()) {
            self.push_to_customer(&cid, action, payload, settle);
        }
    }

    /// Sends `customer_disconnected` to one connection and closes it.
    pub fn disconnect_conn(&mut self, conn: u64, reason: &str, data: Option<Value>) {
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        if c.closing {
            return;
        }
        c.closing = true;
        let mut payload = json!({ "reason": reason });
        if let Some(d) = data {
            payload["data"] = d;
        }
        self.send(
            conn,
            Out::Text(push_frame("customer_disconnected", &payload, None).into()),
        );
        self.send(conn, Out::Close(1000, "customer_disconnected"));
    }

    /// Disconnects every connection of a customer with `reason`.
    pub fn disconnect_customer(
        &mut self,
        customer_id: &str,
        reason: &str,
        data: Option<Value>,
    ) -> usize {
        let conns = self.live_conns(customer_id);
        for id in &conns {
            self.disconnect_conn(*id, reason, data.clone());
        }
        conns.len()
    }

    /// Drops the customer's sockets without a close frame.
    pub fn drop_customer(&mut self, customer_id: &str) -> usize {
        let conns = self.live_conns(customer_id);
        for id in &conns {
            if let Some(c) = self.conns.get_mut(id) {
                c.closing = true;
            }
            self.send(*id, Out::Drop);
        }
        conns.len()
    }

    /// Hands the outbox to the writer queues (non-blocking sends).
    pub fn flush(&mut self) {
        for (id, out) in self.outbox.drain(..) {
            if let Some(c) = self.conns.get_mut(&id) {
                if c.tx.send(out).is_err() {
                    // Evicted as a slow consumer: its writer stops and its reader unregisters it.
                    c.closing = true;
                }
            }
        }
    }

    pub fn unregister(&mut self, conn: u64) {
        if let Some(c) = self.conns.remove(&conn) {
            if let Some(cid) = c.customer_id {
                if let Some(cust) = self.customers.get_mut(&cid) {
                    cust.conns.retain(|x| *x != conn);
                }
            }
        }
    }

    /// Not-yet-logged-in connections of a license. O(1) while there are fewer connections than `limit`.
    pub fn unauthorized_at_least(&self, license_id: u64, limit: usize) -> bool {
        if self.conns.len() < limit {
            return false;
        }
        self.unauthorized_count(license_id) >= limit
    }

    pub fn unauthorized_count(&self, license_id: u64) -> usize {
        self.conns
            .values()
            .filter(|c| c.customer_id.is_none() && !c.closing && c.license_id == license_id)
            .count()
    }

    /// Whether at least `limit` customers are online in a license (cheap while connections < `limit`).
    pub fn online_at_least(&self, license_id: u64, limit: usize) -> bool {
        if self.conns.len() < limit {
            return false;
        }
        self.online_customers(license_id) >= limit
    }

    pub fn online_customers(&self, license_id: u64) -> usize {
        self.customers
            .values()
            .filter(|c| {
                c.conns.iter().any(|id| {
                    self.conns
                        .get(id)
                        .is_some_and(|k| !k.closing && k.license_id == license_id)
                })
            })
            .count()
    }
}
