//! Paging of the list actions: the opaque page id (offset, limit, order, scope), `list_threads`,
//! and the chat page of both sides' `list_chats`.

use crate::error::{ApiError, ApiResult};
use crate::state::{Chat, State};
use crate::util::{decode_page, encode_page, Args};
use serde_json::{json, Value};

/// Paging helper shared by list_chats / list_threads: `(offset, limit, order, extra)` in an opaque page id.
pub struct Page {
    pub offset: usize,
    pub limit: usize,
    pub desc: bool,
    pub min_events: usize,
}

impl Page {
    pub fn encode(&self, scope: &str) -> String {
        encode_page(&format!(
            "{scope}|{}|{}|{}|{}",
            self.offset,
            self.limit,
            if self.desc { "desc" } else { "asc" },
            self.min_events
        ))
    }

    pub fn decode(page_id: &str, scope: &str) -> ApiResult<Page> {
        let bad = || ApiError::validation("Invalid page_id");
        let text = decode_page(page_id).ok_or_else(bad)?;
        let parts: Vec<&str> = text.split('|').collect();
        if parts.len() != 5 || parts[0] != scope {
            return Err(bad());
        }
        Ok(Page {
            offset: parts[1].parse().map_err(|_| bad())?,
            limit: parts[2].parse().map_err(|_| bad())?,
            desc: parts[3] == "desc",
            min_events: parts[4].parse().map_err(|_| bad())?,
        })
        .and_then(|p: Page| {
            if (1..=100).contains(&p.limit) {
                Ok(p)
            } else {
                Err(bad())
            }
        })
    }
}

pub fn sort_order(v: Option<&str>) -> ApiResult<bool> {
    match v {
        None | Some("desc") => Ok(true),
        Some("asc") => Ok(false),
        Some(_) => Err(ApiError::validation("sort_order must be `asc` or `desc`")),
    }
}

/// `list_threads` for a customer (`viewer`) or an agent (`None`).
pub fn list_threads(
    st: &State,
    chat: &Chat,
    args: &Args,
    viewer: Option<&str>,
) -> ApiResult<Value> {
    let scope = format!("t:{}", chat.id);
    let page = if let Some(pid) = args.opt_str("page_id")? {
        Page::decode(pid, &scope)?
    } else {
        let desc = sort_order(args.opt_str("sort_order")?)?;
        let limit = args.opt_u64("limit")?;
        let min = args.opt_u64("min_events_count")?;
        if limit.is_some() && min.is_some() {
            return Err(ApiError::validation(
                "min_events_count cannot be combined with limit",
            ));
        }
        if let Some(m) = min {
            if !(1..=100).contains(&m) {
                return Err(ApiError::validation(
                    "min_events_count must be between 1 and 100",
                ));
            }
        }
        let limit = limit.unwrap_or(3);
        if !(1..=100).contains(&limit) {
            return Err(ApiError::validation("limit must be between 1 and 100"));
        }
        Page {
            offset: 0,
            limit: limit as usize,
            desc,
            min_events: min.unwrap_or(0) as usize,
        }
    };
    let mut order: Vec<usize> = (0..chat.threads.len()).collect();
    if page.desc {
        order.reverse();
    }
    let mut picked = Vec::new();
    let mut events = 0;
    for &i in order.iter().skip(page.offset) {
        if page.min_events > 0 {
            if events >= page.min_events {
                break;
            }
        } else if picked.len() >= page.limit {
            break;
        }
        let t = st.render_thread(chat, i, viewer);
        events += t["events"].as_array().map_or(0, Vec::len);
        picked.push(t);
    }
    let end = page.offset + picked.len();
    let mut v = json!({"threads": picked, "found_threads": chat.threads.len()});
    if end < order.len() {
        v["next_page_id"] = json!(Page {
            offset: end,
            ..page
        }
        .encode(&scope));
    }
    if page.offset > 0 {
        let step = if page.min_events > 0 { 1 } else { page.limit };
        let prev = Page {
            offset: page.offset.saturating_sub(step),
            ..page
        };
        v["previous_page_id"] = json!(prev.encode(&scope));
    }
    Ok(v)
}

/// The page a `list_chats` asks for: its `page_id`, or the first page of `limit` (default 10, at
/// most `max_limit`) in `sort_order`.
pub fn requested_chat_page(args: &Args, scope: &str, max_limit: u64) -> ApiResult<Page> {
    if let Some(pid) = args.opt_str("page_id")? {
        return Page::decode(pid, scope);
    }
    let limit = args.opt_u64("limit")?.unwrap_or(10);
    if !(1..=max_limit).contains(&limit) {
        return Err(ApiError::validation(format!(
            "limit must be between 1 and {max_limit}"
        )));
    }
    Ok(Page {
        offset: 0,
        limit: limit as usize,
        desc: sort_order(args.opt_str("sort_order")?)?,
        min_events: 0,
    })
}

/// One page of chats, ordered by their last thread's creation (desc by default).
pub struct ChatPage {
    pub ids: Vec<String>,
    /// Chats on all pages.
    pub total: usize,
    next: Option<usize>,
    prev: Option<usize>,
}

impl ChatPage {
    pub fn new<'c>(chats: impl Iterator<Item = &'c Chat>, page: &Page) -> ChatPage {
        let mut ids: Vec<(String, String)> = chats
            .map(|c| {
                let last_thread = c.threads.last().map(|t| t.created_at.clone());
                (c.id.clone(), last_thread.unwrap_or_default())
            })
            .collect();
        ids.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        if page.desc {
            ids.reverse();
        }
        let total = ids.len();
        let slice: Vec<String> = ids
            .into_iter()
            .skip(page.offset)
            .take(page.limit)
            .map(|x| x.0)
            .collect();
        let end = page.offset + slice.len();
        ChatPage {
            ids: slice,
            total,
            next: (end < total).then_some(end),
            prev: (page.offset > 0).then(|| page.offset.saturating_sub(page.limit)),
        }
    }

    /// Adds `next_page_id` / `previous_page_id` to a list reply.
    pub fn add_page_ids(&self, reply: &mut Value, page: &Page, scope: &str) {
        if let Some(n) = self.next {
            reply["next_page_id"] = json!(Page { offset: n, ..*page }.encode(scope));
        }
        if let Some(p) = self.prev {
            reply["previous_page_id"] = json!(Page { offset: p, ..*page }.encode(scope));
        }
    }
}
