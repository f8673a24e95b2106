//! `ChatClient`: the SDK instance, created by `ChatClient.init(config)` (or `ChatClientBuilder`
//! for host plug-ins). Every documented method exists in a blocking form (`send_event`) and an
//! async twin (`send_event_async`: Kotlin `suspend`, Swift `async`, Python coroutine, JS Promise).
//! Methods take the docs' parameters as named arguments (optional ones default to None).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::auth::{
    CustomerDataProvider, CustomerToken, HostCustomerData, HostStore, HostTokens, KeyValueStore,
    SessionField, TokenProvider,
};
use crate::history::ChatHistory;
use crate::json::{JsonValue, Properties};
use crate::listener::{ChatListener, HostListener, HostObserver, StateObserver, Subscription};
use crate::runtime::{blocking, spawned};
use crate::types::*;
use crate::upload::{progress_callback, UploadHandle, UploadProgressListener};
use crate::{logging, ChatConfig, ChatError};
use livechat_core as core;
use livechat_core::types as params;

/// The SDK instance (the docs' `customerSDK`). Call `destroy()` when done: garbage collection
/// of the handle is not a reliable moment to close connections.
#[derive(uniffi::Object)]
pub struct ChatClient {
    client: core::Client,
}

/// Connection status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ConnectionStatus {
    /// Not connected yet.
    Disconnected,
    Connected,
    /// The link dropped; reconnecting on its own.
    Reconnecting,
    /// `disconnect()`, or a reason that waits for `connect()`.
    Paused,
    /// Terminal.
    Destroyed,
}

impl From<core::Status> for ConnectionStatus {
    fn from(s: core::Status) -> Self {
        match s {
            core::Status::Disconnected => ConnectionStatus::Disconnected,
            core::Status::Connected => ConnectionStatus::Connected,
            core::Status::Reconnecting => ConnectionStatus::Reconnecting,
            core::Status::Paused => ConnectionStatus::Paused,
            core::Status::Destroyed => ConnectionStatus::Destroyed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SortOrder {
    Asc,
    Desc,
}

impl From<SortOrder> for params::SortOrder {
    fn from(s: SortOrder) -> Self {
        match s {
            SortOrder::Asc => params::SortOrder::Asc,
            SortOrder::Desc => params::SortOrder::Desc,
        }
    }
}

/// The initial thread of `start_chat` / `resume_chat`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct InitialThread {
    #[uniffi(default)]
    pub events: Vec<NewEvent>,
    #[uniffi(default)]
    pub properties: Option<Properties>,
}

impl From<InitialThread> for params::InitialThread {
    fn from(t: InitialThread) -> Self {
        params::InitialThread {
            events: convert_all(t.events),
            properties: t.properties.map(Into::into),
        }
    }
}

fn props(p: Option<Properties>) -> Option<params::Properties> {
    p.map(Into::into)
}

#[uniffi::export]
impl ChatClient {
    /// Creates an SDK instance (the docs' `init(config)`), with the built-in cookie-grant token
    /// flow and in-memory storage. Connects at once unless `config.auto_connect` is false.
    #[uniffi::constructor]
    pub fn init(config: ChatConfig) -> Result<Arc<Self>, ChatError> {
        ChatClientBuilder::new(config).build()
    }

    /// Same as `init`, as the primary constructor: `ChatClient(config)` in Kotlin, Swift and
    /// Python (Swift spells the other one `` ChatClient.`init`(config:) ``).
    #[uniffi::constructor]
    pub fn new(config: ChatConfig) -> Result<Arc<Self>, ChatError> {
        ChatClientBuilder::new(config).build()
    }

    // ----- events -------------------------------------------------------------------------

    /// Subscribes `listener` to the event `event_name` (see `event_names()`), or to every event
    /// with `"*"` (the docs' `on`). Active until `Subscription.cancel()`.
    pub fn on(
        &self,
        event_name: String,
        listener: Arc<dyn ChatListener>,
    ) -> Result<Arc<Subscription>, ChatError> {
        let id = self
            .client
            .on_arc(&event_name, Arc::new(HostListener::new(listener)))?;
        Ok(Subscription::new(self.client.clone(), id))
    }

    /// Like `on`, but unsubscribed before the first delivery (the docs' `once`).
    pub fn once(
        &self,
        event_name: String,
        listener: Arc<dyn ChatListener>,
    ) -> Result<Arc<Subscription>, ChatError> {
        let id = self
            .client
            .once_arc(&event_name, Arc::new(HostListener::new(listener)))?;
        Ok(Subscription::new(self.client.clone(), id))
    }

    /// The docs' `off`: same as `subscription.cancel()`. True if it was still subscribed.
    pub fn off(&self, subscription: Arc<Subscription>) -> bool {
        subscription.cancel()
    }

    /// Blocks until every event emitted so far has reached the listeners (tests, shutdown).
    /// Returns at once when called from a listener.
    pub fn flush_events(&self) {
        self.client.flush_events();
    }

    // ----- state --------------------------------------------------------------------------

    pub fn status(&self) -> ConnectionStatus {
        self.client.status().into()
    }

    /// Observes the connection state: `observer` gets the current state at once, then every
    /// change (the latest one when it is slower than the changes), until `cancel()` or destroy
    /// (`Destroyed` is the last state). Late subscribers still learn where the client stands.
    pub fn observe_state(
        &self,
        observer: Arc<dyn StateObserver>,
    ) -> Result<Arc<Subscription>, ChatError> {
        let observation = self
            .client
            .observe_state(Arc::new(HostObserver::new(observer)))?;
        Ok(Subscription::observation(observation))
    }

    /// The region in use, `"dal"` or `"fra"` (it changes on `misdirected_connection`).
    pub fn region(&self) -> String {
        self.client.region().as_str().to_owned()
    }

    /// The customer id, once known (`customer_id` event).
    pub fn customer_id(&self) -> Option<String> {
        self.client.customer_id()
    }

    // ----- methods that return at once ----------------------------------------------------

    /// `getChatHistory`: an object whose `next()` loads older threads.
    pub fn get_chat_history(&self, chat_id: String) -> Result<Arc<ChatHistory>, ChatError> {
        let history = self
            .client
            .get_chat_history(params::GetChatHistoryParams { chat_id })?;
        Ok(ChatHistory::new(history))
    }

    /// `setSneakPeek`: what the customer is typing, for the agent; returns at once.
    pub fn set_sneak_peek(
        &self,
        chat_id: String,
        sneak_peek_text: String,
    ) -> Result<(), ChatError> {
        Ok(self.client.set_sneak_peek(params::SetSneakPeekParams {
            chat_id,
            sneak_peek_text,
        })?)
    }

    /// `updateCustomerPage`: returns at once (sent now when connected, else at the next login).
    #[uniffi::method(default(url = None, title = None))]
    pub fn update_customer_page(
        &self,
        url: Option<String>,
        title: Option<String>,
    ) -> Result<(), ChatError> {
        Ok(self
            .client
            .update_customer_page(core::Page { url, title })?)
    }

    /// `uploadFile`: starts the upload (max 10 MB) and returns its handle at once.
    #[uniffi::method(default(content_type = None))]
    pub fn upload_file(
        &self,
        data: Vec<u8>,
        name: String,
        content_type: Option<String>,
    ) -> Arc<UploadHandle> {
        UploadHandle::new(self.client.upload_file(core::upload::UploadFileParams {
            data,
            name,
            content_type,
            on_progress: None,
        }))
    }

    /// `uploadFile` with a progress listener (fractions 0.0..=1.0).
    pub fn upload_file_with_progress(
        &self,
        data: Vec<u8>,
        name: String,
        content_type: Option<String>,
        progress: Arc<dyn UploadProgressListener>,
    ) -> Arc<UploadHandle> {
        UploadHandle::new(self.client.upload_file(core::upload::UploadFileParams {
            data,
            name,
            content_type,
            on_progress: Some(progress_callback(progress)),
        }))
    }
}

/// Exports each method twice: blocking (`name`) and async (`name_async`), both running the same
/// future on the SDK runtime (see `ffi::runtime`). `|c|` binds a clone of the core client.
macro_rules! twins {
    ($(
        $(#[doc = $doc:expr])*
        $([$($method_attr:tt)*])?
        fn $name:ident, $name_async:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty
        = |$c:ident| $body:expr;
    )*) => {
        #[uniffi::export]
        impl ChatClient {
            $(
                $(#[doc = $doc])*
                $(#[uniffi::method($($method_attr)*)])?
                pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, ChatError> {
                    let $c = self.client.clone();
                    blocking(async move { $body })
                }

                #[doc = "Async twin of the method of the same name without `_async`."]
                $(#[uniffi::method($($method_attr)*)])?
                pub async fn $name_async(&self, $($arg: $ty),*) -> Result<$ret, ChatError> {
                    let $c = self.client.clone();
                    spawned(async move { $body }).await
                }
            )*
        }
    };
}

twins! {
    /// `connect`: needed after `auto_connect: false` or a reason that waits for it.
    /// `ALREADY_CONNECTED` while connected or connecting.
    fn connect, connect_async() -> () = |c| c.connect().await;

    /// `disconnect`: closes the connection until `connect()`.
    fn disconnect, disconnect_async() -> () = |c| c.disconnect().await;

    /// `destroy`: closes everything for good; later calls fail with `SDK_DESTROYED`.
    fn destroy, destroy_async() -> () = |c| c.destroy().await;

    /// The docs' `auth.getToken()`: a valid customer token.
    fn get_token, get_token_async() -> CustomerToken = |c| c.auth_get_token().await.map(Into::into);

    /// Sends any Customer Chat API action and returns the raw response payload (escape hatch).
    fn send_raw, send_raw_async(action: String, payload: JsonValue) -> JsonValue =
        |c| c.send_raw(&action, payload.0).await.map(JsonValue);

    /// `acceptGreeting`. `GREETING_NOT_FOUND` if unknown.
    fn accept_greeting, accept_greeting_async(greeting_id: u32, unique_id: String) -> () =
        |c| c.accept_greeting(params::AcceptGreetingParams { greeting_id, unique_id }).await.map(drop);

    /// `cancelGreeting`. `GREETING_NOT_FOUND` if unknown.
    fn cancel_greeting, cancel_greeting_async(unique_id: String) -> () =
        |c| c.cancel_greeting(params::CancelGreetingParams { unique_id }).await.map(drop);

    /// `cancelRate`: removes rating properties (default `["score"]`). `MISSING_CHAT_THREAD`.
    [default(properties = None)]
    fn cancel_rate, cancel_rate_async(chat_id: String, properties: Option<Vec<String>>) -> () =
        |c| c.cancel_rate(params::CancelRateParams { chat_id, properties }).await.map(drop);

    /// `deactivateChat`: closes the chat's active thread (the docs' `id`).
    fn deactivate_chat, deactivate_chat_async(chat_id: String) -> () =
        |c| c.deactivate_chat(params::DeactivateChatParams { id: chat_id }).await.map(drop);

    /// `deleteChatProperties`: namespace -> property names.
    fn delete_chat_properties, delete_chat_properties_async(chat_id: String, properties: HashMap<String, Vec<String>>) -> () =
        |c| c.delete_chat_properties(params::DeleteChatPropertiesParams { id: chat_id, properties }).await.map(drop);

    /// `deleteEventProperties`.
    fn delete_event_properties, delete_event_properties_async(chat_id: String, thread_id: String, event_id: String, properties: HashMap<String, Vec<String>>) -> () =
        |c| c.delete_event_properties(params::DeleteEventPropertiesParams { chat_id, thread_id, event_id, properties }).await.map(drop);

    /// `deleteThreadProperties`.
    fn delete_thread_properties, delete_thread_properties_async(chat_id: String, thread_id: String, properties: HashMap<String, Vec<String>>) -> () =
        |c| c.delete_thread_properties(params::DeleteThreadPropertiesParams { chat_id, thread_id, properties }).await.map(drop);

    /// `getChat`: the chat with the given (or latest) thread.
    [default(thread_id = None)]
    fn get_chat, get_chat_async(chat_id: String, thread_id: Option<String>) -> Chat =
        |c| c.get_chat(params::GetChatParams { chat_id, thread_id }).await.map(Into::into);

    /// `getCustomer`.
    fn get_customer, get_customer_async() -> Customer = |c| c.get_customer().await.map(Into::into);

    /// `getForm`: the prechat / postchat / ticket form of a group.
    fn get_form, get_form_async(group_id: u32, kind: FormType) -> FormResult =
        |c| c.get_form(params::GetFormParams { group_id, kind: kind.into() }).await.map(Into::into);

    /// `getPredictedAgent`. `GROUP_OFFLINE`, `GROUP_UNAVAILABLE`.
    [default(group_id = None)]
    fn get_predicted_agent, get_predicted_agent_async(group_id: Option<u32>) -> PredictedAgent =
        |c| c.get_predicted_agent(params::GetPredictedAgentParams { group_id }).await.map(Into::into);

    /// `getUrlInfo`.
    fn get_url_info, get_url_info_async(url: String) -> UrlInfo =
        |c| c.get_url_info(params::GetUrlInfoParams { url }).await.map(Into::into);

    /// `listChats`: `limit` 1..=25 (default 10).
    [default(page_id = None, limit = None)]
    fn list_chats, list_chats_async(page_id: Option<String>, limit: Option<u32>) -> ListChatsResult =
        |c| c.list_chats(params::ListChatsParams { page_id, limit }).await.map(Into::into);

    /// `listGroupStatuses`: group id -> status (every group when `group_ids` is None).
    [default(group_ids = None)]
    fn list_group_statuses, list_group_statuses_async(group_ids: Option<Vec<u32>>) -> HashMap<u32, GroupStatus> =
        |c| c.list_group_statuses(params::ListGroupStatusesParams { group_ids }).await
            .map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect());

    /// `listThreads`. `limit` and `min_events_count` cannot be combined.
    [default(page_id = None, sort_order = None, limit = None, min_events_count = None)]
    fn list_threads, list_threads_async(chat_id: String, page_id: Option<String>, sort_order: Option<SortOrder>, limit: Option<u32>, min_events_count: Option<u32>) -> ListThreadsResult =
        |c| c.list_threads(params::ListThreadsParams { chat_id, page_id, sort_order: sort_order.map(Into::into), limit, min_events_count }).await.map(Into::into);

    /// `markEventsAsSeen`: `seen_up_to` is RFC 3339 (an event's `created_at`).
    fn mark_events_as_seen, mark_events_as_seen_async(chat_id: String, seen_up_to: String) -> () =
        |c| c.mark_events_as_seen(params::MarkEventsAsSeenParams { chat_id, seen_up_to }).await.map(drop);

    /// `rateChat`: `score` 0 (bad) or 1 (good). `MISSING_CHAT_THREAD`.
    [default(comment = None)]
    fn rate_chat, rate_chat_async(chat_id: String, score: u8, comment: Option<String>) -> () =
        |c| c.rate_chat(params::RateChatParams { chat_id, rating: params::Rating { score, comment } }).await.map(drop);

    /// `resumeChat`: reactivates an archived chat. `CHAT_ALREADY_ACTIVE`, `GROUPS_OFFLINE`.
    [default(active = None, continuous = None, access = None, properties = None, thread = None)]
    fn resume_chat, resume_chat_async(chat_id: String, active: Option<bool>, continuous: Option<bool>, access: Option<Access>, properties: Option<Properties>, thread: Option<InitialThread>) -> Chat =
        |c| c.resume_chat(params::ResumeChatParams {
            active,
            continuous,
            chat: params::ResumeChatData { id: chat_id, access: access.map(Into::into), properties: props(properties), thread: thread.map(Into::into) },
        }).await.map(|envelope| envelope.chat.into());

    /// `sendEvent`: returns the event as stored by the server.
    [default(attach_to_last_thread = None)]
    fn send_event, send_event_async(chat_id: String, event: NewEvent, attach_to_last_thread: Option<bool>) -> Event =
        |c| c.send_event(params::SendEventParams { chat_id, event: event.into(), attach_to_last_thread }).await.map(Into::into);

    /// `sendRichMessagePostback`.
    fn send_rich_message_postback, send_rich_message_postback_async(chat_id: String, thread_id: String, event_id: String, postback: Postback) -> () =
        |c| c.send_rich_message_postback(params::SendRichMessagePostbackParams { chat_id, thread_id, event_id, postback: postback.into() }).await.map(drop);

    /// `sendTicketForm`: the filled ticket form; returns the created ticket.
    [default(group_id = None, time_zone = None)]
    fn send_ticket_form, send_ticket_form_async(form_id: String, fields: Vec<FilledFormField>, group_id: Option<u32>, time_zone: Option<String>) -> Ticket =
        |c| c.send_ticket_form(params::SendTicketFormParams {
            filled_form: params::TicketForm { form_id, fields: convert_all(fields) },
            group_id,
            time_zone,
        }).await.map(Into::into);

    /// `setCustomerSessionFields`. `CUSTOMER_SESSION_FIELDS_LIMIT_REACHED`.
    fn set_customer_session_fields, set_customer_session_fields_async(session_fields: Vec<SessionField>) -> () =
        |c| c.set_customer_session_fields(params::SetCustomerSessionFieldsParams { session_fields: crate::auth::session_fields(session_fields) }).await.map(drop);

    /// `startChat`: a new chat (one per customer). `CHAT_LIMIT_REACHED`, `GROUPS_OFFLINE`.
    [default(active = None, continuous = None, access = None, properties = None, thread = None)]
    fn start_chat, start_chat_async(active: Option<bool>, continuous: Option<bool>, access: Option<Access>, properties: Option<Properties>, thread: Option<InitialThread>) -> Chat =
        |c| c.start_chat(params::StartChatParams {
            active,
            continuous,
            chat: Some(params::StartChatData { access: access.map(Into::into), properties: props(properties), thread: thread.map(Into::into) }),
        }).await.map(|envelope| envelope.chat.into());

    /// `updateChatProperties` (the docs' `id`).
    fn update_chat_properties, update_chat_properties_async(chat_id: String, properties: Properties) -> () =
        |c| c.update_chat_properties(params::UpdateChatPropertiesParams { id: chat_id, properties: properties.into() }).await.map(drop);

    /// `updateCustomer`: only what is set is sent. `CUSTOMER_SESSION_FIELDS_LIMIT_REACHED`.
    fn update_customer, update_customer_async(data: crate::auth::CustomerData) -> () =
        |c| c.update_customer(data.into()).await.map(drop);

    /// `updateEventProperties`.
    fn update_event_properties, update_event_properties_async(chat_id: String, thread_id: String, event_id: String, properties: Properties) -> () =
        |c| c.update_event_properties(params::UpdateEventPropertiesParams { chat_id, thread_id, event_id, properties: properties.into() }).await.map(drop);

    /// `updateThreadProperties`.
    fn update_thread_properties, update_thread_properties_async(chat_id: String, thread_id: String, properties: Properties) -> () =
        |c| c.update_thread_properties(params::UpdateThreadPropertiesParams { chat_id, thread_id, properties: properties.into() }).await.map(drop);
}

/// Builds a `ChatClient` with host plug-ins: `ChatClientBuilder(config).token_provider(p).build()`.
/// (Separate setters instead of optional arguments: React Native cannot pass a foreign trait
/// inside an optional.)
#[derive(uniffi::Object)]
pub struct ChatClientBuilder {
    config: ChatConfig,
    plugins: Mutex<Plugins>,
}

#[derive(Default, Clone)]
struct Plugins {
    tokens: Option<Arc<dyn TokenProvider>>,
    customer_data: Option<Arc<dyn CustomerDataProvider>>,
    store: Option<Arc<dyn KeyValueStore>>,
    listeners: Vec<(String, Arc<dyn ChatListener>)>,
}

#[uniffi::export]
impl ChatClientBuilder {
    #[uniffi::constructor]
    pub fn new(config: ChatConfig) -> Arc<Self> {
        Arc::new(ChatClientBuilder {
            config,
            plugins: Mutex::new(Plugins::default()),
        })
    }

    /// Host-supplied tokens instead of the built-in cookie grant.
    pub fn token_provider(self: Arc<Self>, provider: Arc<dyn TokenProvider>) -> Arc<Self> {
        let _replaced = self.plugins().tokens.replace(provider);
        self
    }

    /// The docs' `customerDataProvider`.
    pub fn customer_data_provider(
        self: Arc<Self>,
        provider: Arc<dyn CustomerDataProvider>,
    ) -> Arc<Self> {
        let _replaced = self.plugins().customer_data.replace(provider);
        self
    }

    /// Persistent storage for token, cookies and side storage (default: memory only).
    pub fn key_value_store(self: Arc<Self>, store: Arc<dyn KeyValueStore>) -> Arc<Self> {
        let _replaced = self.plugins().store.replace(store);
        self
    }

    /// A listener registered before the instance starts, so it sees every event from the first
    /// (`customer_id`, `connected`): with `ChatClient(config)` and then `on()`, events emitted in
    /// between are missed. Active for the client's lifetime (use `ChatClient.on` for one you can
    /// cancel). `event_name` as in `ChatClient.on`; an unknown name fails `build()`.
    pub fn on(self: Arc<Self>, event_name: String, listener: Arc<dyn ChatListener>) -> Arc<Self> {
        self.plugins().listeners.push((event_name, listener));
        self
    }

    /// Creates the instance (the docs' `init`). The builder can be reused.
    pub fn build(&self) -> Result<Arc<ChatClient>, ChatError> {
        logging::install();
        let plugins = self.plugins().clone();
        let mut config = self.config.to_core()?;
        config.customer_data_provider = plugins
            .customer_data
            .map(|p| Arc::new(HostCustomerData::new(p)) as Arc<dyn core::CustomerDataProvider>);
        let tokens = plugins
            .tokens
            .map(|p| Arc::new(HostTokens::new(p)) as Arc<dyn core::TokenProvider>);
        let store = plugins
            .store
            .map(|s| Arc::new(HostStore::new(s)) as Arc<dyn core::KeyValueStore>);
        let client = core::Client::new(config, tokens, store)?;
        // On an error the client was never started: dropping it ends its task quietly.
        for (event_name, listener) in plugins.listeners {
            client.on_arc(&event_name, Arc::new(HostListener::new(listener)))?;
        }
        client.start();
        Ok(Arc::new(ChatClient { client }))
    }
}

impl ChatClientBuilder {
    fn plugins(&self) -> std::sync::MutexGuard<'_, Plugins> {
        self.plugins.lock().unwrap_or_else(|p| p.into_inner())
    }
}
