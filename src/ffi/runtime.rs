//! How exported methods meet the SDK's one tokio runtime (`core::runtime`):
//! - blocking form: run on the runtime, wait on the caller's thread (`WRONG_THREAD` if the caller
//!   is itself a runtime thread, instead of a deadlock or a panic);
//! - async form (the JoinHandle bridge): spawn on the runtime and await the handle, so the host's
//!   executor (asyncio, coroutines, Swift tasks, JS) only polls a handle and never needs tokio.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use crate::core;
use crate::ffi::ChatError;

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

pub(crate) fn blocking<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    restore(block_erased(erase(fut))?)
}

fn block_erased(work: Work) -> Result<Box<dyn Any + Send>, ChatError> {
    Ok(core::runtime::block_on(work)??)
}

pub(crate) async fn spawned<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    restore(spawn_erased(erase(fut)).await?)
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
