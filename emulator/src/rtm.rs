//! Customer RTM over WebSocket: the upgrade, each connection's reader and writer tasks and its
//! registration, request frames (checks, injected delays and failures), dispatch to the actions.

use crate::customer::{self, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::faults;
use crate::frames::response_frame;
use crate::send_queue::{self, Out};
use crate::shared::Shared;
use crate::state::{Conn, State};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::time::timeout;

/// Upgrades `GET [/<region>]/v3.3/customer/rtm/ws?license_id=N`.
pub fn upgrade(
    shared: Arc<Shared>,
    ws: WebSocketUpgrade,
    region: String,
    license_id: Option<&str>,
) -> Response {
    let Some(license_id) = license_id.and_then(|l| l.parse::<u64>().ok()) else {
        let e = ApiError::validation("license_id query parameter is required");
        return (axum::http::StatusCode::BAD_REQUEST, axum::Json(e.body())).into_response();
    };
    let lim = &shared.cfg.limits;
    ws.read_buffer_size(4096)
        .write_buffer_size(0)
        .max_message_size(lim.max_frame_bytes)
        .max_frame_size(lim.max_frame_bytes)
        .on_upgrade(move |socket| run(shared, socket, region, license_id))
}

async fn run(shared: Arc<Shared>, socket: WebSocket, region: String, license_id: u64) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = send_queue::channel(shared.cfg.limits.send_queue_bytes);
    let last_rx = Arc::new(AtomicU64::new(0));
    let conn_id = shared.apply(|st| register(st, tx.clone(), region, license_id, last_rx.clone()));

    // The writer ends on eviction, on a write error or stall, or after the close; dropping `kill_tx`
    // then ends the reader below, which unregisters the connection.
    let (kill_tx, mut kill_rx) = oneshot::channel::<()>();
    let stall = Duration::from_secs(shared.cfg.limits.idle_timeout_secs.max(1));
    let evicted = rx.eviction();
    tokio::spawn(async move {
        let _kill = kill_tx;
        tokio::select! {
            _ = write_frames(&mut sink, &mut rx, stall) => {}
            _ = evicted => {}
        }
    });

    let pending = Arc::new(AtomicUsize::new(0));
    loop {
        let msg = tokio::select! {
            m = stream.next() => m,
            _ = &mut kill_rx => break,
        };
        let msg = match msg {
            Some(Ok(m)) => m,
            Some(Err(e)) => {
                // Oversized messages end the connection with 1009 (the only thing a server can do then).
                // Anything else unreadable is a protocol error (1002).
                let text = e.to_string().to_ascii_lowercase();
                let too_big = ["too long", "too big", "space limit", "size"]
                    .iter()
                    .any(|k| text.contains(k));
                let _ = tx.send(if too_big {
                    Out::Close(1009, "message too big")
                } else {
                    Out::Close(1002, "protocol error")
                });
                break;
            }
            None => break,
        };
        last_rx.store(shared.millis(), Ordering::Relaxed);
        match msg {
            Message::Text(t) => on_text(&shared, conn_id, &tx, t.as_str(), &pending),
            Message::Binary(_) => {
                let e =
                    ApiError::validation("Binary frames are not supported; send JSON text frames");
                let _ = tx.send(Out::Text(response_frame("", None, &Err(e)).into()));
            }
            Message::Close(_) => break,
            _ => {}
        }
    }
    shared.apply(|st| st.unregister(conn_id));
}

/// Drains the queue, batching whatever is waiting before one flush. Gives up on a peer that takes
/// no data for `stall` (it stopped reading; the queue budget would only catch it with more traffic).
async fn write_frames(
    sink: &mut SplitSink<WebSocket, Message>,
    rx: &mut send_queue::Receiver,
    stall: Duration,
) {
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        let mut batch = 0;
        while let Some(out) = next.take() {
            let msg = match out {
                Out::Text(t) => Message::Text(t),
                Out::Ping => Message::Ping(Default::default()),
                Out::Close(code, reason) => {
                    let close = Message::Close(Some(CloseFrame {
                        code,
                        reason: reason.into(),
                    }));
                    let _ = timeout(stall, sink.send(close)).await;
                    // Keep the TCP connection until the reader saw the client's close reply (it then
                    // unregisters and the channel ends), so frames sent before the close are not lost
                    // to a reset. Bounded, for clients that never answer.
                    let drain = async {
                        while let Some(o) = rx.recv().await {
                            if matches!(o, Out::Drop) {
                                break;
                            }
                        }
                    };
                    let _ = timeout(Duration::from_secs(5), drain).await;
                    return;
                }
                Out::Drop => return,
            };
            if !matches!(timeout(stall, sink.feed(msg)).await, Ok(Ok(()))) {
                return;
            }
            batch += 1;
            if batch < 64 {
                next = rx.try_recv();
            }
        }
        if !matches!(timeout(stall, sink.flush()).await, Ok(Ok(()))) {
            return;
        }
    }
}

fn register(
    st: &mut State,
    tx: send_queue::Sender,
    region: String,
    license_id: u64,
    last_rx: Arc<AtomicU64>,
) -> u64 {
    let id = st.next_conn;
    st.next_conn += 1;
    last_rx.store(st.millis_since_start(), Ordering::Relaxed);
    let over_limit = st.unauthorized_at_least(license_id, st.cfg.limits.unauthorized_connections);
    let known = st.licenses.contains_key(&license_id);
    st.conns.insert(
        id,
        Conn {
            tx,
            license_id,
            region,
            customer_id: None,
            opened_at: Instant::now(),
            last_ping: Instant::now(),
            last_rx,
            group_id: 0,
            token: None,
            pushes: None,
            closing: false,
        },
    );
    if !known {
        st.disconnect_conn(id, "license_not_found", None);
    } else if over_limit {
        st.disconnect_conn(id, "too_many_unauthorized_connections", None);
    }
    id
}

fn on_text(
    shared: &Arc<Shared>,
    conn_id: u64,
    tx: &send_queue::Sender,
    text: &str,
    pending: &Arc<AtomicUsize>,
) {
    let reply_err = |action: &str, rid: Option<&Value>, e: ApiError| {
        let _ = tx.send(Out::Text(response_frame(action, rid, &Err(e)).into()));
    };
    if text.len() > shared.cfg.limits.max_request_bytes {
        return reply_err("", None, ApiError::validation("Request frame is too large"));
    }
    let frame: Value = match serde_json::from_str(text) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return reply_err(
                "",
                None,
                ApiError::validation("A request frame must be a JSON object"),
            )
        }
        Err(_) => return reply_err("", None, ApiError::validation("Malformed JSON")),
    };
    let rid = frame
        .get("request_id")
        .filter(|r| r.is_string() || r.is_number())
        .cloned();
    let Some(action) = frame
        .get("action")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return reply_err(
            "",
            rid.as_ref(),
            ApiError::validation("`action` is required and must be a string"),
        );
    };
    match frame.get("version") {
        None | Some(Value::Null) => {}
        Some(Value::String(v)) if v == "3.3" => {}
        Some(Value::String(v)) if v.as_str() < "3.3" => {
            return reply_err(
                &action,
                rid.as_ref(),
                ApiError::validation("A version lower than the connection's is forbidden"),
            );
        }
        Some(_) => {
            return reply_err(
                &action,
                rid.as_ref(),
                ApiError::new(
                    "unsupported_version",
                    "Cannot call unsupported API versions.",
                ),
            );
        }
    }
    let payload = match frame.get("payload") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => {
            return reply_err(
                &action,
                rid.as_ref(),
                ApiError::wrong_type("payload", "an object"),
            )
        }
    };
    if pending.load(Ordering::Relaxed) >= shared.cfg.limits.pending_requests {
        return reply_err(
            &action,
            rid.as_ref(),
            ApiError::new("pending_requests_limit_reached", "Requests limit reached"),
        );
    }
    let delay = shared.lock().faults.delay_ms(&action);
    if delay == 0 {
        process(shared, conn_id, &action, rid.as_ref(), &payload);
        return;
    }
    pending.fetch_add(1, Ordering::Relaxed);
    let (shared, pending) = (shared.clone(), pending.clone());
    let timeout = shared.cfg.limits.request_timeout_ms;
    tokio::spawn(async move {
        if delay >= timeout {
            // The server's processing deadline passes first: `request_timeout`, nothing applied.
            tokio::time::sleep(Duration::from_millis(timeout)).await;
            let e = faults::request_timeout();
            shared.apply(|st| {
                st.send(
                    conn_id,
                    Out::Text(response_frame(&action, rid.as_ref(), &Err(e)).into()),
                )
            });
        } else {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            process(&shared, conn_id, &action, rid.as_ref(), &payload);
        }
        pending.fetch_sub(1, Ordering::Relaxed);
    });
}

/// Runs one request under the lock; the response is queued ahead of the pushes it caused.
fn process(shared: &Arc<Shared>, conn_id: u64, action: &str, rid: Option<&Value>, payload: &Value) {
    shared.apply(|st| {
        if st.conns.get(&conn_id).is_none_or(|c| c.closing) {
            return;
        }
        let result = match st.faults.take_failure(action) {
            Some(e) => Some(Err(e)),
            None => dispatch(st, conn_id, action, rid, payload),
        };
        if let Some(r) = result {
            st.outbox.insert(
                0,
                (conn_id, Out::Text(response_frame(action, rid, &r).into())),
            );
        }
    });
}

/// `None` when the request is answered by a disconnect instead of a response.
fn dispatch(
    st: &mut State,
    conn_id: u64,
    action: &str,
    rid: Option<&Value>,
    payload: &Value,
) -> Option<ApiResult> {
    match action {
        "ping" => return Some(Ok(json!({}))),
        "login" => return customer::login::login(st, conn_id, payload),
        _ => {}
    }
    let conn = st.conns.get(&conn_id)?;
    let Some(customer_id) = conn.customer_id.clone() else {
        return Some(Err(ApiError::authentication("Log in first")));
    };
    if !customer::ACTIONS.contains(&action) {
        return Some(Err(ApiError::validation(format!(
            "Unknown action `{action}`"
        ))));
    }
    let ctx = Ctx {
        customer_id: &customer_id,
        license_id: conn.license_id,
        group_id: conn.group_id,
        conn: Some(conn_id),
        request_id: rid,
    };
    Some(customer::handle(st, &ctx, action, payload))
}
