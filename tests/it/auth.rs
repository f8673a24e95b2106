//! Tokens: `auth.getToken`, the cookie grant with its persistent jar, the token cache surviving a
//! restart through the host's store, host token providers, refresh on `authentication` at login.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::engine::*;
use async_trait::async_trait;
use livechat_core::{
    Client, CookieTokenProvider, Error, ErrorCode, KeyValueStore, MemoryStore, Status, Token,
    TokenProvider,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_get_token_returns_the_cached_token() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    let client = Client::init(cfg, None, None).unwrap();
    let first = client.auth_get_token().await.unwrap();
    let second = client.auth_get_token().await.unwrap();
    assert_eq!(first, second, "cached until expiry");
    assert!(first.access_token.starts_with("dal:"), "{first:?}");
    assert_eq!(first.token_type, "Bearer");
    assert_eq!(first.license_id, LICENSE);
    assert!(first.expires_in > 0 && first.is_valid());
    assert_eq!(
        client.customer_id().as_deref(),
        Some(first.entity_id.as_str())
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_and_identity_survive_a_restart_with_a_store() {
    let emu = emulator().await;
    let store: Arc<dyn KeyValueStore> = Arc::new(MemoryStore::default());
    let (first, events) = client_with(config(&emu), None, Some(store.clone()));
    let customer = connected(&first, &events).await;
    let token = first.auth_get_token().await.unwrap();
    first.destroy().await.unwrap();

    // "Restart": a new instance with the same store reuses the stored token...
    let (second, events) = client_with(config(&emu), None, Some(store.clone()));
    assert_eq!(connected(&second, &events).await, customer);
    assert_eq!(second.auth_get_token().await.unwrap(), token);
    second.destroy().await.unwrap();

    // ...and once the token is gone, the persisted cookies still identify the same customer.
    store.remove(&format!("@@lc_auth_token:{LICENSE}"));
    let (third, events) = client_with(config(&emu), None, Some(store.clone()));
    assert_eq!(connected(&third, &events).await, customer);
    assert_ne!(
        third.auth_get_token().await.unwrap().access_token,
        token.access_token
    );
    third.destroy().await.unwrap();

    // Without the store, a new instance is a new customer.
    let (fourth, events) = client(config(&emu));
    assert_ne!(connected(&fourth, &events).await, customer);
    fourth.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_provider_refetches_after_invalidate_with_the_same_identity() {
    let emu = emulator().await;
    let http = reqwest::Client::new();
    let store: Arc<dyn KeyValueStore> = Arc::new(MemoryStore::default());
    let provider = CookieTokenProvider::new(
        http,
        &emu.url(),
        LICENSE,
        "client",
        None,
        std::time::Duration::from_secs(10),
        Some(store),
    )
    .unwrap();
    let a = provider.get_token().await.unwrap();
    provider.invalidate().await.unwrap();
    let b = provider.get_token().await.unwrap();
    assert_ne!(a.access_token, b.access_token);
    assert_eq!(
        a.entity_id, b.entity_id,
        "the cookie jar keeps the identity"
    );
}

/// A host provider: delegates to the cookie grant, but hands out a bogus token first.
struct HostProvider {
    inner: CookieTokenProvider,
    bogus_left: AtomicUsize,
    calls: AtomicUsize,
    invalidations: AtomicUsize,
}

#[async_trait]
impl TokenProvider for HostProvider {
    async fn get_token(&self) -> Result<Token, Error> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut token = self.inner.get_token().await?;
        if self.bogus_left.load(Ordering::SeqCst) > 0 {
            self.bogus_left.fetch_sub(1, Ordering::SeqCst);
            token.access_token = "dal:bogus".into();
        }
        Ok(token)
    }
    async fn invalidate(&self) -> Result<(), Error> {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        self.inner.invalidate().await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_token_provider_is_used_and_refreshed_after_login_authentication_error() {
    let emu = emulator().await;
    let provider = Arc::new(HostProvider {
        inner: cookie_grant(&emu),
        bogus_left: AtomicUsize::new(1),
        calls: AtomicUsize::new(0),
        invalidations: AtomicUsize::new(0),
    });
    let (client, recorder) = client_with(config(&emu), Some(provider.clone()), None);
    // Login fails with `authentication` on the bogus token; the SDK invalidates and retries.
    recorder.wait("connected").await;
    assert_eq!(client.status(), Status::Connected);
    assert!(provider.calls.load(Ordering::SeqCst) >= 2);
    assert!(provider.invalidations.load(Ordering::SeqCst) >= 1);
    assert_eq!(
        recorder.count("disconnected"),
        0,
        "a login retry is not a disconnection"
    );
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
    client.destroy().await.unwrap();
}

/// A provider for another customer after the first token: identity mismatch destroys.
struct SwitchingIdentity {
    inner: CookieTokenProvider,
    calls: AtomicUsize,
}

#[async_trait]
impl TokenProvider for SwitchingIdentity {
    async fn get_token(&self) -> Result<Token, Error> {
        let mut token = self.inner.get_token().await?;
        if self.calls.fetch_add(1, Ordering::SeqCst) > 0 {
            token.entity_id = "someone-else".into();
        }
        Ok(token)
    }
    async fn invalidate(&self) -> Result<(), Error> {
        self.inner.invalidate().await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_change_between_reconnects_is_identity_mismatch() {
    let emu = emulator().await;
    let provider = Arc::new(SwitchingIdentity {
        inner: cookie_grant(&emu),
        calls: AtomicUsize::new(0),
    });
    let (client, recorder) = client_with(config(&emu), Some(provider), None);
    let customer = connected(&client, &recorder).await;
    // An expired token is fetched afresh (a dropped socket would reuse the cached one).
    control(&emu, "expire_token", json!({ "customer_id": customer })).await;
    let reasons: Vec<String> = {
        until("destroyed", || client.status() == Status::Destroyed).await;
        client.flush_events();
        recorder
            .all()
            .iter()
            .filter_map(|e| match e {
                livechat_core::Event::Disconnected { reason } => Some(reason.as_str().to_owned()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(reasons, ["access_token_expired", "identity_mismatch"]);
    assert_eq!(
        client
            .send_raw("get_customer", json!({}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SdkDestroyed
    );
}

/// A provider that never answers: the SDK bounds it by the request timeout.
struct SilentProvider;

#[async_trait]
impl TokenProvider for SilentProvider {
    async fn get_token(&self) -> Result<Token, Error> {
        std::future::pending().await
    }
    async fn invalidate(&self) -> Result<(), Error> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_token_provider_cannot_hang_auth_get_token() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    cfg.request_timeout = std::time::Duration::from_millis(300);
    let client = Client::init(cfg, Some(Arc::new(SilentProvider)), None).unwrap();
    let err = client.auth_get_token().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::RequestTimeout);
    client.destroy().await.unwrap();
}

/// Counts fetches; each takes a while, so concurrent callers overlap.
struct SlowCounting {
    inner: CookieTokenProvider,
    calls: AtomicUsize,
}

#[async_trait]
impl TokenProvider for SlowCounting {
    async fn get_token(&self) -> Result<Token, Error> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        self.inner.get_token().await
    }
    async fn invalidate(&self) -> Result<(), Error> {
        self.inner.invalidate().await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_fetch_of_a_host_provider() {
    // A host's cookie grant called twice at once without a cookie would mint two customers.
    let emu = emulator().await;
    let provider = Arc::new(SlowCounting {
        inner: cookie_grant(&emu),
        calls: AtomicUsize::new(0),
    });
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    let client = Client::init(cfg, Some(provider.clone()), None).unwrap();
    let tokens = futures_util::future::join_all((0..5).map(|_| client.auth_get_token())).await;
    let first = tokens[0].as_ref().unwrap();
    assert!(tokens.iter().all(|t| t.as_ref().unwrap() == first));
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        1,
        "one fetch for all callers"
    );
    client.destroy().await.unwrap();
}
