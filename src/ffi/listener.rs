//! `ChatListener` (a foreign trait the host implements) and `Subscription` (what `on` / `once`
//! return; `cancel()` is the docs' `off`). Delivery is the core dispatcher's: one SDK thread,
//! in order, no SDK lock held, each call guarded, so a throwing listener is only logged.

use std::sync::Arc;

use crate::core;
use crate::ffi::{ChatError, ChatEvent};

/// Receives SDK events. Called on an SDK background thread (never the caller's, never a thread
/// the SDK waits on), in order, with no SDK lock held: hop to your UI thread yourself. It may
/// call SDK methods, blocking ones included. An exception thrown here is logged and does not
/// affect the SDK or other listeners.
#[uniffi::export(with_foreign)]
pub trait ChatListener: Send + Sync {
    fn on_event(&self, event: ChatEvent) -> Result<(), ChatError>;
}

/// Adapts a host listener to the core's `Listener`.
pub(crate) struct HostListener(pub(crate) Arc<dyn ChatListener>);

impl core::Listener for HostListener {
    fn on_event(&self, event: &core::Event) {
        let name = event.name();
        if let Err(error) = self.0.on_event(event.clone().into()) {
            tracing::warn!(event = name, %error, "an event listener failed");
        }
    }
}

/// A listener registration. It stays active until `cancel()` (or `ChatClient.off`, or
/// `destroy()`); dropping or garbage-collecting the handle does NOT unsubscribe, since GC timing
/// would silently lose events.
#[derive(uniffi::Object)]
pub struct Subscription {
    client: core::Client,
    id: core::ListenerId,
}

#[uniffi::export]
impl Subscription {
    /// Unsubscribes (the docs' `off`). True if it was still subscribed. Idempotent.
    pub fn cancel(&self) -> bool {
        self.client.off(self.id)
    }
}

impl Subscription {
    pub(crate) fn new(client: core::Client, id: core::ListenerId) -> Arc<Self> {
        Arc::new(Subscription { client, id })
    }
}
