//! The customer's own data: name, email, avatar, session fields, current page.

use crate::customer::caller::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::{json, Map, Value};
use std::time::Instant;

pub fn get_customer(st: &State, ctx: &Ctx) -> Value {
    st.customers
        .get(ctx.customer_id)
        .map(|c| c.render(true))
        .unwrap_or_default()
}

pub fn set_session_fields(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let fields = args
        .opt_array("session_fields")?
        .ok_or_else(|| ApiError::missing("session_fields"))?;
    let merged = merge_session_fields(st, ctx.customer_id, fields)?;
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.session_fields = merged;
    }
    if st.cfg.session_fields_push {
        let sf = st
            .customers
            .get(ctx.customer_id)
            .map(|c| c.session_fields_json())
            .unwrap_or_default();
        let p = json!({"id": ctx.customer_id, "session_fields": sf});
        st.push_to_customer(ctx.customer_id, "customer_updated", &p, None);
    }
    Ok(json!({}))
}

/// `update_customer_page` (RTM only): counts a page view.
pub fn update_page(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let url = args.str("url")?;
    let mut page = json!({"url": url, "opened_at": st.now()});
    if let Some(t) = args.opt_str("title")? {
        page["title"] = json!(t);
    }
    if let Some(c) = st.customers.get_mut(ctx.customer_id) {
        c.page = Some(page.clone());
        c.statistics.page_views_count += 1;
        c.last_activity = Instant::now();
    }
    if st.cfg.page_updated_push {
        st.push_to_customer(ctx.customer_id, "customer_page_updated", &page, None);
    }
    Ok(json!({}))
}

/// Merges `[{key: value}, ...]` into the customer's session fields, enforcing the limit.
fn merge_session_fields(
    st: &State,
    customer_id: &str,
    fields: &[Value],
) -> ApiResult<Vec<(String, String)>> {
    let mut merged = st
        .customers
        .get(customer_id)
        .map(|c| c.session_fields.clone())
        .unwrap_or_default();
    for f in fields {
        let Some(obj) = f.as_object() else {
            return Err(ApiError::validation(
                "session_fields must be an array of one-key objects",
            ));
        };
        for (k, v) in obj {
            let v = v
                .as_str()
                .ok_or_else(|| ApiError::validation("session field values must be strings"))?;
            match merged.iter_mut().find(|(mk, _)| mk == k) {
                Some(e) => e.1 = v.to_string(),
                None => merged.push((k.clone(), v.to_string())),
            }
        }
    }
    if merged.len() > st.cfg.limits.session_fields {
        return Err(ApiError::new(
            "customer_session_fields_limit_reached",
            "Customer session fields limit reached",
        ));
    }
    Ok(merged)
}

/// Applies `name`/`email`/`avatar`/`session_fields` from an update; returns the changed fields.
pub fn apply_customer_update(
    st: &mut State,
    customer_id: &str,
    args: &Args,
) -> ApiResult<Map<String, Value>> {
    let name = args.opt_str("name")?.map(str::to_string);
    let email = args.opt_str("email")?.map(str::to_string);
    let avatar = args.opt_str("avatar")?.map(str::to_string);
    let fields = match args.opt_array("session_fields")? {
        Some(f) => Some(merge_session_fields(st, customer_id, f)?),
        None => None,
    };
    let c = st
        .customers
        .get_mut(customer_id)
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    let mut changed = Map::new();
    if let Some(v) = name {
        changed.insert("name".into(), json!(v));
        c.name = Some(v);
    }
    if let Some(v) = email {
        changed.insert("email".into(), json!(v));
        c.email = Some(v);
    }
    if let Some(v) = avatar {
        changed.insert("avatar".into(), json!(v));
        c.avatar = Some(v);
    }
    if let Some(f) = fields {
        c.session_fields = f;
        changed.insert("session_fields".into(), c.session_fields_json());
    }
    Ok(changed)
}

pub fn update_customer(st: &mut State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    if !["name", "email", "avatar", "session_fields"]
        .iter()
        .any(|k| args.has(k))
    {
        return Err(ApiError::validation(
            "at least one of name, email, avatar, session_fields is required",
        ));
    }
    let mut changed = apply_customer_update(st, ctx.customer_id, args)?;
    changed.insert("id".into(), json!(ctx.customer_id));
    st.push_to_customer(
        ctx.customer_id,
        "customer_updated",
        &Value::Object(changed),
        None,
    );
    Ok(json!({}))
}
