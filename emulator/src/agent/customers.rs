//! Agent actions on customers: look one up, ban one.

use crate::chat::threads::deactivate;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::json;
use std::time::{Duration, Instant};

pub fn get_customer(st: &State, args: &Args) -> ApiResult {
    let id = args.str("customer_id")?;
    let c = st
        .customers
        .get(id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    let mut v = c.render(true);
    v["online"] = json!(st.is_online(id));
    Ok(v)
}

/// `ban_customer`: closes the customer's active chats and, for `days > 0`, disconnects them and
/// refuses them until the ban ends (`days: 0` lifts a ban).
pub fn ban_customer(st: &mut State, args: &Args) -> ApiResult {
    let id = args.str("id")?.to_string();
    let days = args
        .sub("ban")?
        .ok_or_else(|| ApiError::missing("ban"))?
        .u64("days")?;
    if !st.customers.contains_key(&id) {
        return Err(ApiError::not_found("Customer"));
    }
    let active: Vec<String> = st
        .chats
        .values()
        .filter(|c| c.customer_id == id && c.is_active())
        .map(|c| c.id.clone())
        .collect();
    for chat_id in active {
        let _ = deactivate(
            st,
            &chat_id,
            None,
            "customer_banned",
            format!("Customer banned for {days} days"),
            None,
        );
    }
    if let Some(c) = st.customers.get_mut(&id) {
        c.banned_until = (days > 0).then(|| Instant::now() + Duration::from_secs(days * 86_400));
    }
    if days > 0 {
        st.disconnect_customer(&id, "customer_banned", None);
    }
    Ok(json!({}))
}
