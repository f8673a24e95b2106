//! The agent's chats: list them and their threads, start or resume one for a customer, deactivate.

use crate::chat::events::{append_event, mark_all_seen};
use crate::chat::lookup::{chat, Actor};
use crate::chat::paging::{self, requested_chat_page, ChatPage};
use crate::chat::properties::merge_properties;
use crate::chat::threads::{chat_init, deactivate, open_thread, ChatInit};
use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, State, UserKind};
use crate::util::{group_ids, short_id, Args};
use serde_json::{json, Map, Value};

pub fn list_chats(st: &State, agent_id: &str, args: &Args) -> ApiResult {
    let scope = format!("a:{agent_id}");
    let filters = args.sub("filters")?;
    if args.opt_str("page_id")?.is_some() && filters.is_some() {
        return Err(ApiError::validation(
            "filters cannot be combined with page_id",
        ));
    }
    let page = requested_chat_page(args, &scope, 100)?;
    let include_active = filters
        .as_ref()
        .map(|f| f.opt_bool("include_active"))
        .transpose()?
        .flatten()
        .unwrap_or(true);
    let include_empty = filters
        .as_ref()
        .map(|f| f.opt_bool("include_chats_without_threads"))
        .transpose()?
        .flatten()
        .unwrap_or(true);
    let groups = match filters.as_ref().and_then(|f| f.get("group_ids")) {
        Some(g) => Some(group_ids(g, "filters.group_ids")?),
        None => None,
    };
    let me = Actor::Agent(agent_id);
    let visible = st
        .chats
        .values()
        .filter(|c| chat(st, &c.id, me).is_ok())
        .filter(|c| include_active || !c.is_active())
        .filter(|c| include_empty || !c.threads.is_empty())
        .filter(|c| {
            groups
                .as_ref()
                .is_none_or(|g| c.access.iter().any(|x| g.contains(x)))
        });
    let found = ChatPage::new(visible, &page);
    let items: Vec<Value> = found
        .ids
        .iter()
        .filter_map(|id| st.chats.get(id))
        .map(|c| st.render_agent_summary(c))
        .collect();
    let mut v = json!({"chats_summary": items, "found_chats": found.total});
    found.add_page_ids(&mut v, &page, &scope);
    Ok(v)
}

pub fn list_threads(st: &State, agent_id: &str, args: &Args) -> ApiResult {
    let c = chat(st, args.str("chat_id")?, Actor::Agent(agent_id))?;
    paging::list_threads(st, c, args, None)
}

pub fn deactivate_chat(st: &mut State, agent_id: &str, args: &Args) -> ApiResult {
    let me = Actor::Agent(agent_id);
    let id = args.str("id")?;
    chat(st, id, me)?;
    let name = st.agent_name(agent_id);
    deactivate(
        st,
        id,
        Some(me),
        "manual_archived_agent",
        format!("{name} archived the chat"),
        None,
    )?;
    Ok(json!({}))
}

/// Agent `start_chat` (needs `chat.users` with the customer) and `resume_chat` (needs `chat.id`):
/// the agent joins the new thread and the customer gets `incoming_chat`.
pub fn start_or_resume(st: &mut State, agent_id: &str, resume: bool, args: &Args) -> ApiResult {
    let me = Actor::Agent(agent_id);
    let chat_args = args.sub("chat")?;
    let active = args.opt_bool("active")?.unwrap_or(true);
    let continuous = args.opt_bool("continuous")?;
    let (chat_id, license) = if resume {
        let ca = chat_args
            .as_ref()
            .ok_or_else(|| ApiError::missing("chat"))?;
        let id = ca.str("id")?.to_string();
        let c = chat(st, &id, me)?;
        if c.is_active() {
            return Err(ApiError::new(
                "chat_already_active",
                "Chat is already active",
            ));
        }
        (id, c.license_id)
    } else {
        // Created before the rest of `chat` is checked: a failing check leaves the empty chat.
        create_chat(st, chat_args.as_ref())?
    };
    let init = match &chat_args {
        Some(ca) => chat_init(st, license, me, ca)?,
        None => ChatInit::default(),
    };
    if let Some(c) = st.chats.get_mut(&chat_id) {
        if let Some(a) = init.access {
            c.access = a;
        }
        merge_properties(&mut c.properties, &init.properties);
        if let Some(cont) = continuous {
            c.continuous = cont;
        }
    }
    // The requesting agent handles the thread itself (no routing, no queue).
    let idx = open_thread(st, &chat_id, false, false, init.thread_properties);
    if let Some(c) = st.chats.get_mut(&chat_id) {
        if let Some(t) = c.threads.get_mut(idx) {
            t.active = active;
            if !t.user_ids.iter().any(|u| u == agent_id) {
                t.user_ids.push(agent_id.to_string());
            }
        }
        c.join(agent_id, UserKind::Agent);
    }
    let mut event_ids = Vec::new();
    for e in init.events {
        event_ids.push(append_event(st, &chat_id, idx, e)["id"].clone());
    }
    mark_all_seen(st, &chat_id, agent_id);
    let tid = announce_new_thread(st, agent_id, &chat_id, idx, resume);
    let mut v = if resume {
        json!({"thread_id": tid})
    } else {
        json!({"chat_id": chat_id, "thread_id": tid})
    };
    if !event_ids.is_empty() {
        v["event_ids"] = json!(event_ids);
    }
    Ok(v)
}

/// A new chat for the one customer in `chat.users`, in the license of the customer's token.
fn create_chat(st: &mut State, chat_args: Option<&Args>) -> ApiResult<(String, u64)> {
    let users = chat_args
        .and_then(|c| c.get("users"))
        .and_then(Value::as_array);
    let customers: Vec<&str> = users
        .into_iter()
        .flatten()
        .filter(|u| u["type"] == "customer")
        .filter_map(|u| u["id"].as_str())
        .collect();
    let [customer_id] = customers[..] else {
        return Err(ApiError::validation(
            "chat.users must list exactly one customer",
        ));
    };
    if !st.customers.contains_key(customer_id) {
        return Err(ApiError::not_found("Customer"));
    }
    let license = st
        .tokens
        .values()
        .find(|t| t.customer_id == customer_id)
        .map(|t| t.license_id)
        .or_else(|| st.cfg.licenses.first().map(|l| l.id))
        .unwrap_or(0);
    let owned = st
        .chats
        .values()
        .filter(|c| c.customer_id == customer_id)
        .count();
    if owned >= st.cfg.limits.chats_per_customer {
        return Err(ApiError::new("chat_limit_reached", "Chat limit reached"));
    }
    let id = short_id();
    let chat = Chat::new(id.clone(), license, customer_id, vec![0], Map::new(), false);
    st.chats.insert(id.clone(), chat);
    Ok((id, license))
}

/// Counts the new thread in the customer's statistics and pushes `incoming_chat`; returns the
/// thread id.
fn announce_new_thread(
    st: &mut State,
    agent_id: &str,
    chat_id: &str,
    idx: usize,
    resume: bool,
) -> String {
    let customer_id = st
        .chats
        .get(chat_id)
        .map(|c| c.customer_id.clone())
        .unwrap_or_default();
    if let Some(c) = st.customers.get_mut(&customer_id) {
        if !resume {
            c.statistics.chats_count += 1;
        }
        c.statistics.threads_count += 1;
    }
    let chat_json = st
        .chats
        .get(chat_id)
        .map(|c| st.render_chat(c, Some(idx), Some(&customer_id)))
        .unwrap_or_default();
    st.push_to_customer(
        &customer_id,
        "incoming_chat",
        &json!({"requester_id": agent_id, "chat": chat_json}),
        None,
    );
    st.chats
        .get(chat_id)
        .and_then(|c| c.threads.get(idx))
        .map(|t| t.id.clone())
        .unwrap_or_default()
}
