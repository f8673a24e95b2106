//! The one process-wide tokio runtime shared by every `Client`, and `block_on` for host threads.
//!
//! One runtime (2 workers) for all clients keeps an idle client cheap: no thread per client. It is
//! created on first use and never dropped, so no client can end up dropping it on one of its own
//! threads.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime};

use crate::error::{Error, ErrorCode, Result};

static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();

/// Name of the runtime's worker threads.
pub const THREAD_NAME: &str = "livechat-rt";

/// The shared runtime's handle (starting the runtime on first use).
pub fn handle() -> Result<Handle> {
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(THREAD_NAME)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    match runtime {
        Ok(runtime) => Ok(runtime.handle().clone()),
        Err(e) => Err(Error::internal(format!(
            "Could not start the SDK runtime: {e}"
        ))),
    }
}

/// `WRONG_THREAD` when the calling thread runs inside any tokio runtime (an SDK worker, or a
/// host's own async task), where blocking could deadlock or panic.
pub fn ensure_may_block() -> Result<()> {
    if Handle::try_current().is_ok() {
        return Err(Error::new(
            ErrorCode::WrongThread,
            "A blocking SDK call was made from an async runtime thread; use the async form.",
        ));
    }
    Ok(())
}

/// Runs `fut` on the shared runtime and waits for it on the calling (host) thread.
///
/// Called from inside any tokio runtime (an SDK worker, or a host's own async task) it returns
/// `WRONG_THREAD` instead of blocking a worker, which could deadlock or panic. Event listeners run
/// on the dispatcher thread, not a runtime thread, so they may use it.
pub fn block_on<F>(fut: F) -> Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    ensure_may_block()?;
    let handle = handle()?;
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    handle.spawn(async move {
        let _ = tx.send(fut.await);
    });
    // The sender is dropped without a value only if the future panicked.
    rx.recv()
        .map_err(|_| Error::internal("The SDK task ended without a result (it panicked)."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_runs_on_the_shared_runtime() {
        let name = block_on(async { std::thread::current().name().map(str::to_owned) }).unwrap();
        assert_eq!(name.as_deref(), Some(THREAD_NAME));
    }

    #[test]
    fn block_on_from_a_runtime_thread_is_wrong_thread() {
        let err = block_on(async { block_on(async {}) }).unwrap().unwrap_err();
        assert_eq!(err.code, ErrorCode::WrongThread);
    }

    #[test]
    fn a_panicking_future_is_an_internal_error() {
        let err = block_on(async {
            if std::hint::black_box(true) {
                panic!("boom");
            }
        })
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal);
    }
}
