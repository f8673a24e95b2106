//! Small helpers: ids, the monotonic RFC 3339 clock, page cursors and typed payload access.

use crate::error::ApiError;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A 10-character upper-case alphanumeric id (the shape of LiveChat chat/thread ids).
pub fn short_id() -> String {
    (0..10)
        .map(|_| ID_ALPHABET[fastrand::usize(..ID_ALPHABET.len())] as char)
        .collect()
}

/// A random version-4 UUID string (customer ids).
pub fn uuid_v4() -> String {
    let mut b: [u8; 16] = fastrand::u128(..).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A random lowercase hex secret of `n` bytes.
pub fn secret(n: usize) -> String {
    (0..n)
        .map(|_| format!("{:02x}", fastrand::u8(..)))
        .collect()
}

/// Wall clock in microseconds that never repeats or goes back, so `created_at` strings sort like events.
#[derive(Default)]
pub struct Clock {
    last_micros: i64,
}

impl Clock {
    pub fn now(&mut self) -> String {
        let now = Utc::now().timestamp_micros();
        self.last_micros = now.max(self.last_micros + 1);
        format_micros(self.last_micros)
    }
}

pub fn format_micros(micros: i64) -> String {
    DateTime::from_timestamp_micros(micros)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses an RFC 3339 date-time and renders it in the emulator's canonical form (UTC, microseconds).
pub fn normalize_time(s: &str) -> Option<String> {
    let t = DateTime::parse_from_rfc3339(s).ok()?;
    Some(format_micros(t.with_timezone(&Utc).timestamp_micros()))
}

pub fn unix_seconds() -> i64 {
    Utc::now().timestamp()
}

/// Opaque page cursor: hex of a short text record.
pub fn encode_page(record: &str) -> String {
    record.bytes().map(|b| format!("{b:02x}")).collect()
}

pub fn decode_page(page_id: &str) -> Option<String> {
    if !page_id.len().is_multiple_of(2) || page_id.len() > 512 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..page_id.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(page_id.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// Typed access to request payload fields; every failure is a `validation` error naming the field.
pub struct Args<'a> {
    map: &'a Map<String, Value>,
}

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();

impl<'a> Args<'a> {
    pub fn new(payload: &'a Value) -> Result<Args<'a>, ApiError> {
        match payload {
            Value::Object(map) => Ok(Args { map }),
            Value::Null => Ok(Args {
                map: EMPTY.get_or_init(Map::new),
            }),
            _ => Err(ApiError::validation("payload must be an object")),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn str(&self, key: &str) -> Result<&'a str, ApiError> {
        self.opt_str(key)?.ok_or_else(|| ApiError::missing(key))
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::wrong_type(key, "a string")),
        }
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::wrong_type(key, "a boolean")),
        }
    }

    pub fn u64(&self, key: &str) -> Result<u64, ApiError> {
        self.opt_u64(key)?.ok_or_else(|| ApiError::missing(key))
    }

    pub fn opt_u64(&self, key: &str) -> Result<Option<u64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| ApiError::wrong_type(key, "a non-negative integer")),
        }
    }

    pub fn opt_obj(&self, key: &str) -> Result<Option<&'a Map<String, Value>>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(ApiError::wrong_type(key, "an object")),
        }
    }

    pub fn opt_array(&self, key: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(ApiError::wrong_type(key, "an array")),
        }
    }

    pub fn sub(&self, key: &str) -> Result<Option<Args<'a>>, ApiError> {
        Ok(self.opt_obj(key)?.map(|map| Args { map }))
    }
}

/// `[number, ...]` group ids.
pub fn group_ids(v: &Value, key: &str) -> Result<Vec<u64>, ApiError> {
    match v {
        Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_u64()
                    .ok_or_else(|| ApiError::wrong_type(key, "an array of group ids"))
            })
            .collect(),
        _ => Err(ApiError::wrong_type(key, "an array of group ids")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_round_trip() {
        let p = encode_page("t:3:desc:abc");
        assert_eq!(decode_page(&p).as_deref(), Some("t:3:desc:abc"));
        assert_eq!(decode_page("zz"), None);
        assert_eq!(decode_page("abc"), None);
    }

    #[test]
    fn clock_is_strictly_increasing() {
        let mut c = Clock::default();
        let a = c.now();
        let b = c.now();
        assert!(b > a, "{a} {b}");
        assert_eq!(a.len(), "2020-05-07T07:11:28.288340Z".len());
    }

    #[test]
    fn uuid_shape() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
