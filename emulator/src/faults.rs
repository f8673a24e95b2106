//! Failures and delays injected through the control API (`fail`, `delay`, `reset`), so tests can
//! reach error paths and timing the real service shows only under load. Keys are action names: RTM
//! and Web API actions by name, `upload_file`, agent actions as `agent/<action>`. This module only
//! keeps the tables; the RTM and HTTP layers wait and answer as their protocol needs.

use crate::error::ApiError;
use std::collections::HashMap;

/// The longest injectable delay: 10 minutes.
const MAX_DELAY_MS: u64 = 600_000;

#[derive(Default)]
pub struct Faults {
    /// action -> (how many more requests fail, the error they get)
    fail: HashMap<String, (u64, ApiError)>,
    /// action -> milliseconds to wait before handling a request
    delay: HashMap<String, u64>,
}

impl Faults {
    /// The next `count` requests of `action` fail with `err`; `count == 0` clears.
    pub fn set_failure(&mut self, action: String, count: u64, err: ApiError) {
        if count == 0 {
            self.fail.remove(&action);
        } else {
            self.fail.insert(action, (count, err));
        }
    }

    /// Consumes one injected failure for `action`, if any.
    pub fn take_failure(&mut self, action: &str) -> Option<ApiError> {
        let entry = self.fail.get_mut(action)?;
        let err = entry.1.clone();
        entry.0 = entry.0.saturating_sub(1);
        if entry.0 == 0 {
            self.fail.remove(action);
        }
        Some(err)
    }

    /// Requests of `action` wait `ms` (at most 10 minutes) first; `ms == 0` clears.
    pub fn set_delay(&mut self, action: String, ms: u64) {
        if ms == 0 {
            self.delay.remove(&action);
        } else {
            self.delay.insert(action, ms.min(MAX_DELAY_MS));
        }
    }

    /// The injected delay of `action` in milliseconds (0: none).
    pub fn delay_ms(&self, action: &str) -> u64 {
        self.delay.get(action).copied().unwrap_or(0)
    }

    /// Clears every failure and delay (control op `reset`).
    pub fn clear(&mut self) {
        self.fail.clear();
        self.delay.clear();
    }
}

/// The answer to a request whose injected delay reaches the server's processing deadline.
pub fn request_timeout() -> ApiError {
    ApiError::new("request_timeout", "Request timed out")
}
