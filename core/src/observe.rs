//! Connection state as something a host observes: the current value at once, then every change,
//! called on a delivery thread (never a runtime worker) one call at a time. Intermediate values
//! are skipped when the observer is slower than the changes (a conflated state, like Kotlin's
//! `StateFlow`): it always ends on the latest value, `Destroyed` last.
//!
//! Rust code can use the `watch` receivers (`Client::status_updates`) directly.

use std::sync::{Arc, Mutex};

use tokio::sync::{oneshot, watch};

use crate::dispatch::Dispatcher;
use crate::engine::state::Status;
use crate::error::Result;
use crate::runtime;

/// What an observer sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionState {
    pub status: Status,
    /// Known once the first token arrived.
    pub customer_id: Option<String>,
}

/// A host callback for [`ConnectionState`]. Closures `Fn(&ConnectionState)` implement it.
pub trait StateObserver: Send + Sync {
    fn on_state(&self, state: &ConnectionState);
}

impl<F> StateObserver for F
where
    F: Fn(&ConnectionState) + Send + Sync,
{
    fn on_state(&self, state: &ConnectionState) {
        self(state)
    }
}

/// Ends an observation (`cancel`); dropping it does not.
pub struct Observation {
    cancel: Mutex<Option<oneshot::Sender<()>>>,
}

impl Observation {
    /// Stops the calls. True if it was still observing.
    pub fn cancel(&self) -> bool {
        let sender = self.cancel.lock().unwrap_or_else(|p| p.into_inner()).take();
        sender.is_some_and(|sender| sender.send(()).is_ok())
    }
}

pub(crate) fn observe(
    mut status: watch::Receiver<Status>,
    mut customer_id: watch::Receiver<Option<String>>,
    dispatcher: Dispatcher,
    observer: Arc<dyn StateObserver>,
) -> Result<Observation> {
    let (cancel, cancel_rx) = oneshot::channel::<()>();
    runtime::handle()?.spawn(async move {
        // Only `cancel()` ends an observation: a dropped `Observation` closes the channel, which
        // must not count (as for listener subscriptions).
        let mut cancelled = Box::pin(async move {
            if cancel_rx.await.is_err() {
                std::future::pending::<()>().await;
            }
        });
        loop {
            let state = ConnectionState {
                status: *status.borrow_and_update(),
                customer_id: customer_id.borrow_and_update().clone(),
            };
            let last = state.status == Status::Destroyed;
            // One call at a time: the next value is read once this one was delivered.
            let (delivered, done) = oneshot::channel();
            let target = observer.clone();
            dispatcher.run_host(Box::new(move || {
                target.on_state(&state);
                let _ = delivered.send(());
            }));
            let stop = tokio::select! {
                delivered = done => delivered.is_err(),
                _ = &mut cancelled => true,
            };
            if stop || last {
                break;
            }
            // Status first: when the client goes away right after its last change (destroy, then
            // the handle freed), the final status must still be seen, not the closed channel.
            let stop = tokio::select! {
                biased;
                changed = status.changed() => changed.is_err(),
                changed = customer_id.changed() => changed.is_err(),
                _ = &mut cancelled => true,
            };
            if stop {
                break;
            }
        }
        // Releasing a host object may call into the host: not on a runtime worker.
        dispatcher.run_host(Box::new(move || drop(observer)));
    });
    Ok(Observation {
        cancel: Mutex::new(Some(cancel)),
    })
}
