//! The 14 documented disconnection reasons, and what the SDK does after each.

/// Why the SDK disconnected (the `reason` of the `disconnected` event).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DisconnectReason {
    AccessTokenExpired,
    ConnectionLost,
    CustomerBanned,
    CustomerTemporarilyBlocked,
    IdentityMismatch,
    InactivityTimeout,
    InternalError,
    LicenseExpired,
    LicenseNotFound,
    MisdirectedConnection,
    TooManyConnections,
    TooManyUnauthorizedConnections,
    UnsupportedVersion,
    UsersLimitReached,
    /// A reason the docs do not list (kept verbatim, lower-case as on the wire).
    Other(String),
}

/// What the SDK does after a disconnection, per the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonPolicy {
    /// Reconnect on its own (with backoff).
    Reconnect,
    /// Fetch a new token, then reconnect.
    RefreshTokenAndReconnect,
    /// Switch to the region the server named, then reconnect.
    SwitchRegionAndReconnect,
    /// Stay disconnected until the host calls `connect()`.
    WaitForConnect,
    /// Destroy the instance; it cannot be reused.
    Destroy,
}

impl DisconnectReason {
    pub const ALL: &'static [DisconnectReason] = &[
        DisconnectReason::AccessTokenExpired,
        DisconnectReason::ConnectionLost,
        DisconnectReason::CustomerBanned,
        DisconnectReason::CustomerTemporarilyBlocked,
        DisconnectReason::IdentityMismatch,
        DisconnectReason::InactivityTimeout,
        DisconnectReason::InternalError,
        DisconnectReason::LicenseExpired,
        DisconnectReason::LicenseNotFound,
        DisconnectReason::MisdirectedConnection,
        DisconnectReason::TooManyConnections,
        DisconnectReason::TooManyUnauthorizedConnections,
        DisconnectReason::UnsupportedVersion,
        DisconnectReason::UsersLimitReached,
    ];

    /// The wire / docs spelling, e.g. `"access_token_expired"`.
    pub fn as_str(&self) -> &str {
        match self {
            DisconnectReason::AccessTokenExpired => "access_token_expired",
            DisconnectReason::ConnectionLost => "connection_lost",
            DisconnectReason::CustomerBanned => "customer_banned",
            DisconnectReason::CustomerTemporarilyBlocked => "customer_temporarily_blocked",
            DisconnectReason::IdentityMismatch => "identity_mismatch",
            DisconnectReason::InactivityTimeout => "inactivity_timeout",
            DisconnectReason::InternalError => "internal_error",
            DisconnectReason::LicenseExpired => "license_expired",
            DisconnectReason::LicenseNotFound => "license_not_found",
            DisconnectReason::MisdirectedConnection => "misdirected_connection",
            DisconnectReason::TooManyConnections => "too_many_connections",
            DisconnectReason::TooManyUnauthorizedConnections => "too_many_unauthorized_connections",
            DisconnectReason::UnsupportedVersion => "unsupported_version",
            DisconnectReason::UsersLimitReached => "users_limit_reached",
            DisconnectReason::Other(reason) => reason,
        }
    }

    pub fn from_wire(reason: &str) -> DisconnectReason {
        DisconnectReason::ALL
            .iter()
            .find(|known| known.as_str() == reason)
            .cloned()
            .unwrap_or_else(|| DisconnectReason::Other(reason.to_owned()))
    }

    /// The documented policy for this reason.
    pub fn policy(&self) -> ReasonPolicy {
        match self {
            DisconnectReason::AccessTokenExpired => ReasonPolicy::RefreshTokenAndReconnect,
            DisconnectReason::MisdirectedConnection => ReasonPolicy::SwitchRegionAndReconnect,
            DisconnectReason::CustomerBanned
            | DisconnectReason::CustomerTemporarilyBlocked
            | DisconnectReason::IdentityMismatch
            | DisconnectReason::LicenseNotFound
            | DisconnectReason::TooManyConnections
            | DisconnectReason::UnsupportedVersion => ReasonPolicy::Destroy,
            // "won't try to reconnect on its own" (inactivity), "manual connect() required" (users limit).
            // License expired: the docs give no reconnect promise, and retrying cannot help until paid.
            DisconnectReason::InactivityTimeout
            | DisconnectReason::UsersLimitReached
            | DisconnectReason::LicenseExpired => ReasonPolicy::WaitForConnect,
            // Undocumented; the reference client destroys itself (a new app version is needed).
            DisconnectReason::Other(wire) if wire == "product_version_changed" => {
                ReasonPolicy::Destroy
            }
            DisconnectReason::ConnectionLost
            | DisconnectReason::InternalError
            | DisconnectReason::TooManyUnauthorizedConnections
            | DisconnectReason::Other(_) => ReasonPolicy::Reconnect,
        }
    }
}

impl std::fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
