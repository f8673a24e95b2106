//! Server input through every decoder the SDK applies to it, for fuzzers (`fuzz/`) and the seeded
//! mutation run below (CI). Whatever the bytes, decoding must return, never panic or hang.

use serde_json::Value;

use crate::protocol::decode;
use crate::protocol::pushes;

/// Decodes one server frame as the engine and the request methods would: as a push, as the login
/// response, and as every response payload. Returns how many decodings succeeded (so that the work
/// cannot be optimised away).
#[doc(hidden)]
pub fn decode_server_frame(bytes: &[u8]) -> usize {
    let Ok(frame) = serde_json::from_slice::<Value>(bytes) else {
        return 0;
    };
    let action = frame.get("action").and_then(Value::as_str).unwrap_or("");
    let payload = frame.get("payload").unwrap_or(&frame);
    let responses = [
        pushes::login_events(payload).is_ok(),
        decode::chat(payload).is_ok(),
        decode::chat_envelope(payload).is_ok(),
        decode::list_chats(payload).is_ok(),
        decode::list_threads(payload, "C").is_ok(),
        decode::customer(payload).is_ok(),
        decode::form_result(payload).is_ok(),
        decode::predicted_agent(payload).is_ok(),
        decode::url_info(payload).is_ok(),
        decode::group_statuses(payload).is_ok(),
        decode::greeting(payload).is_ok(),
        decode::wire_error(payload).is_some(),
    ];
    pushes::push_events(action, payload).len() + responses.iter().filter(|ok| **ok).count()
}

#[cfg(test)]
mod tests {
    use super::decode_server_frame;

    /// Valid frames of each kind the decoders see.
    const CORPUS: &[&str] = &[
        r#"{"action":"login","type":"response","success":true,"payload":{"customer":{"id":"c","statistics":{"chats_count":3}},"has_active_thread":false,"chats":[{"chat_id":"C","has_unread_events":true}],"__priv_dynamic_config":{"online_groups_ids":[0,1],"customer_groups":{"monitoring":{"id":1}}},"greeting":{"id":7,"unique_id":"U","displayed_first_time":true,"event":{"id":"g","type":"message","text":"Hello!"},"agent":{"id":"jane","name":"Jane","is_bot":false}}}}"#,
        r#"{"action":"incoming_chat","type":"push","payload":{"chat":{"id":"C","access":{"group_ids":[0]},"properties":{},"users":[{"id":"cust","type":"customer","present":true,"events_seen_up_to":"2020-01-01T00:00:00Z","session_fields":[{"a":"1"}]},{"id":"jane","type":"agent","name":"Jane","present":false}],"thread":{"id":"T","active":true,"created_at":"2020","user_ids":["cust"],"events":[{"id":"T_1","type":"message","text":"a"},{"id":"T_2","type":"file","url":"u","name":"a.png","content_type":"image/png","width":640,"height":480}],"queue":{"position":2,"wait_time":30,"queued_at":"2020"}}}}}"#,
        r#"{"action":"incoming_event","type":"push","payload":{"chat_id":"C","thread_id":"T","event":{"id":"T_3","type":"rich_message","template_id":"cards","elements":[{"title":"t","buttons":[{"type":"url","text":"b","value":"https://x","postback_id":"p","user_ids":[]}]}]}}}"#,
        r#"{"action":"chat_transferred","type":"push","payload":{"chat_id":"C","thread_id":"T","reason":"manual","requester_id":"jane","transferred_to":{"group_ids":[1]},"queue":{"position":1,"wait_time":5,"queued_at":"q"}}}"#,
        r#"{"action":"list_chats","type":"response","payload":{"total_chats":2,"next_page_id":"N","chats_summary":[{"id":"C","active":true,"users":[{"id":"cust","type":"customer","present":true}],"last_event_per_type":{"message":{"thread_id":"T","event":{"id":"T_1","type":"message","text":"hi"}}}}]}}"#,
        r#"{"action":"get_form","type":"response","payload":{"enabled":true,"form":{"id":"t","fields":[{"type":"question","id":"q","label":"Q","required":true},{"type":"radio","id":"r","label":"R","options":[{"id":"1","label":"a","checked":false}]}]}}}"#,
        r#"{"action":"customer_disconnected","type":"push","payload":{"reason":"misdirected_connection","data":{"region":"fra"}}}"#,
        r#"{"type":"response","success":false,"payload":{"error":{"type":"validation","message":"Wrong format"}}}"#,
    ];

    /// A seeded mutation run: every corpus frame, mutated a few thousand times (bytes flipped,
    /// inserted, deleted, cut, JSON tokens swapped), through every decoder. Deterministic, so a
    /// failure reproduces with the printed seed and round.
    #[test]
    fn mutated_server_frames_never_panic() {
        const TOKENS: &[&str] = &[
            "null",
            "true",
            "0",
            "-1",
            "1e309",
            "\"\"",
            "[]",
            "{}",
            "\"\\ud800\"",
            "18446744073709551616",
        ];
        let mut decoded = 0usize;
        for (seed, frame) in CORPUS.iter().enumerate() {
            let mut rng = fastrand::Rng::with_seed(seed as u64);
            for round in 0..5_000 {
                let mut bytes = frame.as_bytes().to_vec();
                for _ in 0..rng.usize(1..=4) {
                    if bytes.is_empty() {
                        break;
                    }
                    let at = rng.usize(..bytes.len());
                    match rng.u8(..5) {
                        0 => bytes[at] ^= 1 << rng.u8(..8),
                        1 => bytes.insert(at, rng.u8(..)),
                        2 => {
                            bytes.remove(at);
                        }
                        3 => bytes.truncate(at),
                        _ => {
                            // Replace a JSON value after a colon with an odd token.
                            if let Some(colon) = bytes[at..].iter().position(|b| *b == b':') {
                                let start = at + colon + 1;
                                let end = bytes[start..]
                                    .iter()
                                    .position(|b| matches!(b, b',' | b'}' | b']'))
                                    .map_or(bytes.len(), |i| start + i);
                                let token = TOKENS[rng.usize(..TOKENS.len())].as_bytes();
                                bytes.splice(start..end, token.iter().copied());
                            }
                        }
                    }
                }
                let outcome = std::panic::catch_unwind(|| decode_server_frame(&bytes));
                assert!(
                    outcome.is_ok(),
                    "seed {seed} round {round}: {}",
                    String::from_utf8_lossy(&bytes)
                );
                decoded += outcome.unwrap_or(0);
            }
        }
        assert!(decoded > 0, "the corpus itself decodes");
    }
}
