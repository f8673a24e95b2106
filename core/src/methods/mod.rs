//! The docs' request methods on `Client` (`client-behavior.md` §3).
//!
//! Every method validates its arguments before anything is sent (`VALIDATION`), then goes
//! through the engine's `request`, which bounds it in time and gates it on the connection
//! (`NO_CONNECTION`, `SDK_DESTROYED`, `CONNECTION_LOST`, `REQUEST_TIMEOUT`, server codes).
//! The futures own nothing borrowed beyond `&self`: `async move { client.x(p).await }` is
//! `Send + 'static` and can be spawned.

use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::config::{CustomerData, Page};
use crate::engine::state::Status;
use crate::error::{Error, ErrorCode, Result};
use crate::events::Event;
use crate::history::ChatHistory;
use crate::protocol::{decode, requests};
use crate::transport;
use crate::types::*;

/// Most chats one `listChats` page may ask for (the reference client's check).
pub const LIST_CHATS_MAX_LIMIT: u32 = 25;
/// At most one sneak peek per chat per this window; the latest text of a window is sent at its end.
pub const SNEAK_PEEK_INTERVAL: Duration = Duration::from_millis(300);

impl Client {
    /// `acceptGreeting`: the customer has seen the greeting. `GREETING_NOT_FOUND` if unknown.
    pub async fn accept_greeting(&self, params: AcceptGreetingParams) -> Result<Success> {
        required("uniqueId", &params.unique_id)?;
        let payload = json!({ "greeting_id": params.greeting_id, "unique_id": params.unique_id });
        self.request_success("accept_greeting", payload).await
    }

    /// `cancelGreeting`: the customer dismissed the greeting. `GREETING_NOT_FOUND` if unknown.
    pub async fn cancel_greeting(&self, params: CancelGreetingParams) -> Result<Success> {
        required("uniqueId", &params.unique_id)?;
        self.request_success("cancel_greeting", json!({ "unique_id": params.unique_id }))
            .await
    }

    /// `cancelRate`: removes rating properties (default `["score"]`) from the chat's latest thread.
    /// `MISSING_CHAT_THREAD` if the chat has no thread.
    pub async fn cancel_rate(&self, params: CancelRateParams) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        let properties = params
            .properties
            .unwrap_or_else(|| vec!["score".to_owned()]);
        if properties.is_empty() || properties.iter().any(|p| p.is_empty()) {
            return Err(Error::invalid_argument(
                "properties must be a non-empty list of rating property names.",
            ));
        }
        let thread_id = self.latest_thread_id(&params.chat_id).await?;
        let payload = json!({
            "chat_id": params.chat_id,
            "thread_id": thread_id,
            "properties": { "rating": properties },
        });
        self.request_success("delete_thread_properties", payload)
            .await
    }

    /// `deactivateChat`: closes the chat's active thread.
    pub async fn deactivate_chat(&self, params: DeactivateChatParams) -> Result<Success> {
        required("id", &params.id)?;
        self.request("deactivate_chat", json!({ "id": params.id }))
            .await?;
        self.set_chat_active(&params.id, false);
        Ok(Success::TRUE)
    }

    /// `deleteChatProperties`.
    pub async fn delete_chat_properties(
        &self,
        params: DeleteChatPropertiesParams,
    ) -> Result<Success> {
        required("id", &params.id)?;
        property_names_given(&params.properties)?;
        let payload = json!({ "id": params.id, "properties": params.properties });
        self.request_success("delete_chat_properties", payload)
            .await
    }

    /// `deleteEventProperties`.
    pub async fn delete_event_properties(
        &self,
        params: DeleteEventPropertiesParams,
    ) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        required("threadId", &params.thread_id)?;
        required("eventId", &params.event_id)?;
        property_names_given(&params.properties)?;
        let payload = json!({
            "chat_id": params.chat_id,
            "thread_id": params.thread_id,
            "event_id": params.event_id,
            "properties": params.properties,
        });
        self.request_success("delete_event_properties", payload)
            .await
    }

    /// `deleteThreadProperties`.
    pub async fn delete_thread_properties(
        &self,
        params: DeleteThreadPropertiesParams,
    ) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        required("threadId", &params.thread_id)?;
        property_names_given(&params.properties)?;
        let payload = json!({
            "chat_id": params.chat_id,
            "thread_id": params.thread_id,
            "properties": params.properties,
        });
        self.request_success("delete_thread_properties", payload)
            .await
    }

    /// `getChat`: the chat with the requested (or latest) thread. Emits `user_data` per user first.
    pub async fn get_chat(&self, params: GetChatParams) -> Result<Chat> {
        required("chatId", &params.chat_id)?;
        let mut payload = json!({ "chat_id": params.chat_id });
        if let Some(thread_id) = &params.thread_id {
            required("threadId", thread_id)?;
            payload["thread_id"] = json!(thread_id);
        }
        let chat = decode::chat(&self.request("get_chat", payload).await?)?;
        self.emit_user_data(&chat.users);
        Ok(chat)
    }

    /// `getChatHistory`: an iterator over the chat's threads, newest page first.
    pub fn get_chat_history(&self, params: GetChatHistoryParams) -> Result<ChatHistory> {
        required("chatId", &params.chat_id)?;
        Ok(ChatHistory::new(self.clone(), params.chat_id))
    }

    /// `getCustomer`: the current customer.
    pub async fn get_customer(&self) -> Result<Customer> {
        decode::customer(&self.request("get_customer", json!({})).await?)
    }

    /// `getForm`: the prechat / postchat / ticket form of a group.
    pub async fn get_form(&self, params: GetFormParams) -> Result<FormResult> {
        let payload = json!({ "group_id": params.group_id, "type": params.kind.as_str() });
        decode::form_result(&self.request("get_form", payload).await?)
    }

    /// `getPredictedAgent`: the agent a new chat would get. `GROUP_OFFLINE`, `GROUP_UNAVAILABLE`.
    pub async fn get_predicted_agent(
        &self,
        params: GetPredictedAgentParams,
    ) -> Result<PredictedAgent> {
        let mut payload = json!({});
        if let Some(group_id) = params.group_id {
            payload["group_id"] = json!(group_id);
        }
        decode::predicted_agent(&self.request("get_predicted_agent", payload).await?)
    }

    /// `getUrlInfo`: title, description and preview image of a web page.
    pub async fn get_url_info(&self, params: GetUrlInfoParams) -> Result<UrlInfo> {
        match url::Url::parse(&params.url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => {
                return Err(Error::invalid_argument(format!(
                    "url must be an http(s) URL, got {:?}.",
                    params.url
                )))
            }
        }
        decode::url_info(
            &self
                .request("get_url_info", json!({ "url": params.url }))
                .await?,
        )
    }

    /// `listChats`: summaries of the customer's chats, `limit` 1..=25 (default 10).
    pub async fn list_chats(&self, params: ListChatsParams) -> Result<ListChatsResult> {
        let payload = match (&params.page_id, params.limit) {
            (_, Some(limit)) if limit == 0 || limit > LIST_CHATS_MAX_LIMIT => {
                return Err(Error::invalid_argument(format!(
                    "Specified limit is out of range (1 to {LIST_CHATS_MAX_LIMIT}): {limit}."
                )))
            }
            (Some(page_id), _) => {
                required("pageId", page_id)?;
                json!({ "page_id": page_id })
            }
            (None, limit) => json!({ "limit": limit.unwrap_or(10) }),
        };
        let result = decode::list_chats(&self.request("list_chats", payload).await?)?;
        for summary in &result.chats_summary {
            self.set_chat_active(&summary.id, summary.active);
        }
        self.emit_user_data(&result.users);
        Ok(result)
    }

    /// `listGroupStatuses`: group id -> availability (every group when `group_ids` is None).
    pub async fn list_group_statuses(
        &self,
        params: ListGroupStatusesParams,
    ) -> Result<GroupStatuses> {
        let payload = match params.group_ids {
            Some(ids) if ids.is_empty() => {
                return Err(Error::invalid_argument(
                    "groupIds must not be empty (leave it out for every group).",
                ))
            }
            Some(ids) => json!({ "group_ids": ids }),
            None => json!({ "all": true }),
        };
        decode::group_statuses(&self.request("list_group_statuses", payload).await?)
    }

    /// `listThreads`: a page of the chat's threads with their events.
    pub async fn list_threads(&self, params: ListThreadsParams) -> Result<ListThreadsResult> {
        required("chatId", &params.chat_id)?;
        let payload = match &params.page_id {
            Some(page_id) => {
                required("pageId", page_id)?;
                json!({ "chat_id": params.chat_id, "page_id": page_id })
            }
            None => {
                if params.limit.is_some() && params.min_events_count.is_some() {
                    return Err(Error::invalid_argument(
                        "limit and minEventsCount cannot be used together.",
                    ));
                }
                if params.limit == Some(0) || params.min_events_count == Some(0) {
                    return Err(Error::invalid_argument(
                        "limit and minEventsCount must be positive.",
                    ));
                }
                let mut payload = Map::new();
                payload.insert("chat_id".into(), json!(params.chat_id));
                if let Some(order) = params.sort_order {
                    payload.insert("sort_order".into(), json!(order));
                }
                if let Some(limit) = params.limit {
                    payload.insert("limit".into(), json!(limit));
                }
                if let Some(count) = params.min_events_count {
                    payload.insert("min_events_count".into(), json!(count));
                }
                Value::Object(payload)
            }
        };
        decode::list_threads(
            &self.request("list_threads", payload).await?,
            &params.chat_id,
        )
    }

    /// `markEventsAsSeen`: up to an RFC 3339 time (e.g. an event's `createdAt`).
    pub async fn mark_events_as_seen(&self, params: MarkEventsAsSeenParams) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        if !is_rfc3339(&params.seen_up_to) {
            return Err(Error::invalid_argument(format!(
                "seenUpTo must be an RFC 3339 date-time, got {:?}.",
                params.seen_up_to
            )));
        }
        let payload = json!({ "chat_id": params.chat_id, "seen_up_to": params.seen_up_to });
        self.request_success("mark_events_as_seen", payload).await
    }

    /// `rateChat`: rates the chat's latest thread. `MISSING_CHAT_THREAD` if it has none.
    pub async fn rate_chat(&self, params: RateChatParams) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        if params.rating.score > 1 {
            return Err(Error::invalid_argument(format!(
                "rating.score must be 0 or 1, got {}.",
                params.rating.score
            )));
        }
        let thread_id = self.latest_thread_id(&params.chat_id).await?;
        let mut rating = json!({ "score": params.rating.score });
        if let Some(comment) = &params.rating.comment {
            rating["comment"] = json!(comment);
        }
        let payload = json!({
            "chat_id": params.chat_id,
            "thread_id": thread_id,
            "properties": { "rating": rating },
        });
        self.request_success("update_thread_properties", payload)
            .await
    }

    /// `resumeChat`: starts a new thread in an archived chat. `CHAT_ALREADY_ACTIVE`, `GROUPS_OFFLINE`.
    pub async fn resume_chat(&self, params: ResumeChatParams) -> Result<ChatEnvelope> {
        required("chat.id", &params.chat.id)?;
        if let Some(thread) = &params.chat.thread {
            thread.events.iter().try_for_each(validate_new_event)?;
        }
        let payload = requests::resume_chat(&params);
        self.chat_started(self.request("resume_chat", payload).await?)
    }

    /// `sendEvent`: sends an event; resolves with the event as stored by the server.
    pub async fn send_event(&self, params: SendEventParams) -> Result<ChatEvent> {
        required("chatId", &params.chat_id)?;
        validate_new_event(&params.event)?;
        let mut payload = json!({
            "chat_id": params.chat_id,
            "event": requests::new_event(&params.event),
        });
        if params.attach_to_last_thread == Some(true) {
            payload["attach_to_last_thread"] = json!(true);
        }
        // Settled by the `incoming_event` push carrying this request's id.
        let push = self.request("send_event", payload).await?;
        let thread_id = push.get("thread_id").and_then(Value::as_str);
        let event = push
            .get("event")
            .ok_or_else(|| Error::bad_response("send_event: the reply carries no event."))?;
        decode::event(event, thread_id)?.ok_or_else(|| {
            Error::bad_response("send_event: the server stored an unsupported event.")
        })
    }

    /// `sendRichMessagePostback`: a click on a rich message button.
    pub async fn send_rich_message_postback(
        &self,
        params: SendRichMessagePostbackParams,
    ) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        required("threadId", &params.thread_id)?;
        required("eventId", &params.event_id)?;
        required("postback.id", &params.postback.id)?;
        let payload = json!({
            "chat_id": params.chat_id,
            "event_id": params.event_id,
            "thread_id": params.thread_id,
            "postback": { "id": params.postback.id, "toggled": params.postback.toggled },
        });
        self.request_success("send_rich_message_postback", payload)
            .await
    }

    /// `sendTicketForm`: files a ticket from a filled ticket form, over HTTP (`client-behavior.md`
    /// §3.11). `VALIDATION` when the server rejects the requester (e.g. a bad email).
    pub async fn send_ticket_form(&self, params: SendTicketFormParams) -> Result<Ticket> {
        if params.filled_form.fields.is_empty() {
            return Err(Error::invalid_argument(
                "filledForm.fields must not be empty.",
            ));
        }
        if let Some(zone) = &params.time_zone {
            required("timeZone", zone)?;
        }
        if self.status() == Status::Destroyed {
            return Err(Error::destroyed());
        }
        let token = self.token().await?;
        let state = self.state();
        let config = self.config();
        let body = tickets::body(
            &params,
            config.license_id,
            &token.entity_id,
            params.group_id.map(u64::from).or(config.group_id),
            state.page.as_ref().and_then(|p| p.url.as_deref()),
        );
        let url = format!(
            "{}/v2/tickets/new",
            config.api_origin(state.region).trim_end_matches('/')
        );
        let response = self
            .http()
            .post(url)
            .json(&body.json)
            .timeout(config.request_timeout)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    Error::timeout()
                } else {
                    Error::new(
                        ErrorCode::ConnectionLost,
                        format!("Could not send the ticket: {e}"),
                    )
                }
            })?;
        let status = response.status();
        let reply: Value = transport::read_reply(response)
            .await
            .ok()
            .and_then(|body| serde_json::from_slice(&body).ok())
            .unwrap_or(Value::Null);
        if status.is_success() {
            let id = reply
                .get("id")
                .map(|id| match id {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .ok_or_else(|| Error::bad_response("tickets/new: the reply has no id."))?;
            return Ok(Ticket {
                id,
                text: body.ticket_message,
            });
        }
        Err(tickets::error(status.as_u16(), &reply))
    }

    /// `setCustomerSessionFields`. `CUSTOMER_SESSION_FIELDS_LIMIT_REACHED` past the server's limit.
    pub async fn set_customer_session_fields(
        &self,
        params: SetCustomerSessionFieldsParams,
    ) -> Result<Success> {
        session_field_keys(&params.session_fields)?;
        let payload = json!({ "session_fields": requests::session_fields(&params.session_fields) });
        self.request_success("set_customer_session_fields", payload)
            .await
    }

    /// `setSneakPeek`: what the customer is typing, for the agent. Returns at once; sent only while
    /// connected and the chat is active (dropped otherwise), at most once per
    /// [`SNEAK_PEEK_INTERVAL`] per chat (the latest text of a burst is sent at the interval's end).
    /// Fire-and-forget like the docs' method: after `destroy` it is dropped, not an error.
    pub fn set_sneak_peek(&self, params: SetSneakPeekParams) -> Result<()> {
        required("chatId", &params.chat_id)?;
        if self.status() != Status::Destroyed {
            sneak_peek::submit(self, params.chat_id, params.sneak_peek_text);
        }
        Ok(())
    }

    /// `startChat`: a new chat (one per customer). `CHAT_LIMIT_REACHED`, `GROUPS_OFFLINE`.
    pub async fn start_chat(&self, params: StartChatParams) -> Result<ChatEnvelope> {
        if let Some(thread) = params.chat.as_ref().and_then(|c| c.thread.as_ref()) {
            thread.events.iter().try_for_each(validate_new_event)?;
        }
        let payload = requests::start_chat(&params);
        self.chat_started(self.request("start_chat", payload).await?)
    }

    /// `updateChatProperties`.
    pub async fn update_chat_properties(
        &self,
        params: UpdateChatPropertiesParams,
    ) -> Result<Success> {
        required("id", &params.id)?;
        properties_given(&params.properties)?;
        let payload = json!({ "id": params.id, "properties": params.properties });
        self.request_success("update_chat_properties", payload)
            .await
    }

    /// `updateCustomer`: name, email, avatar and session fields; only what is set is sent.
    /// `CUSTOMER_SESSION_FIELDS_LIMIT_REACHED` past the server's limit.
    pub async fn update_customer(&self, data: CustomerData) -> Result<Success> {
        session_field_keys(&data.session_fields)?;
        let payload = requests::customer_data(&data);
        if payload.as_object().is_none_or(Map::is_empty) {
            return Err(Error::invalid_argument(
                "updateCustomer needs at least one of name, email, avatar, sessionFields.",
            ));
        }
        self.request_success("update_customer", payload).await
    }

    /// `updateCustomerPage`: merges `url` / `title` into the stored page. Returns at once: when
    /// connected the given fields are sent now (errors ignored, as the docs' method returns
    /// nothing); otherwise the next login carries the merged page. After `destroy` it does nothing.
    pub fn update_customer_page(&self, page: Page) -> Result<()> {
        if page.url.is_none() && page.title.is_none() {
            return Err(Error::invalid_argument(
                "updateCustomerPage needs a url or a title.",
            ));
        }
        if let Some(url) = &page.url {
            url::Url::parse(url).map_err(|e| {
                Error::invalid_argument(format!("page.url is not a URL ({url:?}): {e}."))
            })?;
        }
        let state = self.state();
        if state.status == Status::Destroyed {
            return Ok(());
        }
        let mut merged = state.page.unwrap_or_default();
        if page.url.is_some() {
            merged.url = page.url.clone();
        }
        if page.title.is_some() {
            merged.title = page.title.clone();
        }
        self.set_page(Some(merged));
        if state.status == Status::Connected {
            // Only this call's fields, as the reference client sends them.
            let payload = requests::page(&page);
            let client = self.clone();
            let handle = crate::runtime::handle()?;
            handle.spawn(async move {
                if let Err(err) = client.request("update_customer_page", payload).await {
                    tracing::debug!("update_customer_page failed (ignored): {err}");
                }
            });
        }
        Ok(())
    }

    /// `updateEventProperties`.
    pub async fn update_event_properties(
        &self,
        params: UpdateEventPropertiesParams,
    ) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        required("threadId", &params.thread_id)?;
        required("eventId", &params.event_id)?;
        properties_given(&params.properties)?;
        let payload = json!({
            "chat_id": params.chat_id,
            "event_id": params.event_id,
            "thread_id": params.thread_id,
            "properties": params.properties,
        });
        self.request_success("update_event_properties", payload)
            .await
    }

    /// `updateThreadProperties` (e.g. `routing.transcript_email` for a chat transcript).
    pub async fn update_thread_properties(
        &self,
        params: UpdateThreadPropertiesParams,
    ) -> Result<Success> {
        required("chatId", &params.chat_id)?;
        required("threadId", &params.thread_id)?;
        properties_given(&params.properties)?;
        let payload = json!({
            "chat_id": params.chat_id,
            "thread_id": params.thread_id,
            "properties": params.properties,
        });
        self.request_success("update_thread_properties", payload)
            .await
    }

    // ----- helpers --------------------------------------------------------------------------

    /// A request whose documented result is `{success: true}`.
    async fn request_success(&self, action: &str, payload: Value) -> Result<Success> {
        self.request(action, payload).await?;
        Ok(Success::TRUE)
    }

    /// The first thread `list_threads` returns (newest first), for rating (§3.7).
    async fn latest_thread_id(&self, chat_id: &str) -> Result<String> {
        let page = self
            .request("list_threads", json!({ "chat_id": chat_id }))
            .await?;
        let page = decode::list_threads(&page, chat_id)?;
        page.threads
            .into_iter()
            .next()
            .map(|thread| thread.id)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingChatThread,
                    format!("There is no thread in \"{chat_id}\"."),
                )
            })
    }

    /// The push-response of start_chat / resume_chat -> `{chat}`, after `user_data` per user.
    fn chat_started(&self, push: Value) -> Result<ChatEnvelope> {
        let envelope = decode::chat_envelope(&push)?;
        let active = envelope.chat.thread.as_ref().is_some_and(|t| t.active);
        self.set_chat_active(&envelope.chat.id, active);
        self.emit_user_data(&envelope.chat.users);
        Ok(envelope)
    }

    fn emit_user_data(&self, users: &[User]) {
        for user in users {
            self.emit(Event::UserData(user.without_presence()));
        }
    }
}

mod sneak_peek;
mod tickets;
mod validate;

#[cfg(test)]
mod tests;

use validate::*;
