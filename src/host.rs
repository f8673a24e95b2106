//! Every call into host code (listeners, observers, plug-ins, the log sink) and every release of
//! a host object goes through here, so that the process can exit cleanly.
//!
//! At exit a host runtime may stop threads that call into it: CPython makes a foreign thread
//! that asks for the GIL during finalisation leave through `pthread_exit`, a forced unwind no
//! Rust frame may catch (the process aborts). `prepare_for_exit()` (the Python package calls it
//! from `atexit`, before finalisation) makes the SDK stop calling the host and waits for calls in
//! progress to return; host objects still held are then leaked, not released.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

static EXITING: AtomicBool = AtomicBool::new(false);
/// Calls into the host in progress, on every thread.
static IN_HOST: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Calls into the host in progress on this thread (a host call may call back into the SDK).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// How long `prepare_for_exit` waits for host calls in progress.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Counts one call into the host for as long as it lives.
struct Entered;

impl Entered {
    fn enter() -> Option<Entered> {
        IN_HOST.fetch_add(1, Ordering::SeqCst);
        DEPTH.with(|d| d.set(d.get() + 1));
        let entered = Entered;
        // Checked after counting: `prepare_for_exit` sets the flag, then waits for the count.
        (!EXITING.load(Ordering::SeqCst)).then_some(entered)
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
        IN_HOST.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `f` (which calls into the host) unless the host is exiting.
pub(crate) fn call<R>(f: impl FnOnce() -> R) -> Option<R> {
    let _entered = Entered::enter()?;
    Some(f())
}

/// Runs blocking host code (a store, a data provider). On a runtime worker the worker's other
/// tasks are first handed to another thread (`block_in_place`), so a slow plug-in delays only the
/// client that called it, never the others.
pub(crate) fn blocking<R>(f: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

/// Whether the host is exiting (no more calls into it).
pub(crate) fn exiting() -> bool {
    EXITING.load(Ordering::SeqCst)
}

/// A host object, released through the gate: leaked once the host is exiting (releasing it would
/// call into the host).
pub(crate) struct Host<T: ?Sized>(Option<Arc<T>>);

impl<T: ?Sized> Host<T> {
    pub(crate) fn new(object: Arc<T>) -> Host<T> {
        Host(Some(object))
    }

    /// The object unless the host is exiting (for async calls, whose future borrows it).
    pub(crate) fn get(&self) -> Option<&T> {
        self.0.as_deref().filter(|_| !exiting())
    }

    /// Runs `f` with the object unless the host is exiting.
    pub(crate) fn call<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        let object = self.0.as_deref()?;
        call(|| f(object))
    }
}

impl<T: ?Sized> Drop for Host<T> {
    fn drop(&mut self) {
        if let Some(object) = self.0.take() {
            match Entered::enter() {
                Some(_entered) => drop(object),
                None => std::mem::forget(object),
            }
        }
    }
}

/// Stops every call into host code and waits (at most 2 s) for calls in progress to return.
/// Call it before the host runtime shuts down (the Python package does, from `atexit`); the SDK
/// stays usable from the host, but listeners, observers and plug-ins are no longer called.
#[uniffi::export]
pub fn prepare_for_exit() {
    EXITING.store(true, Ordering::SeqCst);
    let mine = DEPTH.with(Cell::get);
    let deadline = Instant::now() + EXIT_WAIT;
    while IN_HOST.load(Ordering::SeqCst) > mine && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
}
