//! Event delivery: the listener registry (`on` / `once` / `off`), each client's bounded event
//! queue, and the delivery threads that call listeners.
//!
//! - Per client, events reach listeners in the order they were emitted, one at a time.
//! - Until a client's first listener is registered its events wait (at most [`HOLD_CAPACITY`],
//!   the oldest dropped beyond): `init` then `on` sees everything from the first `customer_id`,
//!   whatever the thread timing, as JS code does that subscribes right after `init`.
//! - The queue is bounded: at [`QUEUE_CAPACITY`] the engine stops reading its socket until the
//!   listeners catch up, so a fast server meets TCP backpressure instead of growing memory.
//! - Listeners run on delivery threads (never the runtime's workers), with no internal lock held.
//!   A client busy in a slow listener keeps one thread; other clients' events go to another
//!   (the pool grows when every thread is busy, up to [`MAX_THREADS`]). Idle threads end, at once
//!   when no client is left: a JVM counts a thread its callbacks attached as one to wait for.
//! - A panicking Rust listener is logged and the next listener gets the event. Host (FFI)
//!   listeners report failures as values and are never called once the host is exiting (see
//!   `ffi::host`): a foreign runtime stopping our thread at exit would abort the process.
//! - Host objects (listeners) are released on a delivery thread too, never on the engine's.

use std::cell::Cell;
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use tokio::sync::Notify;

use crate::error::{Error, Result};
use crate::events::Event;

/// Events a client may have queued for its listeners before its engine stops reading the socket.
pub const QUEUE_CAPACITY: usize = 1024;
/// Events kept for a client without any listener yet (the oldest are dropped beyond it).
pub const HOLD_CAPACITY: usize = 1024;
/// Most delivery threads; beyond it, clients wait for a free one.
pub const MAX_THREADS: usize = 64;
/// Events one turn hands to a client's listeners before other ready clients go first.
const TURN: usize = 64;
/// A delivery thread with nothing to do for this long ends.
const IDLE_EXIT: Duration = Duration::from_secs(5);

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
            let known = Event::NAMES
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

/// Host code to run on a delivery thread (state observers, releasing host objects).
pub(crate) type HostCall = Box<dyn FnOnce() + Send>;

/// Where a client's events wait for its listeners.
struct Queue {
    events: VecDeque<Box<Event>>,
    /// Run before the events of each turn; never held, still run after `close`.
    calls: VecDeque<HostCall>,
    /// No listener was registered yet: events wait for the first one.
    held: bool,
    /// In the pool's ready list or being delivered.
    scheduled: bool,
    /// A delivery thread is calling this client's listeners.
    delivering: bool,
    /// Destroyed: no more events are queued; listeners go once the queue is empty.
    closed: bool,
}

impl Queue {
    /// Whether a delivery turn has something to do.
    fn has_work(&self) -> bool {
        !self.calls.is_empty() || self.closed || (!self.held && !self.events.is_empty())
    }
}

/// One client's listeners and event queue.
struct Shared {
    registry: Registry,
    queue: Mutex<Queue>,
    /// The queue went below half its capacity (the engine reads its socket again).
    room: Notify,
    /// The queue went empty with nothing being delivered (`flush_blocking`).
    drained: Condvar,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // No listener runs under this lock and no code here panics while holding it.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Clients not destroyed (or dropped) yet: with none, idle delivery threads end at once.
static LIVE_CLIENTS: AtomicUsize = AtomicUsize::new(0);

impl Drop for Shared {
    fn drop(&mut self) {
        // Every handle is gone: a client dropped without `destroy()` counts out here.
        if !self.queue().closed {
            client_ended();
        }
    }
}

fn client_ended() {
    if LIVE_CLIENTS.fetch_sub(1, Ordering::SeqCst) == 1 {
        // Wake idle threads so that they end now.
        let pool = pool();
        drop(pool.lock());
        pool.ready_cv.notify_all();
    }
}

/// A client's handle on its listeners and event queue. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Dispatcher {
    shared: Arc<Shared>,
}

thread_local! {
    /// The client whose listeners this thread is calling (a `Shared` address), for `flush_blocking`.
    static DELIVERING: Cell<usize> = const { Cell::new(0) };
}

impl Dispatcher {
    pub(crate) fn new() -> Result<Dispatcher> {
        LIVE_CLIENTS.fetch_add(1, Ordering::SeqCst);
        Ok(Dispatcher {
            shared: Arc::new(Shared {
                registry: Registry::default(),
                queue: Mutex::new(Queue {
                    events: VecDeque::new(),
                    calls: VecDeque::new(),
                    held: true,
                    scheduled: false,
                    delivering: false,
                    closed: false,
                }),
                room: Notify::new(),
                drained: Condvar::new(),
            }),
        })
    }

    /// Registers a listener; the first one releases the events held so far. `SDK_DESTROYED`
    /// once the client is destroyed.
    pub(crate) fn add(
        &self,
        name: &str,
        once: bool,
        listener: Arc<dyn Listener>,
    ) -> Result<ListenerId> {
        let mut queue = self.shared.queue();
        if queue.closed {
            return Err(Error::destroyed());
        }
        // Registered under the queue lock: no event can be taken between the two steps.
        let id = self.shared.registry.add(name, once, listener)?;
        if queue.held {
            queue.held = false;
            self.schedule_locked(&mut queue);
        }
        Ok(id)
    }

    pub(crate) fn remove(&self, id: ListenerId) -> bool {
        self.shared.registry.remove(id)
    }

    /// Queues `event` for this client's listeners.
    pub(crate) fn emit(&self, event: Event) {
        self.emit_all(vec![Box::new(event)]);
    }

    /// Queues events in order. Never blocks: the engine checks [`Dispatcher::has_room`] before
    /// it reads more from the socket.
    pub(crate) fn emit_all(&self, events: impl IntoIterator<Item = Box<Event>>) {
        let mut queue = self.shared.queue();
        if queue.closed {
            return;
        }
        queue.events.extend(events);
        if queue.held {
            let excess = queue.events.len().saturating_sub(HOLD_CAPACITY);
            if excess > 0 {
                queue.events.drain(..excess);
                tracing::warn!(
                    dropped = excess,
                    "events dropped: no listener registered yet"
                );
            }
        } else {
            self.schedule_locked(&mut queue);
        }
    }

    /// Runs `call` on a delivery thread, before this client's next events (also once destroyed).
    pub(crate) fn run_host(&self, call: HostCall) {
        let mut queue = self.shared.queue();
        queue.calls.push_back(call);
        self.schedule_locked(&mut queue);
    }

    /// Whether the queue has room for more (the engine reads its socket only then). A client
    /// without listeners yet always has room: its held events are capped instead.
    pub(crate) fn has_room(&self) -> bool {
        let queue = self.shared.queue();
        queue.held || queue.events.len() < QUEUE_CAPACITY
    }

    /// Resolves once [`Dispatcher::has_room`] holds.
    pub(crate) async fn room(&self) {
        loop {
            let notified = self.shared.room.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.has_room() {
                return;
            }
            notified.await;
        }
    }

    /// Destroyed: nothing more is queued. `drop_queued` (the host's `destroy()`) drops what waits;
    /// otherwise (a forced destroy and its `disconnected`) it is delivered first. The listeners
    /// are then removed, on a delivery thread (releasing a host object may call into the host).
    pub(crate) fn close(&self, drop_queued: bool) {
        {
            let mut queue = self.shared.queue();
            if !queue.closed {
                client_ended();
            }
            queue.closed = true;
            if drop_queued || queue.held {
                queue.events.clear();
            }
            self.schedule_locked(&mut queue);
        }
        self.shared.room.notify_waiters();
    }

    /// Waits (blocking) until every event queued so far has been delivered (held events count as
    /// delivered: they wait for a listener). From this client's own listener it returns at once.
    pub fn flush_blocking(&self) {
        let me = Arc::as_ptr(&self.shared) as usize;
        if DELIVERING.with(Cell::get) == me {
            return;
        }
        let mut queue = self.shared.queue();
        while queue.delivering
            || !queue.calls.is_empty()
            || (!queue.held && !queue.events.is_empty())
        {
            queue = self
                .shared
                .drained
                .wait(queue)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    fn schedule_locked(&self, queue: &mut Queue) {
        if !queue.scheduled && queue.has_work() {
            queue.scheduled = true;
            pool().schedule(self.clone());
        }
    }

    /// One turn: up to [`TURN`] events to the matching listeners, on a delivery thread.
    fn deliver_turn(&self) {
        // Until the turn ends (listeners released included), `flush_blocking` waits.
        self.shared.queue().delivering = true;
        let turn = Turn(self);
        loop {
            let call = self.shared.queue().calls.pop_front();
            match call {
                Some(call) => call(),
                None => break,
            }
        }
        for _ in 0..TURN {
            let event = {
                let mut queue = self.shared.queue();
                if queue.held {
                    break;
                }
                let Some(event) = queue.events.pop_front() else {
                    break;
                };
                if queue.events.len() == QUEUE_CAPACITY / 2 {
                    self.shared.room.notify_waiters();
                }
                event
            };
            for listener in self.shared.registry.take_matching(event.name()) {
                if catch_unwind(AssertUnwindSafe(|| listener.on_event(&event))).is_err() {
                    tracing::warn!(event = event.name(), "an event listener panicked");
                }
            }
        }
        drop(turn);
    }
}

/// Ends a delivery turn (also if it unwinds): the client's remaining events go back to the pool,
/// or its listeners are removed when it was destroyed and nothing is left.
struct Turn<'a>(&'a Dispatcher);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let dispatcher = self.0;
        let shared = &dispatcher.shared;
        DELIVERING.with(|d| d.set(0));
        let clear = {
            let queue = shared.queue();
            queue.closed && queue.events.is_empty()
        };
        if clear {
            // Outside the lock: releasing a host listener may call into the host.
            shared.registry.clear();
        }
        {
            let mut queue = shared.queue();
            queue.delivering = false;
            if !queue.calls.is_empty() || (!queue.held && !queue.events.is_empty()) {
                pool().schedule(dispatcher.clone());
            } else {
                queue.scheduled = false;
                shared.drained.notify_all();
            }
        }
        shared.room.notify_waiters();
    }
}

/// The delivery threads, shared by every client.
struct Pool {
    state: Mutex<PoolState>,
    ready_cv: Condvar,
}

struct PoolState {
    ready: VecDeque<Dispatcher>,
    idle: usize,
    threads: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        state: Mutex::new(PoolState {
            ready: VecDeque::new(),
            idle: 0,
            threads: 0,
        }),
        ready_cv: Condvar::new(),
    })
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn schedule(&'static self, client: Dispatcher) {
        let mut state = self.lock();
        state.ready.push_back(client);
        if state.ready.len() > state.idle && state.threads < MAX_THREADS {
            self.spawn(&mut state);
        }
        drop(state);
        self.ready_cv.notify_one();
    }

    fn spawn(&'static self, state: &mut PoolState) {
        let started = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || self.work());
        match started {
            Ok(_) => state.threads += 1,
            // The threads already running serve the ready clients.
            Err(e) => tracing::warn!(error = %e, "could not start an event delivery thread"),
        }
    }

    fn work(&'static self) {
        let _worker = Worker(self);
        let mut state = self.lock();
        loop {
            if let Some(client) = state.ready.pop_front() {
                drop(state);
                DELIVERING.with(|d| d.set(Arc::as_ptr(&client.shared) as usize));
                client.deliver_turn();
                state = self.lock();
                continue;
            }
            if LIVE_CLIENTS.load(Ordering::SeqCst) == 0 {
                return; // `Worker` counts the thread out
            }
            state.idle += 1;
            let (next, timeout) = self
                .ready_cv
                .wait_timeout(state, IDLE_EXIT)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            state.idle -= 1;
            if timeout.timed_out() && state.ready.is_empty() {
                return; // `Worker` counts the thread out
            }
        }
    }
}

/// Counts a delivery thread out when it ends, also by unwinding; work left gets a new thread.
struct Worker(&'static Pool);

impl Drop for Worker {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.threads -= 1;
        if state.ready.len() > state.idle {
            self.0.spawn(&mut state);
        }
    }
}

/// Name of the delivery threads (listeners run there).
pub const THREAD_NAME: &str = "livechat-events";
