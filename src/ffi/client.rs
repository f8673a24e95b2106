//! `ChatClient`: the SDK instance, created by `init`. Every documented method in a blocking form
//! and an `_async` twin.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::core;
use crate::ffi::{ChatConfig, ChatError, ChatListener, Subscription};

/// The SDK instance (the docs' `customerSDK`).
#[derive(uniffi::Object)]
pub struct ChatClient {
    config: ChatConfig,
    destroyed: AtomicBool,
    listeners: Mutex<Vec<(Arc<Subscription>, Arc<dyn ChatListener>)>>,
}

#[uniffi::export]
impl ChatClient {
    /// Creates an SDK instance (the docs' `init(config)`).
    #[uniffi::constructor]
    pub fn init(config: ChatConfig) -> Result<Arc<Self>, ChatError> {
        if config.client_id.is_empty() {
            return Err(core::Error::invalid_argument("clientId is required.").into());
        }
        Ok(Arc::new(ChatClient {
            config,
            destroyed: AtomicBool::new(false),
            listeners: Mutex::new(Vec::new()),
        }))
    }

    /// The configuration this instance was created with.
    pub fn config(&self) -> ChatConfig {
        self.config.clone()
    }

    /// Subscribes `listener` to every event until `Subscription.cancel()` (the docs' `on`).
    pub fn on(&self, listener: Arc<dyn ChatListener>) -> Result<Arc<Subscription>, ChatError> {
        self.ensure_alive()?;
        let subscription = Subscription::new();
        let mut listeners = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        listeners.push((subscription.clone(), listener));
        Ok(subscription)
    }

    /// Clears every resource, removes all listeners and disconnects (the docs' `destroy`).
    /// Later calls fail with `SDK_DESTROYED`. Idempotent.
    pub fn destroy(&self) -> Result<(), ChatError> {
        self.destroyed.store(true, Ordering::SeqCst);
        let removed =
            std::mem::take(&mut *self.listeners.lock().unwrap_or_else(|p| p.into_inner()));
        for (subscription, _) in removed {
            subscription.cancel();
        }
        Ok(())
    }

    /// Async twin of `destroy`.
    pub async fn destroy_async(&self) -> Result<(), ChatError> {
        self.destroy()
    }
}

impl ChatClient {
    fn ensure_alive(&self) -> Result<(), ChatError> {
        if self.destroyed.load(Ordering::SeqCst) {
            return Err(core::Error::destroyed().into());
        }
        Ok(())
    }
}
