//! The one error type of the SDK: a stable code (as in the public docs) and a human message.

use std::fmt;

/// Stable error codes. The string form (`as_str`) is the documented upper-case code.
///
/// Server error types arrive lower-case on the wire (`"group_offline"`); `from_wire` upper-cases
/// them. This is the one table of codes: the FFI layer exports this enum as is (`ffi::error`), so
/// every code a server or the SDK produces must be named here; anything else is kept verbatim in
/// `Other`, so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    // The 8 standard codes of the docs.
    ConnectionLost,
    CustomerBanned,
    GroupNotFound,
    Internal,
    PendingRequestsLimitReached,
    RequestTimeout,
    ServiceUnavailable,
    Validation,
    // Per-method codes of the docs.
    GreetingNotFound,
    MissingChatThread,
    GroupOffline,
    GroupUnavailable,
    ChatAlreadyActive,
    GroupsOffline,
    ChatLimitReached,
    CustomerSessionFieldsLimitReached,
    // Codes the reference client creates itself.
    SdkDestroyed,
    NoConnection,
    TooBigFile,
    UploadFailed,
    UploadCanceled,
    MisdirectedConnection,
    ServiceTemporarilyUnavailable,
    TooManyUnauthorizedConnections,
    IdentityMismatch,
    Authentication,
    UsersLimitReached,
    WrongProductVersion,
    SsoIdentityException,
    SsoOauthException,
    // Other server codes of Customer Chat API v3.3 (protocol §6.2) and of its HTTP actions.
    Authorization,
    ChatInactive,
    EntityTooLarge,
    RequestTooLarge,
    LicenseExpired,
    LicenseNotFound,
    LimitReached,
    MisdirectedRequest,
    NotFound,
    TooManyRequests,
    UnsupportedVersion,
    // Codes this SDK adds where the reference client has no code at all.
    /// `connect()` while a connection is already open or being opened.
    AlreadyConnected,
    /// A server frame or HTTP response the SDK could not understand.
    BadResponse,
    /// A blocking call was made from an SDK runtime thread (it would deadlock).
    WrongThread,
    /// A host callback (token provider, listener...) threw something that is not an SDK error.
    CallbackFailed,
    /// Any other server code, upper-cased as received.
    Other {
        code: String,
    },
}

impl ErrorCode {
    /// Every named code, for tables and tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::ConnectionLost,
        ErrorCode::CustomerBanned,
        ErrorCode::GroupNotFound,
        ErrorCode::Internal,
        ErrorCode::PendingRequestsLimitReached,
        ErrorCode::RequestTimeout,
        ErrorCode::ServiceUnavailable,
        ErrorCode::Validation,
        ErrorCode::GreetingNotFound,
        ErrorCode::MissingChatThread,
        ErrorCode::GroupOffline,
        ErrorCode::GroupUnavailable,
        ErrorCode::ChatAlreadyActive,
        ErrorCode::GroupsOffline,
        ErrorCode::ChatLimitReached,
        ErrorCode::CustomerSessionFieldsLimitReached,
        ErrorCode::SdkDestroyed,
        ErrorCode::NoConnection,
        ErrorCode::TooBigFile,
        ErrorCode::UploadFailed,
        ErrorCode::UploadCanceled,
        ErrorCode::MisdirectedConnection,
        ErrorCode::ServiceTemporarilyUnavailable,
        ErrorCode::TooManyUnauthorizedConnections,
        ErrorCode::IdentityMismatch,
        ErrorCode::Authentication,
        ErrorCode::UsersLimitReached,
        ErrorCode::WrongProductVersion,
        ErrorCode::SsoIdentityException,
        ErrorCode::SsoOauthException,
        ErrorCode::Authorization,
        ErrorCode::ChatInactive,
        ErrorCode::EntityTooLarge,
        ErrorCode::RequestTooLarge,
        ErrorCode::LicenseExpired,
        ErrorCode::LicenseNotFound,
        ErrorCode::LimitReached,
        ErrorCode::MisdirectedRequest,
        ErrorCode::NotFound,
        ErrorCode::TooManyRequests,
        ErrorCode::UnsupportedVersion,
        ErrorCode::AlreadyConnected,
        ErrorCode::BadResponse,
        ErrorCode::WrongThread,
        ErrorCode::CallbackFailed,
    ];

    /// The documented upper-case code.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::ConnectionLost => "CONNECTION_LOST",
            ErrorCode::CustomerBanned => "CUSTOMER_BANNED",
            ErrorCode::GroupNotFound => "GROUP_NOT_FOUND",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::PendingRequestsLimitReached => "PENDING_REQUESTS_LIMIT_REACHED",
            ErrorCode::RequestTimeout => "REQUEST_TIMEOUT",
            ErrorCode::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            ErrorCode::Validation => "VALIDATION",
            ErrorCode::GreetingNotFound => "GREETING_NOT_FOUND",
            ErrorCode::MissingChatThread => "MISSING_CHAT_THREAD",
            ErrorCode::GroupOffline => "GROUP_OFFLINE",
            ErrorCode::GroupUnavailable => "GROUP_UNAVAILABLE",
            ErrorCode::ChatAlreadyActive => "CHAT_ALREADY_ACTIVE",
            ErrorCode::GroupsOffline => "GROUPS_OFFLINE",
            ErrorCode::ChatLimitReached => "CHAT_LIMIT_REACHED",
            ErrorCode::CustomerSessionFieldsLimitReached => "CUSTOMER_SESSION_FIELDS_LIMIT_REACHED",
            ErrorCode::SdkDestroyed => "SDK_DESTROYED",
            ErrorCode::NoConnection => "NO_CONNECTION",
            ErrorCode::TooBigFile => "TOO_BIG_FILE",
            ErrorCode::UploadFailed => "UPLOAD_FAILED",
            ErrorCode::UploadCanceled => "UPLOAD_CANCELED",
            ErrorCode::MisdirectedConnection => "MISDIRECTED_CONNECTION",
            ErrorCode::ServiceTemporarilyUnavailable => "SERVICE_TEMPORARILY_UNAVAILABLE",
            ErrorCode::TooManyUnauthorizedConnections => "TOO_MANY_UNAUTHORIZED_CONNECTIONS",
            ErrorCode::IdentityMismatch => "IDENTITY_MISMATCH",
            ErrorCode::Authentication => "AUTHENTICATION",
            ErrorCode::UsersLimitReached => "USERS_LIMIT_REACHED",
            ErrorCode::WrongProductVersion => "WRONG_PRODUCT_VERSION",
            ErrorCode::SsoIdentityException => "SSO_IDENTITY_EXCEPTION",
            ErrorCode::SsoOauthException => "SSO_OAUTH_EXCEPTION",
            ErrorCode::Authorization => "AUTHORIZATION",
            ErrorCode::ChatInactive => "CHAT_INACTIVE",
            ErrorCode::EntityTooLarge => "ENTITY_TOO_LARGE",
            ErrorCode::RequestTooLarge => "REQUEST_TOO_LARGE",
            ErrorCode::LicenseExpired => "LICENSE_EXPIRED",
            ErrorCode::LicenseNotFound => "LICENSE_NOT_FOUND",
            ErrorCode::LimitReached => "LIMIT_REACHED",
            ErrorCode::MisdirectedRequest => "MISDIRECTED_REQUEST",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::TooManyRequests => "TOO_MANY_REQUESTS",
            ErrorCode::UnsupportedVersion => "UNSUPPORTED_VERSION",
            ErrorCode::AlreadyConnected => "ALREADY_CONNECTED",
            ErrorCode::BadResponse => "BAD_RESPONSE",
            ErrorCode::WrongThread => "WRONG_THREAD",
            ErrorCode::CallbackFailed => "CALLBACK_FAILED",
            ErrorCode::Other { code } => code,
        }
    }

    /// Parses a code in either case (`"group_offline"` from the wire, `"GROUP_OFFLINE"` from a host).
    pub fn from_wire(code: &str) -> ErrorCode {
        let upper = code.to_ascii_uppercase();
        ErrorCode::ALL
            .iter()
            .find(|known| known.as_str() == upper)
            .cloned()
            .unwrap_or(ErrorCode::Other { code: upper })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An SDK error: the stable `code` to branch on and a `message` for humans (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if message.is_empty() {
            // The reference client rejects some calls with an empty message; we always say something.
            message = default_message(&code).to_owned();
        }
        Error { code, message }
    }

    /// A bad argument or option, rejected before anything is sent. `VALIDATION`, the code the server
    /// gives the reference client for the same request; the message names the argument.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Validation, message)
    }

    pub fn connection_lost() -> Self {
        Error::new(ErrorCode::ConnectionLost, "Connection lost.")
    }

    pub fn no_connection() -> Self {
        Error::new(ErrorCode::NoConnection, "No connection.")
    }

    pub fn destroyed() -> Self {
        Error::new(ErrorCode::SdkDestroyed, "SDK destroyed.")
    }

    pub fn timeout() -> Self {
        Error::new(ErrorCode::RequestTimeout, "Request timed out.")
    }

    pub fn bad_response(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::BadResponse, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Internal, message)
    }

    /// An error frame from the server: `{"type": "...", "message": "..."}`.
    pub fn from_server(kind: &str, message: &str) -> Self {
        Error::new(ErrorCode::from_wire(kind), message)
    }
}

fn default_message(code: &ErrorCode) -> &'static str {
    match code {
        ErrorCode::ConnectionLost => "Connection lost.",
        ErrorCode::SdkDestroyed => "SDK destroyed.",
        ErrorCode::NoConnection => "No connection.",
        ErrorCode::RequestTimeout => "Request timed out.",
        ErrorCode::MisdirectedConnection => "Connected to wrong region.",
        ErrorCode::TooBigFile => "The file is too big (max size is 10.00 MB).",
        ErrorCode::UploadFailed => "Upload failed.",
        ErrorCode::UploadCanceled => "Upload canceled.",
        ErrorCode::IdentityMismatch => "Identity has changed.",
        ErrorCode::ServiceTemporarilyUnavailable => "Service temporarily unavailable.",
        ErrorCode::TooManyUnauthorizedConnections => "Too many unauthorized connections.",
        ErrorCode::PendingRequestsLimitReached => "Too many pending requests.",
        _ => "The request failed.",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_codes_round_trip_and_unknown_codes_are_kept() {
        for code in ErrorCode::ALL {
            assert_eq!(&ErrorCode::from_wire(&code.as_str().to_lowercase()), code);
        }
        assert_eq!(
            ErrorCode::from_wire("brand_new"),
            ErrorCode::Other {
                code: "BRAND_NEW".into()
            }
        );
    }

    #[test]
    fn messages_are_never_empty() {
        assert_eq!(
            Error::new(ErrorCode::SdkDestroyed, "").message,
            "SDK destroyed."
        );
        assert!(!Error::from_server("internal", "").message.is_empty());
    }
}
