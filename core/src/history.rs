//! `getChatHistory`: an async iterator over a chat's threads, loading older ones on demand
//! (`client-behavior.md` §3.8).
//!
//! Calls to `next()` are served one at a time in arrival order (a fair async mutex is held across
//! the page load), so a call made while a page is loading waits for it and then loads the next one.
//! Unlike the reference client, no queued caller is ever left unsettled (§9 item 8): once the history
//! is exhausted every later call gets `{done: true}` with no threads. A failed load leaves the
//! cursor where it was, so the next call retries the same page.

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::client::Client;
use crate::error::Result;
use crate::types::{HistoryPage, HistoryValue, ListThreadsParams};

/// Events the first page asks for (the reference client's `minEventsCount`).
pub const FIRST_PAGE_MIN_EVENTS: u32 = 25;

/// The history of one chat. Cheap to clone; clones share the cursor.
#[derive(Clone)]
pub struct ChatHistory {
    client: Client,
    chat_id: String,
    cursor: Arc<Mutex<Cursor>>,
}

#[derive(Default)]
enum Cursor {
    /// Nothing loaded yet.
    #[default]
    Start,
    /// Older threads remain behind this page id.
    More(String),
    /// Everything was loaded.
    Done,
}

impl ChatHistory {
    pub(crate) fn new(client: Client, chat_id: String) -> ChatHistory {
        ChatHistory {
            client,
            chat_id,
            cursor: Arc::new(Mutex::new(Cursor::Start)),
        }
    }

    pub fn chat_id(&self) -> &str {
        &self.chat_id
    }

    /// The next (older) threads, oldest first. `done` is true on the last page that has data and on
    /// every call after it.
    pub async fn next(&self) -> Result<HistoryPage> {
        let mut cursor = self.cursor.lock().await;
        let params = match &*cursor {
            Cursor::Done => {
                return Ok(HistoryPage {
                    done: true,
                    value: HistoryValue::default(),
                })
            }
            Cursor::Start => ListThreadsParams {
                chat_id: self.chat_id.clone(),
                min_events_count: Some(FIRST_PAGE_MIN_EVENTS),
                ..Default::default()
            },
            Cursor::More(page_id) => ListThreadsParams {
                chat_id: self.chat_id.clone(),
                page_id: Some(page_id.clone()),
                ..Default::default()
            },
        };
        let page = self.client.list_threads(params).await?;
        let done = page.next_page_id.is_none();
        *cursor = match page.next_page_id {
            Some(page_id) => Cursor::More(page_id),
            None => Cursor::Done,
        };
        let mut threads = page.threads;
        threads.reverse(); // the server lists newest first
        Ok(HistoryPage {
            done,
            value: HistoryValue { threads },
        })
    }
}
