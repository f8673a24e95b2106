//! Free-form JSON across the FFI: documented as JSON text (a `String` in every host language).
//!
//! - `JsonValue`: any JSON value (custom event `content`).
//! - `Properties`: the docs' properties object, `{"namespace": {"name": <any JSON>}}`.
//!
//! Both are lowered with `serde_json::to_string` and lifted with `serde_json::from_str`; text that
//! does not parse (or a `Properties` that is not an object of objects) makes the call throw
//! `ChatError` with code `VALIDATION`, never a panic.

use serde_json::Value;

use crate::ChatError;
use livechat_core::types;

/// Any JSON value, carried as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonValue(pub Value);

/// Properties `{"namespace": {"name": value}}`, carried as JSON text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Properties(pub types::Properties);

fn bad_json(what: &str, error: serde_json::Error) -> uniffi::deps::anyhow::Error {
    ChatError::from(livechat_core::Error::invalid_argument(format!(
        "{what} is not valid JSON of the expected shape: {error}"
    )))
    .into()
}

uniffi::custom_type!(JsonValue, String, {
    try_lift: |text| serde_json::from_str(&text).map(JsonValue).map_err(|e| bad_json("A JsonValue", e)),
    lower: |value| value.0.to_string(),
});

uniffi::custom_type!(Properties, String, {
    try_lift: |text| serde_json::from_str(&text).map(Properties).map_err(|e| bad_json("Properties", e)),
    lower: |value| serde_json::to_string(&value.0).unwrap_or_else(|_| "{}".to_owned()),
});

impl From<types::Properties> for Properties {
    fn from(value: types::Properties) -> Self {
        Properties(value)
    }
}

impl From<Properties> for types::Properties {
    fn from(value: Properties) -> Self {
        value.0
    }
}
