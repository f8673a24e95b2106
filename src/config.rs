//! `ChatConfig`: the `init` options of the SDK docs as a record, plus endpoint overrides (to
//! target the emulator or a proxy) and timeouts. Converted to `core::Config`, which validates.

use std::time::Duration;

use crate::ChatError;
use livechat_core as core;

/// Options for `ChatClient.init`, as in the SDK docs (`licenseId`, `clientId`, ...).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatConfig {
    /// Your LiveChat license number.
    pub license_id: u64,
    /// Your application's client id (Developer Console).
    pub client_id: String,
    /// Connect at `init` and reconnect on its own (docs: `autoConnect`, default true).
    #[uniffi(default = true)]
    pub auto_connect: bool,
    /// The group to connect to (default: the license's default group 0).
    #[uniffi(default)]
    pub group_id: Option<u64>,
    /// The license's region, `"dal"` (default) or `"fra"`.
    #[uniffi(default = "dal")]
    pub region: String,
    /// OAuth redirect URI (WebView-based hosts).
    #[uniffi(default)]
    pub redirect_uri: Option<String>,
    /// The customer's current page (sent at login).
    #[uniffi(default)]
    pub page_url: Option<String>,
    #[uniffi(default)]
    pub page_title: Option<String>,
    #[uniffi(default)]
    pub referrer: Option<String>,
    /// Marks the customer as on a mobile device.
    #[uniffi(default = false)]
    pub mobile: bool,
    /// Overrides of the API origins (default: production). `http://` only to loopback hosts
    /// unless `allow_insecure`.
    #[uniffi(default)]
    pub api_origin_dal: Option<String>,
    #[uniffi(default)]
    pub api_origin_fra: Option<String>,
    /// Origin of the customer token endpoint (default: production accounts).
    #[uniffi(default)]
    pub accounts_origin: Option<String>,
    /// Upper bound of every request, token fetch and login, in milliseconds (default 15000).
    #[uniffi(default)]
    pub request_timeout_ms: Option<u64>,
    #[uniffi(default = false)]
    pub allow_insecure: bool,
}

impl ChatConfig {
    pub(crate) fn to_core(&self) -> Result<core::Config, ChatError> {
        let mut config = core::Config::new(self.license_id, self.client_id.clone());
        config.auto_connect = self.auto_connect;
        config.group_id = self.group_id;
        config.region = core::Region::parse(&self.region).ok_or_else(|| {
            core::Error::invalid_argument(format!(
                "region must be \"dal\" or \"fra\", not {:?}.",
                self.region
            ))
        })?;
        config.redirect_uri = self.redirect_uri.clone();
        if self.page_url.is_some() || self.page_title.is_some() {
            config.page = Some(core::Page {
                url: self.page_url.clone(),
                title: self.page_title.clone(),
            });
        }
        config.referrer = self.referrer.clone();
        config.mobile = self.mobile;
        if let Some(origin) = &self.api_origin_dal {
            config.api_origin_dal = origin.trim_end_matches('/').to_owned();
        }
        if let Some(origin) = &self.api_origin_fra {
            config.api_origin_fra = origin.trim_end_matches('/').to_owned();
        }
        if let Some(origin) = &self.accounts_origin {
            config.accounts_origin = origin.trim_end_matches('/').to_owned();
        }
        if let Some(ms) = self.request_timeout_ms {
            config.request_timeout = Duration::from_millis(ms);
        }
        config.allow_insecure = self.allow_insecure;
        Ok(config)
    }
}
