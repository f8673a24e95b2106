//! Greetings: shown by the control API (stored for the next login, pushed now), accepted or
//! canceled by the customer.

use crate::customer::caller::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::{Greeting, State};
use crate::util::{short_id, Args};
use serde_json::{json, Value};

pub fn accept(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let gid = args.u64("greeting_id")?;
    let uid = args.str("unique_id")?;
    let c = st
        .customers
        .get_mut(ctx.customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    match c.greeting.as_mut() {
        Some(g) if g.unique_id == uid && g.id == gid => {
            if !g.accepted {
                g.accepted = true;
                c.statistics.greetings_accepted_count += 1;
            }
        }
        _ => return Err(greeting_not_found()),
    }
    st.push_to_customer(
        ctx.customer_id,
        "greeting_accepted",
        &json!({"unique_id": uid}),
        None,
    );
    Ok(json!({}))
}

pub fn cancel(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let uid = args.str("unique_id")?;
    let c = st
        .customers
        .get_mut(ctx.customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    if c.greeting.as_ref().is_none_or(|g| g.unique_id != uid) {
        return Err(greeting_not_found());
    }
    c.greeting = None;
    st.push_to_customer(
        ctx.customer_id,
        "greeting_canceled",
        &json!({"unique_id": uid}),
        None,
    );
    Ok(json!({}))
}

fn greeting_not_found() -> ApiError {
    ApiError::new("greeting_not_found", "Greeting not found")
}

/// A greeting shown to the customer (control op `greetings`): stored for the next login, pushed now.
pub fn show_greeting(
    st: &mut State,
    customer_id: &str,
    greeting_id: u64,
    agent_id: &str,
    text: &str,
    subtype: Option<&str>,
    addon: Option<&str>,
) -> ApiResult<Value> {
    let agent = st
        .agent(agent_id)
        .ok_or_else(|| ApiError::not_found("Agent"))?
        .render_with_bot_flag();
    if !st.customers.contains_key(customer_id) {
        return Err(ApiError::not_found("Customer"));
    }
    let unique_id = short_id();
    let now = st.now();
    let mut payload = json!({
        "id": greeting_id, "unique_id": unique_id, "displayed_first_time": true, "accepted": false,
        "event": {"id": short_id(), "type": "message", "text": text, "created_at": now,
                  "author_id": agent_id, "recipients": "all"},
        "agent": agent,
    });
    if let Some(s) = subtype {
        payload["subtype"] = json!(s);
    }
    if let Some(a) = addon {
        payload["addon"] = json!(a);
    }
    let previous = st.customers.get_mut(customer_id).and_then(|c| {
        c.statistics.greetings_shown_count += 1;
        c.greeting.replace(Greeting {
            id: greeting_id,
            unique_id: unique_id.clone(),
            accepted: false,
            payload: payload.clone(),
        })
    });
    if let Some(p) = previous.filter(|p| !p.accepted) {
        st.push_to_customer(
            customer_id,
            "greeting_canceled",
            &json!({"unique_id": p.unique_id}),
            None,
        );
    }
    st.push_to_customer(customer_id, "incoming_greeting", &payload, None);
    Ok(json!({"greeting_id": greeting_id, "unique_id": unique_id}))
}
