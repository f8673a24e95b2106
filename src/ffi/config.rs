//! `ChatConfig`: the `init` options of the SDK docs, as a record.

/// Options for `ChatClient.init`, as in the SDK docs (`licenseId`, `clientId`, ...).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatConfig {
    /// Your LiveChat license number.
    pub license_id: u64,
    /// Your application's client id (Developer Console).
    pub client_id: String,
    /// Connect on `init` and reconnect on its own (docs: `autoConnect`, default true).
    #[uniffi(default = true)]
    pub auto_connect: bool,
    /// The group to connect to (default 0).
    #[uniffi(default = 0)]
    pub group_id: u32,
    /// The license's region, `"dal"` (default) or `"fra"`.
    #[uniffi(default = "dal")]
    pub region: String,
    /// OAuth redirect URI (only used by WebView-based hosts).
    #[uniffi(default = None)]
    pub redirect_uri: Option<String>,
}
