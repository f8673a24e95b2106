//! What a customer may ask about the license: group statuses, forms, the agent a chat would get,
//! and the preview of a URL.

use crate::chat::routing::route;
use crate::customer::caller::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::{group_ids, Args};
use serde_json::{json, Map, Value};

pub fn list_group_statuses(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let wanted: Option<Vec<u64>> = match (args.opt_bool("all")?, args.get("group_ids")) {
        (Some(true), _) => None,
        (_, Some(ids)) => Some(group_ids(ids, "group_ids")?),
        _ => return Err(ApiError::validation("`all` or `group_ids` is required")),
    };
    let mut m = Map::new();
    for ((lic, gid), g) in &st.groups {
        if *lic == ctx.license_id && wanted.as_ref().is_none_or(|w| w.contains(gid)) {
            m.insert(gid.to_string(), json!(g.status));
        }
    }
    Ok(json!({"groups_status": m}))
}

pub fn get_form(st: &State, ctx: &Ctx, args: &Args) -> ApiResult<Value> {
    let gid = args.u64("group_id")?;
    let kind = args.str("type")?;
    if !["prechat", "postchat", "ticket"].contains(&kind) {
        return Err(ApiError::validation(
            "type must be prechat, postchat or ticket",
        ));
    }
    if st.group_status(ctx.license_id, gid).is_none() {
        return Err(ApiError::group_not_found());
    }
    let form = st
        .cfg
        .forms
        .iter()
        .find(|f| f.group_id == gid && f.kind == kind);
    Ok(match form {
        Some(f) => json!({"enabled": true, "form": {"id": f.id, "fields": f.fields}}),
        None => json!({"enabled": false}),
    })
}

/// `get_predicted_agent`: the agent routing would pick, or the group's first human.
pub fn predicted_agent(st: &State, license_id: u64, group_id: u64) -> ApiResult<Value> {
    let status = st
        .group_status(license_id, group_id)
        .ok_or_else(ApiError::group_not_found)?;
    match status {
        "offline" => Err(ApiError::new("group_offline", "Group is offline")),
        _ => {
            let queue = status == "online_for_queue";
            let agent = route(st, group_id)
                .and_then(|id| st.agent(&id))
                .or_else(|| {
                    st.agents
                        .iter()
                        .find(|a| a.cfg.groups.contains(&group_id) && !a.cfg.is_bot)
                })
                .ok_or_else(|| {
                    ApiError::new("group_unavailable", "No agent available for group")
                })?;
            Ok(json!({"agent": agent.render_with_bot_flag(), "queue": queue}))
        }
    }
}

/// `get_url_info`: the configured fixture for the URL, or its host as the title.
pub fn url_info(st: &State, args: &Args) -> ApiResult<Value> {
    let url = args.str("url")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
        return Err(ApiError::validation("url must be a valid website URL"));
    }
    let fixture = st
        .cfg
        .url_info
        .iter()
        .find(|u| u.url == url || u.url.trim_end_matches('/') == url.trim_end_matches('/'));
    Ok(match fixture {
        Some(f) => {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.retain(|_, x| !x.is_null());
            }
            v
        }
        None => {
            let host = url
                .split("://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or(url);
            json!({"url": url, "title": host})
        }
    })
}
