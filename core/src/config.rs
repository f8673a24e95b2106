//! `init` options of the docs, plus the endpoint overrides that let the SDK target the emulator.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};

/// Production API origin of the `dal` region.
pub const DEFAULT_API_ORIGIN_DAL: &str = "https://api.livechatinc.com";
/// Production API origin of the `fra` region.
pub const DEFAULT_API_ORIGIN_FRA: &str = "https://api-fra.livechatinc.com";
/// Production accounts origin (customer token endpoint).
pub const DEFAULT_ACCOUNTS_ORIGIN: &str = "https://accounts.livechatinc.com";

/// LiveChat data centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Region {
    #[default]
    Dal,
    Fra,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Dal => "dal",
            Region::Fra => "fra",
        }
    }

    /// `"dal"` / `"fra"` (any case); anything else is not a region this SDK can reach.
    pub fn parse(region: &str) -> Option<Region> {
        match region.to_ascii_lowercase().as_str() {
            "dal" => Some(Region::Dal),
            "fra" => Some(Region::Fra),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What `customerDataProvider` returns: sent as the login `customer` field before every login.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerData {
    pub name: Option<String>,
    pub email: Option<String>,
    pub avatar: Option<String>,
    /// Ordered key/value pairs (the wire sends them as ordered one-key objects).
    pub session_fields: Vec<(String, String)>,
}

/// The docs' `customerDataProvider`: called before every login attempt (and once for check_goals).
pub trait CustomerDataProvider: Send + Sync {
    fn customer_data(&self) -> CustomerData;
}

impl<F> CustomerDataProvider for F
where
    F: Fn() -> CustomerData + Send + Sync,
{
    fn customer_data(&self) -> CustomerData {
        self()
    }
}

/// The customer's current page (`page` option, `updateCustomerPage`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub url: Option<String>,
    pub title: Option<String>,
}

/// `init` configuration. Build with [`Config::new`] or [`Config::for_emulator`], then set fields.
#[derive(Clone)]
pub struct Config {
    pub license_id: u64,
    pub client_id: String,
    /// Connect at init (default). When false, init does a `check_goals` call instead.
    pub auto_connect: bool,
    pub group_id: Option<u64>,
    pub region: Region,
    pub redirect_uri: Option<String>,
    pub customer_data_provider: Option<Arc<dyn CustomerDataProvider>>,
    pub page: Option<Page>,
    pub referrer: Option<String>,
    pub mobile: bool,
    /// `application.channelType` (name and version are always `customer_sdk` / `3.0.0`).
    pub channel_type: Option<String>,
    /// API origin (scheme + host [+ port] [+ path prefix]) of the `dal` region.
    pub api_origin_dal: String,
    /// API origin of the `fra` region.
    pub api_origin_fra: String,
    /// Origin of the customer token endpoint (`<origin>/customer/token`).
    pub accounts_origin: String,
    /// Upper bound for every request (and for the token fetch and the login).
    pub request_timeout: Duration,
    /// Interval of the keep-alive `ping` while connected (the API requires one every 15 s at most).
    pub ping_interval: Duration,
    /// Unanswered ping for this long: `connection_unstable`. Unanswered at the next ping: link lost.
    pub ping_timeout: Duration,
    /// Allow plain `ws://` / `http://` to hosts other than loopback.
    pub allow_insecure: bool,
}

impl Config {
    /// Production endpoints, documented defaults.
    pub fn new(license_id: u64, client_id: impl Into<String>) -> Config {
        Config {
            license_id,
            client_id: client_id.into(),
            auto_connect: true,
            group_id: None,
            region: Region::Dal,
            redirect_uri: None,
            customer_data_provider: None,
            page: None,
            referrer: None,
            mobile: false,
            channel_type: None,
            api_origin_dal: DEFAULT_API_ORIGIN_DAL.to_owned(),
            api_origin_fra: DEFAULT_API_ORIGIN_FRA.to_owned(),
            accounts_origin: DEFAULT_ACCOUNTS_ORIGIN.to_owned(),
            request_timeout: Duration::from_secs(15),
            ping_interval: Duration::from_secs(15),
            ping_timeout: Duration::from_secs(5),
            allow_insecure: false,
        }
    }

    /// Targets an emulator: `url` serves the `dal` API and the accounts endpoint, `fra_url` the `fra` API.
    pub fn for_emulator(url: &str, fra_url: &str, license_id: u64) -> Config {
        let mut config = Config::new(license_id, "emulator-client");
        config.api_origin_dal = url.trim_end_matches('/').to_owned();
        config.api_origin_fra = fra_url.trim_end_matches('/').to_owned();
        config.accounts_origin = url.trim_end_matches('/').to_owned();
        config
    }

    /// Rejects what cannot work, before anything is sent.
    pub fn validate(&self) -> Result<()> {
        // The reference client's message for the same check, plus which option failed.
        const INVALID: &str =
            "You need to pass valid configuration object: { licenseId, clientId }.";
        if self.license_id == 0 {
            return Err(Error::invalid_argument(format!(
                "{INVALID} licenseId must be a positive number."
            )));
        }
        if self.client_id.trim().is_empty() {
            return Err(Error::invalid_argument(format!(
                "{INVALID} clientId must be a non-empty string."
            )));
        }
        for (name, origin) in [
            ("api_origin_dal", &self.api_origin_dal),
            ("api_origin_fra", &self.api_origin_fra),
            ("accounts_origin", &self.accounts_origin),
        ] {
            check_origin(name, origin, self.allow_insecure)?;
        }
        for (name, value) in [
            ("request_timeout", self.request_timeout),
            ("ping_interval", self.ping_interval),
            ("ping_timeout", self.ping_timeout),
        ] {
            if value.is_zero() {
                return Err(Error::invalid_argument(format!(
                    "{name} must be greater than zero."
                )));
            }
        }
        if self.ping_timeout >= self.ping_interval {
            return Err(Error::invalid_argument(
                "ping_timeout must be shorter than ping_interval.",
            ));
        }
        if let Some(page_url) = self.page.as_ref().and_then(|page| page.url.as_deref()) {
            Url::parse(page_url)
                .map_err(|e| Error::invalid_argument(format!("page.url is not a URL: {e}.")))?;
        }
        Ok(())
    }

    /// API origin of `region`.
    pub fn api_origin(&self, region: Region) -> &str {
        match region {
            Region::Dal => &self.api_origin_dal,
            Region::Fra => &self.api_origin_fra,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("license_id", &self.license_id)
            .field("client_id", &self.client_id)
            .field("auto_connect", &self.auto_connect)
            .field("group_id", &self.group_id)
            .field("region", &self.region)
            .field("page", &self.page)
            .field("api_origin_dal", &self.api_origin_dal)
            .field("api_origin_fra", &self.api_origin_fra)
            .field("accounts_origin", &self.accounts_origin)
            .field("request_timeout", &self.request_timeout)
            .field("allow_insecure", &self.allow_insecure)
            .finish_non_exhaustive()
    }
}

/// Loopback hosts, the only ones plain `ws://` / `http://` may reach without the opt-in.
pub(crate) fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn check_origin(name: &str, origin: &str, allow_insecure: bool) -> Result<()> {
    let url = Url::parse(origin)
        .map_err(|e| Error::invalid_argument(format!("{name} is not a URL ({origin:?}): {e}.")))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback_host(&url) => Ok(()),
        "http" => Err(Error::invalid_argument(format!(
            "{name} uses plain http to a non-loopback host; set allow_insecure to permit it."
        ))),
        other => Err(Error::invalid_argument(format!(
            "{name} must be an http(s) origin, not {other:?}."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_rejects_bad_configs() {
        assert!(Config::new(1, "c").validate().is_ok());
        assert!(Config::new(0, "c").validate().is_err());
        assert!(Config::new(1, " ").validate().is_err());
        let mut insecure = Config::new(1, "c");
        insecure.api_origin_dal = "http://example.com".into();
        assert!(insecure.validate().is_err());
        insecure.allow_insecure = true;
        assert!(insecure.validate().is_ok());
        assert!(
            Config::for_emulator("http://127.0.0.1:9", "http://127.0.0.1:9/fra", 1)
                .validate()
                .is_ok()
        );
        let mut bad = Config::new(1, "c");
        bad.accounts_origin = "ftp://x".into();
        assert!(bad.validate().is_err());
    }
}
