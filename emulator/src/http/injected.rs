//! Fault-injected answers of the HTTP APIs: the control API's `delay` and `fail` for an action.

use crate::error::ApiResult;
use crate::faults;
use crate::shared::Shared;
use std::sync::Arc;
use std::time::Duration;

/// Waits the injected delay of `action`, then fails if a failure is injected. A delay that reaches
/// `request_timeout_ms` answers `request_timeout` at that deadline instead.
pub async fn apply(s: &Arc<Shared>, action: &str) -> ApiResult<()> {
    let delay = s.lock().faults.delay_ms(action);
    let timeout = s.cfg.limits.request_timeout_ms;
    if delay >= timeout {
        tokio::time::sleep(Duration::from_millis(timeout)).await;
        return Err(faults::request_timeout());
    }
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match s.lock().faults.take_failure(action) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
