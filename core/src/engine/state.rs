//! One client's state, shared by its `Client` handles and its engine: configuration, plug-ins,
//! the listeners' dispatcher, observable status and customer id, region, page, active chats.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::watch;

use crate::auth::{side_storage_key, KeyValueStore, Token, TokenProvider};
use crate::config::{Config, CustomerData, Page, Region};
use crate::dispatch::Dispatcher;
use crate::error::{Error, ErrorCode, Result};

/// Connection status (the reference client's internal statuses; it exposes no getter, we do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not connected yet (or `connect()` called after a pause and not logged in yet).
    Disconnected,
    Connected,
    /// The link went away by itself or by a server reason; reconnecting on its own.
    Reconnecting,
    /// `disconnect()`, or a reason that waits for `connect()`.
    Paused,
    /// Terminal.
    Destroyed,
}

/// A snapshot of the client's state, for the request methods.
#[derive(Debug, Clone)]
pub struct ClientState {
    pub status: Status,
    pub region: Region,
    pub customer_id: Option<String>,
    pub page: Option<Page>,
}

/// Everything the owner task and the handles share. The owner task holds it too, but not the
/// command sender, so when the last `Client` handle is dropped the owner task ends.
pub(crate) struct Context {
    pub(crate) config: Config,
    pub(crate) dispatcher: Dispatcher,
    pub(crate) tokens: Arc<dyn TokenProvider>,
    pub(crate) store: Arc<dyn KeyValueStore>,
    pub(crate) http: reqwest::Client,
    /// Observable state: a receiver sees the current value at once, then every change.
    status: watch::Sender<Status>,
    customer_id: watch::Sender<Option<String>>,
    mutable: Mutex<Mutable>,
}

struct Mutable {
    region: Region,
    page: Option<Page>,
    active_chats: HashSet<String>,
    /// Sneak-peek throttling, per chat.
    sneak_peeks: HashMap<String, SneakPeek>,
}

/// One chat's sneak-peek window: when the last one went out, and the text waiting for the end of
/// the window.
#[derive(Default)]
struct SneakPeek {
    last_sent: Option<Instant>,
    pending: Option<String>,
}

/// What to do with a sneak peek the host just set.
pub(crate) enum SneakPeekStep {
    /// Send it now.
    Send,
    /// Send what is pending at this time (the window's end); nothing is scheduled yet.
    SendAt(Instant),
    /// It replaced a pending text that is already scheduled.
    Replaced,
}

impl Context {
    pub(crate) fn new(
        config: Config,
        dispatcher: Dispatcher,
        tokens: Arc<dyn TokenProvider>,
        store: Arc<dyn KeyValueStore>,
        http: reqwest::Client,
    ) -> Context {
        Context {
            mutable: Mutex::new(Mutable {
                region: config.region,
                page: config.page.clone(),
                active_chats: HashSet::new(),
                sneak_peeks: HashMap::new(),
            }),
            config,
            dispatcher,
            tokens,
            store,
            http,
            status: watch::Sender::new(Status::Disconnected),
            customer_id: watch::Sender::new(None),
        }
    }

    pub(crate) fn status(&self) -> Status {
        *self.status.borrow()
    }

    pub(crate) fn set_status(&self, status: Status) {
        // Destroyed is terminal; watchers are woken only by a real change.
        self.status.send_if_modified(|current| {
            let change = *current != status && *current != Status::Destroyed;
            if change {
                *current = status;
            }
            change
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Mutable> {
        self.mutable.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn region(&self) -> Region {
        self.lock().region
    }

    pub(crate) fn set_region(&self, region: Region) {
        self.lock().region = region;
    }

    /// The host's customer data for the login (empty if none or if the host's provider panics).
    pub(crate) fn customer_data(&self) -> CustomerData {
        self.config
            .customer_data_provider
            .as_ref()
            .map(|provider| {
                // Host code: a panic there must not take the connection down.
                catch_unwind(AssertUnwindSafe(|| provider.customer_data())).unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// The customer side storage saved from the last `customer_side_storage_updated` (`{}` if none).
    pub(crate) fn side_storage(&self) -> Value {
        self.store
            .get(&side_storage_key(self.config.license_id))
            .and_then(|saved| serde_json::from_str::<Value>(&saved).ok())
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({}))
    }

    /// Saves the customer side storage a push sent, for the next login.
    pub(crate) fn save_side_storage(&self, storage: &Value) {
        self.store.set(
            &side_storage_key(self.config.license_id),
            &storage.to_string(),
        );
    }

    pub(crate) fn customer_id(&self) -> Option<String> {
        self.customer_id.borrow().clone()
    }

    pub(crate) fn status_updates(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    pub(crate) fn customer_id_updates(&self) -> watch::Receiver<Option<String>> {
        self.customer_id.subscribe()
    }

    /// Status, region, customer id and page, for the request methods.
    pub(crate) fn snapshot(&self) -> ClientState {
        let state = self.lock();
        ClientState {
            status: self.status(),
            region: state.region,
            customer_id: self.customer_id(),
            page: state.page.clone(),
        }
    }

    /// Replaces the stored page (sent by the next login; `updateCustomerPage` merges into it).
    pub(crate) fn set_page(&self, page: Option<Page>) {
        self.lock().page = page;
    }

    /// At most one sneak peek per chat per `interval`; the latest text of a window is sent at its
    /// end.
    pub(crate) fn sneak_peek(
        &self,
        chat_id: &str,
        text: String,
        interval: Duration,
    ) -> SneakPeekStep {
        let now = Instant::now();
        let mut state = self.lock();
        state.sneak_peeks.retain(|_, peek| {
            peek.pending.is_some() || peek.last_sent.is_some_and(|t| now - t < interval)
        });
        let peek = state.sneak_peeks.entry(chat_id.to_owned()).or_default();
        match peek.last_sent {
            Some(last) if now - last < interval => {
                let scheduled = peek.pending.replace(text).is_some();
                if scheduled {
                    SneakPeekStep::Replaced
                } else {
                    SneakPeekStep::SendAt(last + interval)
                }
            }
            _ => {
                peek.last_sent = Some(now);
                SneakPeekStep::Send
            }
        }
    }

    /// At the end of a window: the text waiting to be sent, if any (its window starts now).
    pub(crate) fn due_sneak_peek(&self, chat_id: &str) -> Option<String> {
        let mut state = self.lock();
        let peek = state.sneak_peeks.get_mut(chat_id)?;
        peek.last_sent = Some(Instant::now());
        peek.pending.take()
    }

    pub(crate) fn is_chat_active(&self, chat_id: &str) -> bool {
        self.lock().active_chats.contains(chat_id)
    }

    pub(crate) fn page(&self) -> Option<Page> {
        self.lock().page.clone()
    }

    pub(crate) fn set_chat_active(&self, chat_id: &str, active: bool) {
        let mut state = self.lock();
        if active {
            state.active_chats.insert(chat_id.to_owned());
        } else {
            state.active_chats.remove(chat_id);
        }
    }

    /// The customer id comes from the first token; a later token for another customer is an
    /// identity mismatch. `Ok(true)` when the id was just learned: the caller emits `customer_id`.
    pub(crate) fn learn_customer_id(&self, token: &Token) -> Result<bool> {
        let mut outcome = Ok(false);
        self.customer_id.send_if_modified(|known| match known {
            Some(known) if *known != token.entity_id => {
                outcome = Err(Error::new(
                    ErrorCode::IdentityMismatch,
                    "Identity has changed.",
                ));
                false
            }
            Some(_) => false,
            None => {
                *known = Some(token.entity_id.clone());
                outcome = Ok(true);
                true
            }
        });
        outcome
    }
}
