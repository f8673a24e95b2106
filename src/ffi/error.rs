//! `ChatError`: the one error every exported call can throw. Hosts see it as `ChatError`
//! (Python, Swift) / `ChatException` (Kotlin), with the stable upper-case `code` of the SDK docs
//! (`"GROUP_OFFLINE"`, `"CONNECTION_LOST"`...) and a human-readable `reason`.
//! The field is not called `message`: that clashes with Kotlin's `Throwable.message`.

use crate::core;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ChatError {
    /// The call failed. `code` is stable (branch on it); `reason` is for humans and logs.
    #[error("{code}: {reason}")]
    Failed { code: String, reason: String },
}

impl ChatError {
    pub(crate) fn new(code: impl Into<String>, reason: impl Into<String>) -> Self {
        ChatError::Failed {
            code: code.into(),
            reason: reason.into(),
        }
    }
}

impl From<core::Error> for ChatError {
    fn from(error: core::Error) -> Self {
        ChatError::new(error.code.as_str(), error.message)
    }
}

/// A host callback threw something that is not a `ChatError` (or the callback could not be
/// called at all). Without this conversion UniFFI would panic.
impl From<uniffi::UnexpectedUniFFICallbackError> for ChatError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ChatError::new("CALLBACK_FAILED", error.reason)
    }
}
