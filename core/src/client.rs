//! The public `Client` handle: init, connect, disconnect, destroy, on/once/off, auth; and the seam
//! (`request`, `emit`, `token`, `http`, `api_base_url`, state accessors) the request methods use.

use std::future::Future;
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot, watch};

use crate::auth::{
    CookieTokenProvider, KeyValueStore, MemoryStore, SharedTokens, Token, TokenProvider,
};
use crate::config::{Config, Page, Region};
use crate::dispatch::{Dispatcher, Listener, ListenerId};
use crate::engine::state::{ClientState, Context, Status};
use crate::engine::{Command, Engine, RequestCommand};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Event;
use crate::observe::{self, Observation, StateObserver};
use crate::runtime;
use crate::transport;

/// The SDK instance (the docs' `customerSDK`). Cheap to clone; all clones are the same instance.
#[derive(Clone)]
pub struct Client {
    pub(crate) ctx: Arc<Context>,
    commands: mpsc::UnboundedSender<Command>,
}

impl Client {
    /// The docs' `init`. Validates `config` (`VALIDATION`), then connects at once when
    /// `auto_connect` is set, or else performs `check_goals`. Never blocks; callable from any thread.
    ///
    /// `token_provider`: `None` uses the built-in cookie grant against `config.accounts_origin`.
    /// `store`: `None` keeps token, cookies and side storage in memory only.
    pub fn init(
        config: Config,
        token_provider: Option<Arc<dyn TokenProvider>>,
        store: Option<Arc<dyn KeyValueStore>>,
    ) -> Result<Client> {
        let client = Client::new(config, token_provider, store)?;
        client.start();
        Ok(client)
    }

    /// `init` without its first step: nothing is sent and no event is emitted until `start()`,
    /// so listeners registered in between see every event (JS code subscribes right after
    /// `init`, before any event can fire; native hosts get the same guarantee this way).
    pub fn new(
        config: Config,
        token_provider: Option<Arc<dyn TokenProvider>>,
        store: Option<Arc<dyn KeyValueStore>>,
    ) -> Result<Client> {
        config.validate()?;
        let handle = runtime::handle()?;
        let dispatcher = Dispatcher::new()?;
        let host_store = store.clone();
        let store: Arc<dyn KeyValueStore> =
            store.unwrap_or_else(|| Arc::new(MemoryStore::default()));
        let http = transport::http_client()?;
        let tokens: Arc<dyn TokenProvider> = match token_provider {
            Some(provider) => Arc::new(SharedTokens::new(provider)),
            // Caches and de-duplicates on its own (and persists the token in the store).
            None => Arc::new(CookieTokenProvider::new(
                http.clone(),
                &config.accounts_origin,
                config.license_id,
                &config.client_id,
                config
                    .redirect_uri
                    .clone()
                    .or_else(|| config.page.as_ref().and_then(|p| p.url.clone())),
                config.request_timeout,
                host_store.clone(),
            )?),
        };
        let ctx = Arc::new(Context::new(config, dispatcher, tokens, store, http));
        let (commands, receiver) = mpsc::unbounded_channel();
        handle.spawn(Engine::new(ctx.clone(), receiver).run());
        Ok(Client { ctx, commands })
    }

    /// What `init` does after creating the instance: connect when `auto_connect` is set, else
    /// `check_goals`. Call it once.
    pub fn start(&self) {
        if self.ctx.config.auto_connect {
            let (reply, _ignored) = oneshot::channel();
            let _ = self.commands.send(Command::Connect { reply });
        } else if let Ok(handle) = runtime::handle() {
            let client = self.clone();
            handle.spawn(async move { client.check_goals().await });
        }
    }

    // ----- lifecycle ------------------------------------------------------------------------

    /// The docs' `connect`: needed after `auto_connect: false` or a reason that waits for it.
    /// `ALREADY_CONNECTED` if connected or connecting; `SDK_DESTROYED` after destroy.
    pub async fn connect(&self) -> Result<()> {
        self.command(|reply| Command::Connect { reply }).await?
    }

    /// The docs' `disconnect`: closes the connection and stays disconnected until `connect()`.
    /// In-flight requests fail with `CONNECTION_LOST`. No `disconnected` event.
    pub async fn disconnect(&self) -> Result<()> {
        match self.command(|reply| Command::Disconnect { reply }).await {
            Err(e) if e.code == ErrorCode::SdkDestroyed => Ok(()),
            other => other?,
        }
    }

    /// The docs' `destroy`: closes everything for good. In-flight requests fail with
    /// `SDK_DESTROYED`; listeners are removed after the events already queued. Idempotent.
    pub async fn destroy(&self) -> Result<()> {
        match self.command(|reply| Command::Destroy { reply }).await {
            Err(e) if e.code == ErrorCode::SdkDestroyed => Ok(()),
            other => other?,
        }
    }

    /// Current connection status.
    pub fn status(&self) -> Status {
        self.ctx.status()
    }

    /// The region in use (changes on `misdirected_connection`).
    pub fn region(&self) -> Region {
        self.ctx.region()
    }

    /// The customer id, once the first token arrived (`customer_id` event).
    pub fn customer_id(&self) -> Option<String> {
        self.ctx.customer_id()
    }

    /// The connection status as observable state: the receiver holds the current value at once
    /// and sees every later change (intermediate values may be skipped if not read in time).
    /// `Destroyed` is the last value.
    pub fn status_updates(&self) -> watch::Receiver<Status> {
        self.ctx.status_updates()
    }

    /// The customer id as observable state (`None` until the first token).
    pub fn customer_id_updates(&self) -> watch::Receiver<Option<String>> {
        self.ctx.customer_id_updates()
    }

    /// Calls `observer` with the current [`ConnectionState`] at once, then on every change, on a
    /// delivery thread (see `core::observe`), until `Observation::cancel` or destroy.
    pub fn observe_state(&self, observer: Arc<dyn StateObserver>) -> Result<Observation> {
        observe::observe(
            self.status_updates(),
            self.customer_id_updates(),
            self.ctx.dispatcher.clone(),
            observer,
        )
    }

    /// Low-level escape hatch: sends any Customer Chat API action over the socket and returns the
    /// raw response payload, with the same settling rules, gating and errors as every method.
    pub async fn send_raw(&self, action: &str, payload: Value) -> Result<Value> {
        if action.is_empty() || action == "login" {
            return Err(Error::invalid_argument(
                "send_raw needs an action other than login.",
            ));
        }
        self.request(action, payload).await
    }

    // ----- events ---------------------------------------------------------------------------

    /// Registers `listener` for the event `name` (one of the docs' 29 names) or `"*"` for all.
    /// Listeners run on the SDK's event thread, in order; they may call back into the SDK.
    pub fn on(&self, name: &str, listener: impl Listener + 'static) -> Result<ListenerId> {
        self.on_arc(name, Arc::new(listener))
    }

    pub fn on_arc(&self, name: &str, listener: Arc<dyn Listener>) -> Result<ListenerId> {
        self.ctx.dispatcher.add(name, false, listener)
    }

    /// Like `on`, but the listener is removed before its first call.
    pub fn once(&self, name: &str, listener: impl Listener + 'static) -> Result<ListenerId> {
        self.once_arc(name, Arc::new(listener))
    }

    pub fn once_arc(&self, name: &str, listener: Arc<dyn Listener>) -> Result<ListenerId> {
        self.ctx.dispatcher.add(name, true, listener)
    }

    /// Removes a listener (also a `once` one). False if it was not registered (any more).
    pub fn off(&self, id: ListenerId) -> bool {
        self.ctx.dispatcher.remove(id)
    }

    /// Blocks until every event emitted so far has reached the listeners (tests, shutdown).
    /// Returns at once when called from a listener.
    pub fn flush_events(&self) {
        self.ctx.dispatcher.flush_blocking();
    }

    // ----- auth -----------------------------------------------------------------------------

    /// The docs' `auth.getToken()`: a valid customer token (cached while valid). `SDK_DESTROYED`
    /// after `destroy`, like every other call (the reference client's auth object outlives it).
    pub async fn auth_get_token(&self) -> Result<Token> {
        if self.status() == Status::Destroyed {
            return Err(Error::destroyed());
        }
        self.token().await
    }

    // ----- the seam for the request methods -------------------------------------------------

    /// Sends `action` and settles with the response payload, the payload of the push carrying
    /// the request's `request_id`, or a typed error: `NO_CONNECTION` when not connected,
    /// `SDK_DESTROYED` after destroy, `CONNECTION_LOST` when the link drops, `REQUEST_TIMEOUT`
    /// after the request timeout, or the server's error code.
    pub(crate) async fn request(&self, action: &str, payload: Value) -> Result<Value> {
        match self.ctx.status() {
            Status::Destroyed => return Err(Error::destroyed()),
            Status::Connected => {}
            _ => return Err(Error::no_connection()),
        }
        let action = action.to_owned();
        self.command(|reply| {
            Command::Request(Box::new(RequestCommand {
                action,
                payload,
                reply,
            }))
        })
        .await?
    }

    /// Queues an event for this client's listeners.
    pub(crate) fn emit(&self, event: Event) {
        self.ctx.dispatcher.emit(event);
    }

    /// Config and a snapshot of the mutable state.
    pub(crate) fn state(&self) -> ClientState {
        self.ctx.snapshot()
    }

    pub(crate) fn config(&self) -> &Config {
        &self.ctx.config
    }

    /// Replaces the stored page (sent by the next login; `updateCustomerPage` merges into it).
    pub(crate) fn set_page(&self, page: Option<Page>) {
        self.ctx.set_page(page);
    }

    /// Whether a chat is known to be active (from `incoming_chat` / `chat_deactivated`, and what
    /// the request methods record with `set_chat_active`), for `setSneakPeek`.
    pub(crate) fn is_chat_active(&self, chat_id: &str) -> bool {
        self.ctx.is_chat_active(chat_id)
    }

    pub(crate) fn set_chat_active(&self, chat_id: &str, active: bool) {
        self.ctx.set_chat_active(chat_id, active);
    }

    /// A valid token, for HTTP calls. Learns the customer id (emits `customer_id`) if unknown.
    pub(crate) async fn token(&self) -> Result<Token> {
        let ctx = self.ctx.clone();
        on_runtime(async move {
            let timeout = ctx.config.request_timeout;
            let token = tokio::time::timeout(timeout, ctx.tokens.get_token())
                .await
                .map_err(|_| {
                    Error::new(ErrorCode::RequestTimeout, "The token provider timed out.")
                })??;
            // A token for another customer is the connection's business (identity_mismatch).
            if let Ok(true) = ctx.learn_customer_id(&token) {
                ctx.dispatcher
                    .emit(Event::CustomerId(token.entity_id.clone()));
            }
            Ok(token)
        })
        .await
    }

    /// The shared HTTP client (same TLS setup as the socket).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.ctx.http
    }

    /// The current region's `".../v3.3/customer"`.
    pub(crate) fn api_base_url(&self) -> String {
        transport::api_base_url(self.ctx.config.api_origin(self.ctx.region()))
    }

    // ----- internals ------------------------------------------------------------------------

    async fn command<T>(&self, make: impl FnOnce(oneshot::Sender<T>) -> Command) -> Result<T> {
        let (reply, receiver) = oneshot::channel();
        self.commands
            .send(make(reply))
            .map_err(|_| Error::destroyed())?;
        // The owner task answers every command (or drops it only when destroyed).
        receiver.await.map_err(|_| Error::destroyed())
    }

    /// client-behavior §6.16: with `auto_connect` off, learn the customer id and report the page
    /// for goals. Errors are ignored (as in the reference client).
    async fn check_goals(&self) {
        let Ok(token) = self.token().await else {
            return;
        };
        let Some(page_url) = self.ctx.page().and_then(|page| page.url) else {
            return;
        };
        let session_fields: Vec<Value> = self
            .ctx
            .config
            .customer_data_provider
            .as_ref()
            .and_then(|provider| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| provider.customer_data()))
                    .ok()
            })
            .map(|data| {
                data.session_fields
                    .iter()
                    .map(|(k, v)| json!({ k: v }))
                    .collect()
            })
            .unwrap_or_default();
        let body = json!({
            "session_fields": session_fields,
            "group_id": self.ctx.config.group_id.unwrap_or(0),
            "page_url": page_url,
        });
        let url = format!(
            "{}/action/check_goals?license_id={}",
            self.api_base_url(),
            self.ctx.config.license_id
        );
        let result = self
            .ctx
            .http
            .post(url)
            .timeout(self.ctx.config.request_timeout)
            .header(reqwest::header::AUTHORIZATION, token.authorization())
            .json(&body)
            .send()
            .await;
        if let Err(e) = result {
            tracing::debug!(error = %e, "check_goals failed (ignored)");
        }
    }
}

/// Runs `fut` on the shared runtime and awaits it from any executor (hosts may poll SDK futures
/// outside tokio; timers and I/O then still run on the SDK runtime).
pub(crate) async fn on_runtime<T: Send + 'static>(
    fut: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    let handle = runtime::handle()?;
    handle
        .spawn(fut)
        .await
        .map_err(|e| Error::internal(format!("An SDK task failed: {e}")))?
}
