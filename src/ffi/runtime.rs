//! How exported methods meet the SDK's one tokio runtime (`core::runtime`):
//! - blocking form: run on the runtime, wait on the caller's thread (`WRONG_THREAD` if the caller
//!   is itself a runtime thread, instead of a deadlock or a panic);
//! - async form (the JoinHandle bridge): spawn on the runtime and await the handle, so the host's
//!   executor (asyncio, coroutines, Swift tasks, JS) only polls a handle and never needs tokio.

use std::future::Future;

use crate::core;
use crate::ffi::ChatError;

pub(crate) fn blocking<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    Ok(core::runtime::block_on(fut)??)
}

pub(crate) async fn spawned<T, F>(fut: F) -> Result<T, ChatError>
where
    F: Future<Output = core::error::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let handle = core::runtime::handle()?;
    match handle.spawn(fut).await {
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
