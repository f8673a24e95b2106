//! Chat, thread and event properties (`{namespace: {name: value}}`): validation (customers write
//! only the namespaces the configuration allows), merge and removal, and the six property actions
//! both sides share.

use crate::chat::lookup::{chat_mut, event_idx, thread_idx, Actor};
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::{json, Map, Value};

/// Validates an `update_*_properties` object (`{namespace: {name: value}}`).
pub fn update_properties(
    st: &State,
    props: Option<&Value>,
    actor: Actor,
) -> ApiResult<Map<String, Value>> {
    let Some(Value::Object(m)) = props else {
        return Err(ApiError::wrong_type("properties", "an object"));
    };
    for (ns, v) in m {
        if !v.is_object() {
            return Err(ApiError::validation(format!(
                "properties.{ns} must be an object"
            )));
        }
        check_writable(st, ns, actor)?;
    }
    Ok(m.clone())
}

/// Validates a `delete_*_properties` object (`{namespace: [name, ...]}`).
pub fn delete_properties(
    st: &State,
    props: Option<&Value>,
    actor: Actor,
) -> ApiResult<Map<String, Value>> {
    let Some(Value::Object(m)) = props else {
        return Err(ApiError::wrong_type("properties", "an object"));
    };
    for (ns, v) in m {
        let ok = v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(ApiError::validation(format!(
                "properties.{ns} must be an array of names"
            )));
        }
        check_writable(st, ns, actor)?;
    }
    Ok(m.clone())
}

fn check_writable(st: &State, namespace: &str, actor: Actor) -> ApiResult<()> {
    if let Actor::Customer(_) = actor {
        if !st.cfg.properties.customer_may_write(namespace) {
            return Err(ApiError::new(
                "authorization",
                format!("Customer has no write access to namespace `{namespace}`"),
            ));
        }
    }
    Ok(())
}

pub fn merge_properties(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (ns, vals) in update {
        let entry = target.entry(ns.clone()).or_insert_with(|| json!({}));
        if let (Some(t), Some(u)) = (entry.as_object_mut(), vals.as_object()) {
            for (k, v) in u {
                t.insert(k.clone(), v.clone());
            }
        }
    }
}

pub fn remove_properties(target: &mut Map<String, Value>, delete: &Map<String, Value>) {
    for (ns, names) in delete {
        if let (Some(t), Some(names)) = (
            target.get_mut(ns).and_then(Value::as_object_mut),
            names.as_array(),
        ) {
            for n in names.iter().filter_map(Value::as_str) {
                t.remove(n);
            }
            if t.is_empty() {
                target.remove(ns);
            }
        }
    }
}

/// The six property actions (`update_`/`delete_` x `chat`/`thread`/`event`); pushes the change to
/// the chat's customer.
pub fn properties(st: &mut State, actor: Actor, action: &str, args: &Args) -> ApiResult<Value> {
    let deleting = action.starts_with("delete_");
    let props = if deleting {
        delete_properties(st, args.get("properties"), actor)?
    } else {
        update_properties(st, args.get("properties"), actor)?
    };
    let push = if deleting {
        action.replace("delete_", "").to_string() + "_deleted"
    } else {
        action.replace("update_", "") + "_updated"
    };
    let apply = |target: &mut Map<String, Value>| {
        if deleting {
            remove_properties(target, &props)
        } else {
            merge_properties(target, &props)
        }
    };
    let payload = if action.ends_with("chat_properties") {
        let id = args.str("id")?;
        apply(&mut chat_mut(st, id, actor)?.properties);
        json!({"chat_id": id, "properties": props})
    } else if action.ends_with("thread_properties") {
        let (cid, tid) = (args.str("chat_id")?, args.str("thread_id")?);
        let c = chat_mut(st, cid, actor)?;
        let ti = thread_idx(c, tid)?;
        apply(&mut c.threads[ti].properties);
        json!({"chat_id": cid, "thread_id": tid, "properties": props})
    } else {
        let (cid, tid, eid) = (
            args.str("chat_id")?,
            args.str("thread_id")?,
            args.str("event_id")?,
        );
        let c = chat_mut(st, cid, actor)?;
        let (ti, ei) = event_idx(c, tid, eid)?;
        let ev = &mut c.threads[ti].events[ei];
        if !ev["properties"].is_object() {
            ev["properties"] = json!({});
        }
        if let Some(m) = ev["properties"].as_object_mut() {
            apply(m);
        }
        json!({"chat_id": cid, "thread_id": tid, "event_id": eid, "properties": props})
    };
    let chat_id = payload["chat_id"].as_str().unwrap_or_default().to_string();
    st.push_to_chat(&chat_id, &push, &payload, None);
    Ok(json!({}))
}
