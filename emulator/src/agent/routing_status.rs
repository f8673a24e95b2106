//! `set_routing_status`: an agent accepts chats or not (a bot may also go offline); the groups of
//! that agent go online or offline with it.

use crate::chat::routing::set_group_status;
use crate::error::{ApiError, ApiResult};
use crate::state::State;
use crate::util::Args;
use serde_json::json;

pub fn set_routing_status(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let status = args.str("status")?;
    let target = args.opt_str("agent_id")?.unwrap_or(agent_id).to_string();
    let is_bot = st
        .agent(&target)
        .ok_or_else(|| ApiError::not_found("Agent"))?
        .cfg
        .is_bot;
    let ok = matches!(status, "accepting_chats" | "not_accepting_chats")
        || (is_bot && status == "offline");
    if !ok {
        return Err(ApiError::validation(
            "status must be accepting_chats or not_accepting_chats (bots: offline)",
        ));
    }
    let groups = {
        let a = st
            .agents
            .iter_mut()
            .find(|a| a.cfg.id == target)
            .ok_or_else(|| ApiError::not_found("Agent"))?;
        a.routing_status = status.to_string();
        a.cfg.groups.clone()
    };
    for g in groups {
        let keys: Vec<(u64, u64)> = st
            .groups
            .keys()
            .filter(|(_, id)| *id == g)
            .copied()
            .collect();
        for (lic, gid) in keys {
            // A group is online while one of its agents accepts chats.
            let any = st
                .agents
                .iter()
                .any(|a| a.accepting() && a.cfg.groups.contains(&gid));
            let new = if any { "online" } else { "offline" };
            set_group_status(st, lic, gid, new);
        }
    }
    Ok(json!({}))
}
