//! `get_chat_history` returns a `ChatHistory` object: `next()` loads older threads on demand.

use std::sync::Arc;

use crate::runtime::{blocking, spawned};
use crate::types::HistoryPage;
use crate::ChatError;
use livechat_core as core;

/// The history of one chat (the docs' async iterator). Calls are served one at a time in order.
#[derive(uniffi::Object)]
pub struct ChatHistory {
    inner: core::history::ChatHistory,
}

impl ChatHistory {
    pub(crate) fn new(inner: core::history::ChatHistory) -> Arc<Self> {
        Arc::new(ChatHistory { inner })
    }
}

#[uniffi::export]
impl ChatHistory {
    pub fn chat_id(&self) -> String {
        self.inner.chat_id().to_owned()
    }

    /// The next (older) threads. `done` is true on the last page with data and after it.
    pub fn next(&self) -> Result<HistoryPage, ChatError> {
        let inner = self.inner.clone();
        blocking(async move { inner.next().await.map(Into::into) })
    }

    /// Async twin of `next`.
    pub async fn next_async(&self) -> Result<HistoryPage, ChatError> {
        let inner = self.inner.clone();
        spawned(async move { inner.next().await.map(Into::into) }).await
    }
}
