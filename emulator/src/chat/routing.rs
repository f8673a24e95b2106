//! Routing and group availability: which agent takes a new thread, whether its groups can take it
//! (or queue it), and group status changes with the pushes they cause.

use crate::error::{ApiError, ApiResult};
use crate::state::{Agent, State};
use serde_json::json;
use std::collections::BTreeSet;

/// Picks an agent for a new thread: the bot when it is on, else the first accepting human.
pub fn route(st: &State, group_id: u64) -> Option<String> {
    let in_group = |a: &&Agent| a.accepting() && a.cfg.groups.contains(&group_id);
    if st.bot_enabled {
        if let Some(bot) = st.agents.iter().filter(in_group).find(|a| a.cfg.is_bot) {
            return Some(bot.cfg.id.clone());
        }
    }
    st.agents
        .iter()
        .filter(in_group)
        .find(|a| !a.cfg.is_bot)
        .map(|a| a.cfg.id.clone())
}

/// Checks group availability for a new thread; returns whether it is queued.
pub fn check_groups(
    st: &State,
    license_id: u64,
    groups: &[u64],
    continuous: bool,
) -> ApiResult<bool> {
    let mut queued = false;
    let mut any_online = false;
    for g in groups {
        match st.group_status(license_id, *g) {
            None => return Err(ApiError::group_not_found()),
            Some("online") => any_online = true,
            Some("online_for_queue") => queued = true,
            Some(_) => {}
        }
    }
    if any_online {
        Ok(false)
    } else if queued {
        Ok(true)
    } else if continuous {
        Ok(false)
    } else {
        Err(ApiError::new("groups_offline", "Groups offline"))
    }
}

/// Changes a group's status and tells the customers watching it (`incoming_multicast`, as up to v3.4).
pub fn set_group_status(st: &mut State, license_id: u64, group_id: u64, status: &str) -> bool {
    let Some(g) = st.groups.get_mut(&(license_id, group_id)) else {
        return false;
    };
    if g.status == status {
        return true;
    }
    g.status = status.to_string();
    let payload = json!({"type": "lc2", "content": {"name": "groups_update", "groups": [{"id": group_id, "status": status}]}});
    let watchers: Vec<String> = st
        .conns
        .values()
        .filter(|c| !c.closing && c.license_id == license_id && c.group_id == group_id)
        .filter_map(|c| c.customer_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for cid in watchers {
        st.push_to_customer(&cid, "incoming_multicast", &payload, None);
    }
    true
}
