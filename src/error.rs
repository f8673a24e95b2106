//! `ChatError`: the one error every exported call can throw. Hosts see it as `ChatError`
//! (Python, Swift) / `ChatException` (Kotlin), variant `Failed`, with the stable upper-case `code`
//! of the SDK docs (`"GROUP_OFFLINE"`, `"CONNECTION_LOST"`...; see `error_codes()`) and a
//! human-readable `reason`. The field is not called `message`: that clashes with Kotlin's
//! `Throwable.message`. `error_code()` gives the same code as the exported `ErrorCode` enum, for an
//! exhaustive `when` / `switch` (its `Other` case keeps codes a newer server may add).

use livechat_core as core;
pub use livechat_core::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ChatError {
    /// The call failed. `code` is stable (branch on it); `reason` is for humans and logs.
    #[error("{code}: {reason}")]
    Failed { code: String, reason: String },
}

impl ChatError {
    /// `code`: one of `ErrorCode`'s strings (`ErrorCode::X.as_str()`).
    pub(crate) fn new(code: impl Into<String>, reason: impl Into<String>) -> Self {
        ChatError::Failed {
            code: code.into(),
            reason: reason.into(),
        }
    }
}

#[uniffi::export]
impl ChatError {
    /// `code` as an `ErrorCode` (`Other` for a code this SDK version does not name).
    pub fn error_code(&self) -> ErrorCode {
        let ChatError::Failed { code, .. } = self;
        ErrorCode::from_wire(code)
    }
}

/// Exports the core's `ErrorCode` as is, from the core's one table of codes.
macro_rules! export_error_code {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        #[uniffi::remote(Enum)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            Other { code: String },
        }
    };
}

core::with_error_codes!(export_error_code);

impl From<core::Error> for ChatError {
    fn from(error: core::Error) -> Self {
        ChatError::new(error.code.as_str(), error.message)
    }
}

/// A host implementation (token provider...) failed: its code and reason reach the core as is.
impl From<ChatError> for core::Error {
    fn from(error: ChatError) -> Self {
        let ChatError::Failed { code, reason } = error;
        core::Error::new(core::ErrorCode::from_wire(&code), reason)
    }
}

/// A host callback threw something that is not a `ChatError` (or could not be called at all).
/// Without this conversion UniFFI would panic.
impl From<uniffi::UnexpectedUniFFICallbackError> for ChatError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ChatError::new(ErrorCode::CallbackFailed.as_str(), error.reason)
    }
}

/// Every named error code the SDK can throw (servers may add others, kept verbatim).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    core::ErrorCode::ALL
        .iter()
        .map(|code| code.as_str().to_owned())
        .collect()
}
