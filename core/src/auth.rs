//! Customer tokens: the `TokenProvider` seam (a host may supply tokens, e.g. from a WebView), the
//! built-in cookie-grant provider, and the `KeyValueStore` that lets tokens, cookies and customer
//! side storage survive a restart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

use crate::error::{Error, ErrorCode, Result};
use crate::transport;

/// A customer access token (the docs' `auth.getToken()` result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub access_token: String,
    /// The customer id.
    pub entity_id: String,
    /// Lifetime in milliseconds (wire `expires_in` × 1000).
    pub expires_in: u64,
    /// Usually `Bearer`.
    pub token_type: String,
    /// Milliseconds since the Unix epoch when the token was received.
    pub creation_date: u64,
    pub license_id: u64,
}

impl Token {
    /// `"<tokenType> <accessToken>"`, the login `token` and the HTTP `Authorization` value.
    pub fn authorization(&self) -> String {
        format!("{} {}", self.token_type, self.access_token)
    }

    /// Still usable now.
    pub fn is_valid(&self) -> bool {
        now_ms() < self.creation_date.saturating_add(self.expires_in)
    }
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Source of customer tokens. `get_token` may return a cached token while it is valid; after
/// `invalidate` the next `get_token` must return a new one. The SDK bounds every call with its
/// request timeout, so a provider that never answers cannot hang a connection.
#[async_trait]
pub trait TokenProvider: Send + Sync {
    async fn get_token(&self) -> Result<Token>;
    async fn invalidate(&self) -> Result<()>;
}

/// How the SDK holds a host's provider, as the reference client's auth does: concurrent callers
/// share one fetch (two concurrent cookie grants without a cookie would mint two customers), and a
/// valid token is reused until it expires or is invalidated. A caller that gives up (timeout) drops
/// its wait and with it the lock, so a silent provider blocks nobody for longer than that.
pub(crate) struct SharedTokens {
    provider: Arc<dyn TokenProvider>,
    cached: tokio::sync::Mutex<Option<Token>>,
}

impl SharedTokens {
    pub(crate) fn new(provider: Arc<dyn TokenProvider>) -> SharedTokens {
        SharedTokens {
            provider,
            cached: tokio::sync::Mutex::new(None),
        }
    }
}

#[async_trait]
impl TokenProvider for SharedTokens {
    async fn get_token(&self) -> Result<Token> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|token| token.is_valid()) {
            return Ok(token.clone());
        }
        let token = self.provider.get_token().await?;
        *cached = Some(token.clone());
        Ok(token)
    }

    async fn invalidate(&self) -> Result<()> {
        *self.cached.lock().await = None;
        self.provider.invalidate().await
    }
}

/// Small persistent string store supplied by the host (SharedPreferences, UserDefaults, a file...).
/// Holds the cached token, the accounts cookies and the customer side storage.
pub trait KeyValueStore: Send + Sync {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str);
    fn remove(&self, key: &str);
}

/// The default store: memory only (nothing survives a restart).
#[derive(Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<String, String>>,
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }
    fn set(&self, key: &str, value: &str) {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_owned(), value.to_owned());
    }
    fn remove(&self, key: &str) {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

/// Storage keys (the reference client's names).
pub(crate) fn token_key(license_id: u64) -> String {
    format!("@@lc_auth_token:{license_id}")
}
pub(crate) fn cookies_key(license_id: u64) -> String {
    format!("@@lc_auth_cookies:{license_id}")
}
pub(crate) fn side_storage_key(license_id: u64) -> String {
    format!("side_storage_{license_id}")
}

/// The built-in provider: the cookie grant `POST <accounts>/customer/token`. The identity lives
/// in the accounts cookies (`__lc_cid`, `__lc_cst`), replayed on every grant; with a host store
/// the cookies and the token (cached until it expires) survive a restart.
pub struct CookieTokenProvider {
    http: reqwest::Client,
    token_url: Url,
    license_id: u64,
    client_id: String,
    redirect_uri: Option<String>,
    timeout: Duration,
    /// `None`: memory only.
    store: Option<Arc<dyn KeyValueStore>>,
    /// The accounts cookies as `name=value` (one endpoint, so no domain/path bookkeeping: a full
    /// cookie store would cost an idle client more than the two cookies themselves).
    cookies: Mutex<Vec<String>>,
    /// Also serialises fetches: concurrent callers share one grant.
    cached: tokio::sync::Mutex<Option<Token>>,
}

impl CookieTokenProvider {
    pub fn new(
        http: reqwest::Client,
        accounts_origin: &str,
        license_id: u64,
        client_id: &str,
        redirect_uri: Option<String>,
        timeout: Duration,
        store: Option<Arc<dyn KeyValueStore>>,
    ) -> Result<CookieTokenProvider> {
        let token_url = Url::parse(&format!(
            "{}/customer/token",
            accounts_origin.trim_end_matches('/')
        ))
        .map_err(|e| Error::invalid_argument(format!("Bad accounts origin: {e}")))?;
        let saved = |key: String| store.as_ref().and_then(|store| store.get(&key));
        let cookies = saved(cookies_key(license_id))
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .unwrap_or_default();
        let cached = saved(token_key(license_id))
            .and_then(|json| serde_json::from_str::<Token>(&json).ok())
            .filter(|token| token.license_id == license_id);
        Ok(CookieTokenProvider {
            http,
            token_url,
            license_id,
            client_id: client_id.to_owned(),
            redirect_uri,
            timeout,
            store,
            cookies: Mutex::new(cookies),
            cached: tokio::sync::Mutex::new(cached),
        })
    }

    async fn fetch(&self) -> Result<Token> {
        let mut body = json!({
            "response_type": "token",
            "grant_type": "cookie",
            "client_id": self.client_id,
            "license_id": self.license_id,
        });
        if let Some(redirect_uri) = &self.redirect_uri {
            body["redirect_uri"] = json!(redirect_uri);
        }
        let mut request = self
            .http
            .post(self.token_url.clone())
            .timeout(self.timeout)
            .json(&body);
        let cookie_header = self.lock_cookies().join("; ");
        if !cookie_header.is_empty() {
            request = request.header(COOKIE, cookie_header);
        }
        let response = request.send().await.map_err(|e| {
            let code = if e.is_timeout() {
                ErrorCode::RequestTimeout
            } else {
                ErrorCode::ConnectionLost
            };
            Error::new(code, format!("Token request failed: {e}"))
        })?;
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok().map(str::to_owned))
            .collect();
        if !set_cookies.is_empty() {
            self.remember_cookies(&set_cookies);
        }
        let status = response.status();
        let body = transport::read_reply(response).await?;
        parse_token_response(&String::from_utf8_lossy(&body), self.license_id).map_err(|e| match e
            .code
        {
            ErrorCode::BadResponse if !status.is_success() => {
                Error::new(e.code, format!("{} (HTTP {status})", e.message))
            }
            _ => e,
        })
    }

    fn lock_cookies(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.cookies.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies `Set-Cookie` lines (latest value per name; `Max-Age=0` or an empty value deletes)
    /// and persists the result.
    fn remember_cookies(&self, set_cookies: &[String]) {
        let mut cookies = self.lock_cookies();
        for line in set_cookies {
            let pair = line.split(';').next().unwrap_or("").trim();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let deleted = value.is_empty()
                || line
                    .split(';')
                    .any(|attr| attr.trim().eq_ignore_ascii_case("max-age=0"));
            cookies.retain(|kept| kept.split_once('=').map(|(n, _)| n) != Some(name));
            if !deleted {
                cookies.push(pair.to_owned());
            }
        }
        cookies.truncate(16);
        if let (Some(store), Ok(json)) = (&self.store, serde_json::to_string(&*cookies)) {
            store.set(&cookies_key(self.license_id), &json);
        }
    }
}

/// The token endpoint's JSON -> a token, or the documented SSO errors / the server's error.
pub(crate) fn parse_token_response(text: &str, license_id: u64) -> Result<Token> {
    let value: Value = serde_json::from_str(text).map_err(|_| {
        Error::bad_response(format!(
            "The token endpoint did not answer JSON: {}",
            snippet(text)
        ))
    })?;
    if let Some(exception) = value.get("identity_exception") {
        return Err(Error::new(
            ErrorCode::SsoIdentityException,
            value_text(exception),
        ));
    }
    if let Some(exception) = value.get("oauth_exception") {
        return Err(Error::new(
            ErrorCode::SsoOauthException,
            value_text(exception),
        ));
    }
    if let Some(error) = value.get("error") {
        let (kind, message) = match error {
            Value::Object(map) => (
                map.get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("authentication"),
                map.get("message").and_then(Value::as_str).unwrap_or(""),
            ),
            Value::String(kind) => (
                kind.as_str(),
                value
                    .get("error_description")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            ),
            _ => ("authentication", ""),
        };
        return Err(Error::from_server(kind, message));
    }
    let field = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                // Names only: the values include the access token, which must never reach an
                // error reason or a log.
                let present: Vec<&str> = value
                    .as_object()
                    .map(|map| map.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                Error::bad_response(format!(
                    "The token response has no {name:?} (fields: {}).",
                    present.join(", ")
                ))
            })
    };
    let expires_in = value
        .get("expires_in")
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .ok_or_else(|| Error::bad_response("The token response has no \"expires_in\"."))?;
    Ok(Token {
        access_token: field("access_token")?,
        entity_id: field("entity_id")?,
        expires_in: expires_in.saturating_mul(1000),
        token_type: value
            .get("token_type")
            .and_then(Value::as_str)
            .unwrap_or("Bearer")
            .to_owned(),
        creation_date: now_ms(),
        license_id,
    })
}

fn value_text(value: &Value) -> String {
    value
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| value.to_string())
}

fn snippet(text: &str) -> String {
    text.chars().take(200).collect()
}

#[async_trait]
impl TokenProvider for CookieTokenProvider {
    async fn get_token(&self) -> Result<Token> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|token| token.is_valid()) {
            return Ok(token.clone());
        }
        let token = self.fetch().await?;
        if let (Some(store), Ok(json)) = (&self.store, serde_json::to_string(&token)) {
            store.set(&token_key(self.license_id), &json);
        }
        *cached = Some(token.clone());
        Ok(token)
    }

    async fn invalidate(&self) -> Result<()> {
        *self.cached.lock().await = None;
        if let Some(store) = &self.store {
            store.remove(&token_key(self.license_id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_responses_map_to_tokens_or_typed_errors() {
        let token = parse_token_response(
            r#"{"access_token":"dal:x","entity_id":"c1","expires_in":28800,"token_type":"Bearer"}"#,
            7,
        )
        .unwrap();
        assert_eq!(token.expires_in, 28_800_000);
        assert_eq!(token.authorization(), "Bearer dal:x");
        assert!(token.is_valid());
        let err = parse_token_response(r#"{"identity_exception":"server_error"}"#, 7).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::SsoIdentityException, "server_error")
        );
        let err = parse_token_response(r#"{"oauth_exception":"access_denied"}"#, 7).unwrap_err();
        assert_eq!(err.code, ErrorCode::SsoOauthException);
        assert_eq!(
            parse_token_response("<html>", 7).unwrap_err().code,
            ErrorCode::BadResponse
        );
        assert_eq!(
            parse_token_response("{}", 7).unwrap_err().code,
            ErrorCode::BadResponse
        );
        let err = parse_token_response(r#"{"error":{"type":"validation","message":"m"}}"#, 7)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
    }

    #[test]
    fn set_cookie_lines_update_the_jar() {
        let provider = CookieTokenProvider::new(
            reqwest::Client::new(),
            "http://127.0.0.1:1",
            7,
            "c",
            None,
            Duration::from_secs(1),
            Some(Arc::new(MemoryStore::default())),
        )
        .unwrap();
        provider.remember_cookies(&["__lc_cid=a; Path=/; HttpOnly".into(), "__lc_cst=s".into()]);
        provider.remember_cookies(&[
            "__lc_cid=b; Max-Age=63072000".into(),
            "__lc_cst=; Max-Age=0".into(),
        ]);
        assert_eq!(*provider.lock_cookies(), ["__lc_cid=b"]);
        let saved = provider
            .store
            .as_ref()
            .unwrap()
            .get(&cookies_key(7))
            .unwrap();
        assert_eq!(saved, r#"["__lc_cid=b"]"#);
    }

    #[test]
    fn a_token_response_without_entity_id_does_not_leak_the_token() {
        let error = parse_token_response(
            r#"{"access_token":"dal:SECRET-TOKEN","expires_in":28800,"token_type":"Bearer"}"#,
            7,
        )
        .unwrap_err();
        assert_eq!(error.code, ErrorCode::BadResponse);
        assert!(!error.message.contains("SECRET"), "{}", error.message);
        assert!(error.message.contains("entity_id"), "{}", error.message);
    }
}
