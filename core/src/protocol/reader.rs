//! Typed, non-panicking reads of wire JSON.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A JSON object being read; `what` names it in error messages.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    what: &'static str,
}

/// `value` as an object, or `BAD_RESPONSE`.
pub(crate) fn obj<'a>(value: &'a Value, what: &'static str) -> Result<Obj<'a>> {
    match value {
        Value::Object(map) => Ok(Obj { map, what }),
        _ => Err(Error::bad_response(format!("{what}: expected an object"))),
    }
}

/// JavaScript truthiness, which the reference client uses to decide what to copy.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

impl<'a> Obj<'a> {
    pub(crate) fn missing(&self, key: &str) -> Error {
        Error::bad_response(format!("{}: missing or invalid `{key}`", self.what))
    }

    /// The value at `key`, None when absent or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The object's entries.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.map.iter()
    }

    /// Whether the key exists (even with a null value).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The value at `key` if it is truthy.
    pub(crate) fn truthy(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| truthy(v))
    }

    pub(crate) fn str(&self, key: &str) -> Result<String> {
        self.opt_str(key).ok_or_else(|| self.missing(key))
    }

    /// A string, or None when absent or not a string.
    pub(crate) fn opt_str(&self, key: &str) -> Option<String> {
        self.map.get(key).and_then(Value::as_str).map(str::to_owned)
    }

    /// A non-empty string, or None.
    pub(crate) fn truthy_str(&self, key: &str) -> Option<String> {
        self.opt_str(key).filter(|s| !s.is_empty())
    }

    pub(crate) fn str_or_default(&self, key: &str) -> String {
        self.opt_str(key).unwrap_or_default()
    }

    pub(crate) fn bool_or(&self, key: &str, default: bool) -> bool {
        self.map
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    }

    pub(crate) fn opt_bool(&self, key: &str) -> Option<bool> {
        self.map.get(key).and_then(Value::as_bool)
    }

    pub(crate) fn opt_u64(&self, key: &str) -> Option<u64> {
        self.map.get(key).and_then(as_u64)
    }

    pub(crate) fn u64_or_zero(&self, key: &str) -> u64 {
        self.opt_u64(key).unwrap_or(0)
    }

    pub(crate) fn opt_u32(&self, key: &str) -> Option<u32> {
        self.opt_u64(key).and_then(|n| u32::try_from(n).ok())
    }

    pub(crate) fn u32(&self, key: &str) -> Result<u32> {
        self.opt_u32(key).ok_or_else(|| self.missing(key))
    }

    pub(crate) fn array(&self, key: &str) -> Result<&'a Vec<Value>> {
        self.map
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| self.missing(key))
    }

    pub(crate) fn opt_array(&self, key: &str) -> Option<&'a Vec<Value>> {
        self.map.get(key).and_then(Value::as_array)
    }

    pub(crate) fn object(&self, key: &str, what: &'static str) -> Result<Obj<'a>> {
        match self.map.get(key) {
            Some(value @ Value::Object(_)) => obj(value, what),
            _ => Err(self.missing(key)),
        }
    }

    pub(crate) fn opt_object(&self, key: &str, what: &'static str) -> Option<Obj<'a>> {
        self.map.get(key).and_then(|v| obj(v, what).ok())
    }

    /// An array of strings (non-strings skipped); empty when absent.
    pub(crate) fn strings(&self, key: &str) -> Vec<String> {
        self.opt_array(key)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An array of u32 (others skipped), None when absent.
    pub(crate) fn opt_u32s(&self, key: &str) -> Option<Vec<u32>> {
        self.opt_array(key).map(|items| {
            items
                .iter()
                .filter_map(|v| as_u64(v).and_then(|n| u32::try_from(n).ok()))
                .collect()
        })
    }
}

/// A non-negative integer, accepting integral floats (`3.0`) as JavaScript would.
pub(crate) fn as_u64(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
            .map(|f| f as u64)
    })
}

/// A string value, or the JSON text of any other value (session fields, text vars).
pub(crate) fn stringify(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
