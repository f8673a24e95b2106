//! `sendTicketForm` over HTTP (`/v2/tickets/new`): the body the reference client builds, and its
//! errors typed.

use super::*;

pub(super) struct TicketBody {
    pub json: Value,
    pub ticket_message: String,
}

fn append(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// The `/v2/tickets/new` body built from the form's answers, as the reference client does.
pub(super) fn body(
    params: &SendTicketFormParams,
    license_id: u64,
    visitor_id: &str,
    group: Option<u64>,
    page_url: Option<&str>,
) -> TicketBody {
    let mut ticket_message = String::new();
    let mut offline_message = String::new();
    let mut subject: Option<String> = None;
    let mut requester = Map::new();
    for field in &params.filled_form.fields {
        let value = match (&field.answer, &field.answers) {
            (_, Some(answers)) if field.kind == "checkbox" => answers
                .iter()
                .map(|a| a.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            (Some(FormAnswer::Text(text)), _) => text.clone(),
            (Some(FormAnswer::Choice(choice)), _) => choice.label.clone(),
            (None, _) => String::new(),
        };
        let line = if value.is_empty() {
            field.label.clone()
        } else {
            format!("{} {}", field.label, value)
        };
        match field.kind.as_str() {
            "subject" => {
                if !value.is_empty() {
                    subject = Some(value.clone());
                }
                append(&mut offline_message, &line);
            }
            "name" => {
                if !value.is_empty() {
                    requester.insert("name".into(), json!(value));
                }
                append(&mut offline_message, &line);
            }
            "email" => {
                requester.insert("mail".into(), json!(value));
                append(&mut offline_message, &line);
            }
            "question" | "textarea" | "radio" | "select" | "checkbox" => {
                append(&mut offline_message, &line);
                append(&mut ticket_message, &line);
            }
            _ => {}
        }
    }
    let mut json = json!({
        "licence_id": license_id,
        "ticket_message": ticket_message,
        "offline_message": offline_message,
        "visitor_id": visitor_id,
        "requester": requester,
    });
    if let Some(group) = group {
        json["group"] = json!(group);
    }
    if let Some(url) = page_url {
        json["source"] = json!({ "url": url });
    }
    if let Some(zone) = &params.time_zone {
        json["timezone"] = json!(zone);
    }
    if let Some(subject) = subject {
        json["subject"] = json!(subject);
    }
    TicketBody {
        json,
        ticket_message,
    }
}

/// A failed ticket reply -> a typed error (the reference client's VALIDATION case, else a
/// code from the status).
pub(super) fn error(status: u16, reply: &Value) -> Error {
    let first = reply
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .and_then(Value::as_object)
        .and_then(|error| error.iter().next());
    match (status, first) {
        (400 | 422, Some((key, detail))) => {
            let message = detail
                .as_array()
                .and_then(|d| d.first())
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| key.clone());
            Error::new(ErrorCode::Validation, message)
        }
        (400 | 422, None) => Error::new(
            ErrorCode::Validation,
            format!("The ticket was rejected (HTTP {status})."),
        ),
        _ => decode::wire_error(reply).unwrap_or_else(|| {
            let code = if status == 503 {
                ErrorCode::ServiceUnavailable
            } else {
                ErrorCode::Internal
            };
            Error::new(
                code,
                format!("The ticket could not be created (HTTP {status})."),
            )
        }),
    }
}
