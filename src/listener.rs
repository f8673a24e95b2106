//! `ChatListener` (a foreign trait the host implements) and `Subscription` (what `on` / `once`
//! return; `cancel()` is the docs' `off`). Delivery is the core dispatcher's: one SDK thread,
//! in order, no SDK lock held, each call guarded, so a throwing listener is only logged.

use std::sync::Arc;

use crate::host::Host;
use crate::{ChatError, ChatEvent, ConnectionStatus};
use livechat_core as core;

/// Receives SDK events. Called on an SDK background thread (never the caller's, never a thread
/// the SDK waits on), in order, with no SDK lock held: hop to your UI thread yourself. It may
/// call SDK methods, blocking ones included. An exception thrown here is logged and does not
/// affect the SDK or other listeners.
#[uniffi::export(with_foreign)]
pub trait ChatListener: Send + Sync {
    fn on_event(&self, event: ChatEvent) -> Result<(), ChatError>;
}

/// Adapts a host listener to the core's `Listener`.
pub(crate) struct HostListener(Host<dyn ChatListener>);

impl HostListener {
    pub(crate) fn new(listener: Arc<dyn ChatListener>) -> HostListener {
        HostListener(Host::new(listener))
    }
}

impl core::Listener for HostListener {
    fn on_event(&self, event: &core::Event) {
        let name = event.name();
        if let Some(Err(error)) = self.0.call(|l| l.on_event(event.clone().into())) {
            tracing::warn!(event = name, %error, "an event listener failed");
        }
    }
}

/// The connection state an observer sees.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ConnectionState {
    pub status: ConnectionStatus,
    /// Known once the first token arrived (the `customer_id` event).
    pub customer_id: Option<String>,
}

/// Observes the connection state (`ChatClient.observe_state`): called at once with the current
/// state, then on every change, on an SDK background thread, one call at a time. When changes
/// come faster than the observer returns, it gets the latest state (like a `StateFlow`).
#[uniffi::export(with_foreign)]
pub trait StateObserver: Send + Sync {
    fn on_state(&self, state: ConnectionState) -> Result<(), ChatError>;
}

/// Adapts a host observer to the core's `StateObserver`.
pub(crate) struct HostObserver(Host<dyn StateObserver>);

impl HostObserver {
    pub(crate) fn new(observer: Arc<dyn StateObserver>) -> HostObserver {
        HostObserver(Host::new(observer))
    }
}

impl core::StateObserver for HostObserver {
    fn on_state(&self, state: &core::ConnectionState) {
        let state = ConnectionState {
            status: state.status.into(),
            customer_id: state.customer_id.clone(),
        };
        if let Some(Err(error)) = self.0.call(|o| o.on_state(state)) {
            tracing::warn!(%error, "a state observer failed");
        }
    }
}

/// A listener or observer registration. It stays active until `cancel()` (or `ChatClient.off`,
/// or `destroy()`); dropping or garbage-collecting the handle does NOT unsubscribe, since GC
/// timing would silently lose events.
#[derive(uniffi::Object)]
pub struct Subscription {
    target: Target,
}

enum Target {
    Listener(core::Client, core::ListenerId),
    Observer(core::Observation),
}

#[uniffi::export]
impl Subscription {
    /// Unsubscribes (the docs' `off`). True if it was still subscribed. Idempotent.
    pub fn cancel(&self) -> bool {
        match &self.target {
            Target::Listener(client, id) => client.off(*id),
            Target::Observer(observation) => observation.cancel(),
        }
    }
}

impl Subscription {
    pub(crate) fn new(client: core::Client, id: core::ListenerId) -> Arc<Self> {
        Arc::new(Subscription {
            target: Target::Listener(client, id),
        })
    }

    pub(crate) fn observation(observation: core::Observation) -> Arc<Self> {
        Arc::new(Subscription {
            target: Target::Observer(observation),
        })
    }
}
