//! Listener registry (`on` / `once` / `off`) and the dispatcher thread that calls listeners.
//!
//! One dispatcher OS thread per process (not a runtime worker) delivers every client's events in
//! the order they were emitted. Listeners are called with no internal lock held (the matching
//! listeners are snapshotted first), each call inside `catch_unwind`, so a listener may panic or
//! call blocking SDK methods without harming the SDK.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use crate::core::error::{Error, Result};
use crate::core::events::Event;

/// The 29 event names of the docs; `on`/`once` accept these or `"*"` (every event).
pub const EVENT_NAMES: &[&str] = &[
    "availability_updated",
    "chat_deactivated",
    "chat_properties_deleted",
    "chat_properties_updated",
    "chat_transferred",
    "connected",
    "connection_recovered",
    "connection_unstable",
    "customer_id",
    "customer_page_updated",
    "customer_updated",
    "disconnected",
    "event_properties_deleted",
    "event_properties_updated",
    "event_updated",
    "events_marked_as_seen",
    "greeting_accepted",
    "greeting_canceled",
    "incoming_chat",
    "incoming_event",
    "incoming_greeting",
    "incoming_rich_message_postback",
    "incoming_typing_indicator",
    "queue_position_updated",
    "thread_properties_deleted",
    "thread_properties_updated",
    "user_added_to_chat",
    "user_data",
    "user_removed_from_chat",
];

/// The filter that matches every event.
pub const ALL_EVENTS: &str = "*";

/// A host callback. Closures `Fn(&Event)` implement it.
pub trait Listener: Send + Sync {
    fn on_event(&self, event: &Event);
}

impl<F> Listener for F
where
    F: Fn(&Event) + Send + Sync,
{
    fn on_event(&self, event: &Event) {
        self(event)
    }
}

/// Handle returned by `on` / `once`, for `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(pub u64);

struct Entry {
    id: u64,
    /// `None` = every event.
    name: Option<&'static str>,
    once: bool,
    listener: Arc<dyn Listener>,
}

/// The listeners of one client.
#[derive(Default)]
pub(crate) struct Registry {
    entries: Mutex<Vec<Entry>>,
}

static NEXT_LISTENER_ID: AtomicU64 = AtomicU64::new(1);

impl Registry {
    pub(crate) fn add(
        &self,
        name: &str,
        once: bool,
        listener: Arc<dyn Listener>,
    ) -> Result<ListenerId> {
        let name = if name == ALL_EVENTS {
            None
        } else {
            let known = EVENT_NAMES
                .iter()
                .find(|known| **known == name)
                .ok_or_else(|| {
                    Error::invalid_argument(format!(
                        "Unknown event name {name:?}; see the docs' event list or use \"*\"."
                    ))
                })?;
            Some(*known)
        };
        let id = NEXT_LISTENER_ID.fetch_add(1, Ordering::Relaxed);
        self.lock().push(Entry {
            id,
            name,
            once,
            listener,
        });
        Ok(ListenerId(id))
    }

    /// True if the listener was registered (and is now removed).
    pub(crate) fn remove(&self, id: ListenerId) -> bool {
        let removed: Vec<Entry> = {
            let mut entries = self.lock();
            let (removed, kept) = std::mem::take(&mut *entries)
                .into_iter()
                .partition(|entry| entry.id == id.0);
            *entries = kept;
            removed
        };
        // Dropped after the lock is released: see `clear`.
        !removed.is_empty()
    }

    pub(crate) fn clear(&self) {
        let removed = std::mem::take(&mut *self.lock());
        // Dropping a host listener may call into the host and wait for its thread (React Native
        // frees JS callbacks on the JS thread), which may itself be waiting for this lock.
        drop(removed);
    }

    /// The listeners `event` goes to, in registration order; `once` entries are removed here.
    fn take_matching(&self, event_name: &str) -> Vec<Arc<dyn Listener>> {
        let mut entries = self.lock();
        let mut matching = Vec::new();
        entries.retain(|entry| {
            let hit = entry.name.is_none_or(|name| name == event_name);
            if hit {
                matching.push(entry.listener.clone());
            }
            !(hit && entry.once)
        });
        matching
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Entry>> {
        // A listener never runs under this lock, so poisoning cannot leave it inconsistent.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Events travel boxed: an `Event` is ~750 bytes, too large to copy through the channel or to
/// allocate through the allocator's slow path on every push.
enum Job {
    Emit(Arc<Registry>, Box<Event>),
    EmitAll(Arc<Registry>, Vec<Box<Event>>),
    /// Runs after every job queued before it (destroy: remove listeners after the final events).
    Clear(Arc<Registry>),
    /// Signals the sender once every job queued before it has run.
    Flush(std::sync::mpsc::SyncSender<()>),
}

static DISPATCHER: OnceLock<std::result::Result<Mutex<Sender<Job>>, String>> = OnceLock::new();

fn dispatcher() -> Result<Sender<Job>> {
    let started = DISPATCHER.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("livechat-events".into())
            .spawn(move || {
                for job in rx {
                    run(job);
                }
            })
            .map(|_| Mutex::new(tx))
            .map_err(|e| e.to_string())
    });
    match started {
        Ok(tx) => Ok(tx.lock().unwrap_or_else(|p| p.into_inner()).clone()),
        Err(e) => Err(Error::internal(format!(
            "Could not start the event dispatcher thread: {e}"
        ))),
    }
}

fn run(job: Job) {
    match job {
        Job::Emit(registry, event) => {
            for listener in registry.take_matching(event.name()) {
                if catch_unwind(AssertUnwindSafe(|| listener.on_event(&event))).is_err() {
                    tracing::warn!(event = event.name(), "an event listener panicked");
                }
            }
        }
        Job::EmitAll(registry, events) => {
            for event in events {
                run(Job::Emit(registry.clone(), event));
            }
        }
        Job::Clear(registry) => registry.clear(),
        Job::Flush(done) => {
            let _ = done.send(());
        }
    }
}

/// A client's connection to the dispatcher thread.
#[derive(Clone)]
pub(crate) struct Dispatcher {
    registry: Arc<Registry>,
    tx: Sender<Job>,
}

impl Dispatcher {
    pub(crate) fn new() -> Result<Dispatcher> {
        Ok(Dispatcher {
            registry: Arc::new(Registry::default()),
            tx: dispatcher()?,
        })
    }

    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Queues `event` for this client's listeners.
    pub(crate) fn emit(&self, event: Event) {
        self.emit_boxed(Box::new(event));
    }

    pub(crate) fn emit_boxed(&self, event: Box<Event>) {
        let _ = self.tx.send(Job::Emit(self.registry.clone(), event));
    }

    /// Queues several events at once (one wake-up of the dispatcher thread).
    pub(crate) fn emit_all(&self, events: Vec<Box<Event>>) {
        let _ = self.tx.send(Job::EmitAll(self.registry.clone(), events));
    }

    /// Removes every listener once the events queued so far have been delivered.
    pub(crate) fn clear_after_pending(&self) {
        let _ = self.tx.send(Job::Clear(self.registry.clone()));
    }

    /// Waits (blocking) until every event queued so far has been delivered. Not for the
    /// dispatcher thread itself (it would wait on itself): there it returns at once.
    pub fn flush_blocking(&self) {
        if std::thread::current().name() == Some("livechat-events") {
            return;
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        if self.tx.send(Job::Flush(tx)).is_ok() {
            let _ = rx.recv();
        }
    }
}
