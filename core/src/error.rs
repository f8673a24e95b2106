//! The one error type of the SDK: a stable code (as in the public docs) and a human message.

use std::fmt;

/// The one table of error codes: each named code with its documented upper-case string. The core's
/// [`ErrorCode`] and the exported enum of the `livechat` crate are both generated from it:
/// `with_error_codes!(my_macro)` calls `my_macro! { $( $(#[$doc])* Variant => "CODE", )* }`.
#[macro_export]
macro_rules! with_error_codes {
    ($callback:path) => {
        $callback! {
            // The 8 standard codes of the docs.
            ConnectionLost => "CONNECTION_LOST",
            CustomerBanned => "CUSTOMER_BANNED",
            GroupNotFound => "GROUP_NOT_FOUND",
            Internal => "INTERNAL",
            PendingRequestsLimitReached => "PENDING_REQUESTS_LIMIT_REACHED",
            RequestTimeout => "REQUEST_TIMEOUT",
            ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Validation => "VALIDATION",
            // Per-method codes of the docs.
            GreetingNotFound => "GREETING_NOT_FOUND",
            MissingChatThread => "MISSING_CHAT_THREAD",
            GroupOffline => "GROUP_OFFLINE",
            GroupUnavailable => "GROUP_UNAVAILABLE",
            ChatAlreadyActive => "CHAT_ALREADY_ACTIVE",
            GroupsOffline => "GROUPS_OFFLINE",
            ChatLimitReached => "CHAT_LIMIT_REACHED",
            CustomerSessionFieldsLimitReached => "CUSTOMER_SESSION_FIELDS_LIMIT_REACHED",
            // Codes the reference client creates itself.
            SdkDestroyed => "SDK_DESTROYED",
            NoConnection => "NO_CONNECTION",
            TooBigFile => "TOO_BIG_FILE",
            UploadFailed => "UPLOAD_FAILED",
            UploadCanceled => "UPLOAD_CANCELED",
            MisdirectedConnection => "MISDIRECTED_CONNECTION",
            ServiceTemporarilyUnavailable => "SERVICE_TEMPORARILY_UNAVAILABLE",
            TooManyUnauthorizedConnections => "TOO_MANY_UNAUTHORIZED_CONNECTIONS",
            IdentityMismatch => "IDENTITY_MISMATCH",
            Authentication => "AUTHENTICATION",
            UsersLimitReached => "USERS_LIMIT_REACHED",
            WrongProductVersion => "WRONG_PRODUCT_VERSION",
            SsoIdentityException => "SSO_IDENTITY_EXCEPTION",
            SsoOauthException => "SSO_OAUTH_EXCEPTION",
            // Other server codes of Customer Chat API v3.3 (protocol §6.2) and of its HTTP actions.
            Authorization => "AUTHORIZATION",
            ChatInactive => "CHAT_INACTIVE",
            EntityTooLarge => "ENTITY_TOO_LARGE",
            RequestTooLarge => "REQUEST_TOO_LARGE",
            LicenseExpired => "LICENSE_EXPIRED",
            LicenseNotFound => "LICENSE_NOT_FOUND",
            LimitReached => "LIMIT_REACHED",
            MisdirectedRequest => "MISDIRECTED_REQUEST",
            NotFound => "NOT_FOUND",
            TooManyRequests => "TOO_MANY_REQUESTS",
            UnsupportedVersion => "UNSUPPORTED_VERSION",
            // Codes this SDK adds where the reference client has no code at all.
            /// `connect()` while a connection is already open or being opened.
            AlreadyConnected => "ALREADY_CONNECTED",
            /// A server frame or HTTP response the SDK could not understand.
            BadResponse => "BAD_RESPONSE",
            /// A blocking call was made from an SDK runtime thread (it would deadlock).
            WrongThread => "WRONG_THREAD",
            /// A host callback (token provider, listener...) threw something that is not an SDK error.
            CallbackFailed => "CALLBACK_FAILED",
        }
    };
}

/// Defines [`ErrorCode`], its `ALL` table and `as_str` from the rows of `with_error_codes!`.
macro_rules! define_error_code {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Stable error codes. The string form (`as_str`) is the documented upper-case code.
        ///
        /// Server error types arrive lower-case on the wire (`"group_offline"`); `from_wire`
        /// upper-cases them. Every code a server or the SDK produces is named in the table above;
        /// anything else is kept verbatim in `Other`, so nothing is lost.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// Any other server code, upper-cased as received.
            Other { code: String },
        }

        impl ErrorCode {
            /// Every named code, for tables and tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The documented upper-case code.
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Other { code } => code,
                }
            }
        }
    };
}

with_error_codes!(define_error_code);

impl ErrorCode {
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
