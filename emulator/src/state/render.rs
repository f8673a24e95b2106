//! The JSON shapes of chats, threads, users and chat summaries, as customers and agents see them.

use super::model::{visible_to_customer, Chat, ChatUser, UserKind};
use super::State;
use serde_json::{json, Map, Value};

impl State {
    pub fn render_chat_user(&self, u: &ChatUser) -> Value {
        let mut v = match u.kind {
            UserKind::Customer => self
                .customers
                .get(&u.id)
                .map(|c| c.render(false))
                .unwrap_or_else(|| json!({"id": u.id, "type": "customer"})),
            UserKind::Agent => self
                .agent(&u.id)
                .map(|a| a.render())
                .unwrap_or_else(|| json!({"id": u.id, "type": "agent", "name": u.id})),
        };
        v["present"] = json!(u.present);
        if let Some(s) = &u.seen_up_to {
            v["events_seen_up_to"] = json!(s);
        }
        v
    }

    pub fn render_users(&self, chat: &Chat) -> Value {
        Value::Array(
            chat.users
                .iter()
                .map(|u| self.render_chat_user(u))
                .collect(),
        )
    }

    /// A thread as a customer (or, with `viewer = None`, an agent) sees it.
    pub fn render_thread(&self, chat: &Chat, idx: usize, viewer: Option<&str>) -> Value {
        let t = &chat.threads[idx];
        let events: Vec<Value> = t
            .events
            .iter()
            .filter(|e| viewer.is_none_or(|c| visible_to_customer(e, c)))
            .cloned()
            .collect();
        let mut v = json!({
            "id": t.id, "created_at": t.created_at, "active": t.active, "user_ids": t.user_ids,
            "events": events, "properties": t.properties, "access": {"group_ids": t.access},
        });
        if let Some(q) = &t.queue {
            v["queue"] = q.clone();
        }
        if idx > 0 {
            v["previous_thread_id"] = json!(chat.threads[idx - 1].id);
        }
        if let Some(n) = chat.threads.get(idx + 1) {
            v["next_thread_id"] = json!(n.id);
        }
        v
    }

    pub fn render_chat(
        &self,
        chat: &Chat,
        thread_idx: Option<usize>,
        viewer: Option<&str>,
    ) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat),
            "access": {"group_ids": chat.access}, "properties": chat.properties,
        });
        if let Some(i) = thread_idx {
            v["thread"] = self.render_thread(chat, i, viewer);
        }
        v
    }

    /// `last_event_per_type` over every thread.
    pub fn last_event_per_type(&self, chat: &Chat, viewer: Option<&str>) -> Map<String, Value> {
        let mut m = Map::new();
        for (order, t) in chat.threads.iter().enumerate() {
            for e in t
                .events
                .iter()
                .filter(|e| viewer.is_none_or(|c| visible_to_customer(e, c)))
            {
                let ty = e["type"].as_str().unwrap_or("unknown").to_string();
                m.insert(
                    ty,
                    json!({"thread_id": t.id, "thread_created_at": t.created_at,
                           "thread_order": order + 1, "event": e}),
                );
            }
        }
        m
    }

    /// Customer-form chat summary (`list_chats`).
    pub fn render_summary(&self, chat: &Chat, customer_id: &str) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat), "access": {"group_ids": chat.access},
            "properties": chat.properties, "active": chat.is_active(),
        });
        if let Some(t) = chat.threads.last() {
            v["last_thread_id"] = json!(t.id);
            v["last_thread_created_at"] = json!(t.created_at);
            v["last_event_per_type"] =
                Value::Object(self.last_event_per_type(chat, Some(customer_id)));
        }
        v
    }

    /// Agent-form chat summary (agent `list_chats`).
    pub fn render_agent_summary(&self, chat: &Chat) -> Value {
        let mut v = json!({
            "id": chat.id, "users": self.render_users(chat), "access": {"group_ids": chat.access},
            "properties": chat.properties, "is_followed": false,
            "last_event_per_type": self.last_event_per_type(chat, None),
        });
        if let Some(t) = chat.threads.last() {
            let mut s = json!({"id": t.id, "created_at": t.created_at, "user_ids": t.user_ids,
                               "properties": t.properties, "active": t.active, "access": {"group_ids": t.access}});
            if let Some(q) = &t.queue {
                s["queue"] = q.clone();
            }
            v["last_thread_summary"] = s;
        }
        v
    }
}
