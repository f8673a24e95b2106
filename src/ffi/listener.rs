//! `ChatListener` (a foreign trait the host implements) and `Subscription` (the handle `on` /
//! `once` return; `cancel()` is `off`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::ffi::{ChatError, ChatEvent};

/// Receives SDK events. Called on an SDK background thread (never the caller's), in order, with
/// no SDK lock held: hop to your UI thread yourself. An exception thrown here is logged and
/// does not affect the SDK or other listeners.
#[uniffi::export(with_foreign)]
pub trait ChatListener: Send + Sync {
    fn on_event(&self, event: ChatEvent) -> Result<(), ChatError>;
}

/// A listener registration. It stays active until `cancel()` or `destroy()`; dropping or
/// garbage-collecting the handle does NOT unsubscribe (GC timing would silently lose events).
#[derive(uniffi::Object)]
pub struct Subscription {
    active: AtomicBool,
}

#[uniffi::export]
impl Subscription {
    /// Unsubscribes (the docs' `off`). Idempotent.
    pub fn cancel(&self) {
        self.active.store(false, Ordering::SeqCst);
    }

    /// True until `cancel()` (or, for `once`, until the first delivery).
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::SeqCst)
    }
}

impl Subscription {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Subscription {
            active: AtomicBool::new(true),
        })
    }
}
