//! API errors in the documented wire shape `{"error": {"type", "message", "data"?}}`.

use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: String,
    pub message: String,
    pub data: Option<Value>,
}

impl ApiError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        ApiError {
            kind: kind.to_string(),
            message: message.into(),
            data: None,
        }
    }

    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new("validation", message)
    }

    pub fn missing(field: &str) -> Self {
        Self::validation(format!("`{field}` is required"))
    }

    pub fn wrong_type(field: &str, expected: &str) -> Self {
        Self::validation(format!("`{field}` must be {expected}"))
    }

    pub fn authentication(message: &str) -> Self {
        Self::new("authentication", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new("not_found", format!("{what} not found"))
    }

    pub fn chat_not_found() -> Self {
        Self::not_found("Chat")
    }

    pub fn chat_inactive() -> Self {
        Self::new("chat_inactive", "Chat is inactive")
    }

    pub fn group_not_found() -> Self {
        Self::new("group_not_found", "Group not found")
    }

    /// The `{"error": {...}}` body / RTM error payload.
    pub fn body(&self) -> Value {
        let mut e = json!({ "type": self.kind, "message": self.message });
        if let Some(d) = &self.data {
            e["data"] = d.clone();
        }
        json!({ "error": e })
    }

    /// HTTP status for Web API replies (the docs do not fix these; conventional choices).
    pub fn http_status(&self) -> u16 {
        match self.kind.as_str() {
            "validation" => 400,
            "authentication" => 401,
            "authorization" | "customer_banned" => 403,
            "not_found" | "group_not_found" | "greeting_not_found" | "license_not_found" => 404,
            "entity_too_large" => 413,
            "misdirected_request" => 421,
            "too_many_requests" => 429,
            "internal" => 500,
            "service_unavailable" => 503,
            "request_timeout" => 504,
            _ => 422,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T = Value> = Result<T, ApiError>;
