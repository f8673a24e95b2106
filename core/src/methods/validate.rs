//! Argument checks the methods run before anything is sent (`VALIDATION`, as the reference client).

use super::*;

pub(super) fn required(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_argument(format!(
            "{name} must be a non-empty string."
        )));
    }
    Ok(())
}

pub(super) fn properties_given(properties: &Properties) -> Result<()> {
    if properties.is_empty() || properties.keys().any(|ns| ns.is_empty()) {
        return Err(Error::invalid_argument(
            "properties must map at least one non-empty namespace to its properties.",
        ));
    }
    Ok(())
}

pub(super) fn property_names_given(properties: &PropertyNames) -> Result<()> {
    if properties.is_empty()
        || properties
            .iter()
            .any(|(ns, names)| ns.is_empty() || names.is_empty())
    {
        return Err(Error::invalid_argument(
            "properties must map at least one namespace to the property names to delete.",
        ));
    }
    Ok(())
}

pub(super) fn session_field_keys(fields: &[(String, String)]) -> Result<()> {
    if fields.iter().any(|(key, _)| key.is_empty()) {
        return Err(Error::invalid_argument(
            "session field keys must be non-empty.",
        ));
    }
    Ok(())
}

pub(super) fn validate_new_event(event: &NewEvent) -> Result<()> {
    match event {
        NewEvent::Message(message) => {
            if message.text.is_empty() {
                return Err(Error::invalid_argument(
                    "a message event needs a non-empty text.",
                ));
            }
        }
        NewEvent::File(file) => required("event.url", &file.url)?,
        NewEvent::FilledForm(form) => {
            if form.fields.is_empty() {
                return Err(Error::invalid_argument(
                    "a filled_form event needs at least one field.",
                ));
            }
        }
        NewEvent::SystemMessage(system) => {
            required("event.systemMessageType", &system.system_message_type)?
        }
        NewEvent::Custom(_) => {}
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
pub(crate) fn is_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.len() == range.len() && s.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3)
                && b.get(i + 3) == Some(&b':')
                && digits(i + 4..i + 6)
                && i + 6 == b.len()
        }
        _ => false,
    }
}
