//! How exported methods meet the SDK's one tokio runtime (`core::runtime`):
//! - both forms first poll the method once on the calling thread (inside the runtime's context):
//!   that poll validates the arguments and queues the request for the wire, so requests reach the
//!   wire in call order (the blocking form: in call order; the async form: in the order the host
//!   first polls, which is call order for Kotlin coroutines, Swift tasks, asyncio tasks and JS);
//! - blocking form: the rest runs on the runtime while the caller's thread waits (`WRONG_THREAD`
//!   if the caller is itself a runtime thread, instead of a deadlock or a panic);
//! - async form (the JoinHandle bridge): the rest is spawned on the runtime and the host's
//!   executor (asyncio, coroutines, Swift tasks, JS) only polls a handle and never needs tokio.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::ChatError;
use livechat_core as core;

/// The method's future, type-erased (result included) before it meets the runtime: the runtime's
/// task machinery is then compiled once instead of twice per method (a smaller library).
type Work = Pin<Box<dyn Future<Output = core::error::Result<Box<dyn Any + Send>>> + Send>>;

fn erase<T, F>(fut: F) -> Work
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    Box::pin(async move {
        fut.await
            .map(|value| Box::new(value) as Box<dyn Any + Send>)
    })
}

fn restore<T: 'static>(value: Box<dyn Any + Send>) -> Result<T, ChatError> {
    value
        .downcast::<T>()
        .map(|value| *value)
        .map_err(|_| ChatError::new("INTERNAL", "A result of an unexpected type."))
}

/// A method after its first poll on the caller's thread.
enum Started {
    Done(core::error::Result<Box<dyn Any + Send>>),
    Running(Work),
}

/// Polls `work` once, here, with the runtime entered (timers and sockets it creates belong to the
/// runtime). The waker is a no-op: whoever drives the rest polls it again at once.
fn start(mut work: Work) -> Result<Started, ChatError> {
    let handle = core::runtime::handle()?;
    let _runtime = handle.enter();
    let waker = futures_util::task::noop_waker();
    let mut cx = Context::from_waker(&waker);
    match catch_unwind(AssertUnwindSafe(|| work.as_mut().poll(&mut cx))) {
        Ok(Poll::Ready(result)) => Ok(Started::Done(result)),
        Ok(Poll::Pending) => Ok(Started::Running(work)),
        Err(_) => Err(ChatError::new(
            "INTERNAL",
            "The SDK task ended without a result (it panicked).",
        )),
    }
}

pub(crate) fn blocking<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    core::runtime::ensure_may_block()?;
    match start(erase(fut))? {
        Started::Done(result) => restore(result?),
        Started::Running(work) => restore(block_erased(work)?),
    }
}

fn block_erased(work: Work) -> Result<Box<dyn Any + Send>, ChatError> {
    Ok(core::runtime::block_on(work)??)
}

pub(crate) async fn spawned<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    match start(erase(fut))? {
        Started::Done(result) => restore(result?),
        Started::Running(work) => restore(spawn_erased(work).await?),
    }
}

async fn spawn_erased(work: Work) -> Result<Box<dyn Any + Send>, ChatError> {
    let handle = core::runtime::handle()?;
    match handle.spawn(work).await {
        Ok(result) => Ok(result?),
        Err(join) => Err(ChatError::new(
            "INTERNAL",
            format!(
                "The SDK task ended without a result ({}).",
                if join.is_panic() {
                    "it panicked"
                } else {
                    "cancelled"
                }
            ),
        )),
    }
}
