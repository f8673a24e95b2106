//! Robustness under abuse: a server that floods meets backpressure (bounded memory), `destroy()`
//! drops what is queued, and one client's slow host code (listener, store, log sink) never
//! delays another client. Assertions wait on state; the timeouts only turn a hang into a failure.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::support::fake::FakeServer;
use crate::support::{eventually, TestEnv, WAIT};
use livechat::{ChatClientBuilder, ConnectionStatus};
use livechat_core::{Client, Event, Status};
use serde_json::json;

/// A gate host code waits at until the test opens it.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    changed: Condvar,
    waiting: AtomicU64,
}

impl Gate {
    fn wait(&self) {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.changed.wait(open).unwrap();
        }
    }

    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.changed.notify_all();
    }
}

/// Typing indicators of ~1 KB at full speed while the listener is stuck: the SDK stops reading,
/// so the server's writes stall after a bounded number of frames instead of the SDK's memory
/// growing; `destroy()` then drops what was queued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_server_meets_backpressure_and_destroy_drops_the_queue() {
    let server = FakeServer::start(|_, _| crate::support::fake::Reply::Ok(json!({}))).await;
    let customer = server.customer().await;
    let gate = Arc::new(Gate::default());
    let delivered = Arc::new(AtomicU64::new(0));
    {
        let (gate, delivered) = (gate.clone(), delivered.clone());
        customer
            .client
            .on("incoming_typing_indicator", move |_: &Event| {
                delivered.fetch_add(1, Ordering::SeqCst);
                gate.wait();
            })
            .unwrap();
    }
    let frame = json!({"action": "incoming_typing_indicator", "type": "push", "version": "3.3",
        "payload": {"chat_id": "C1", "typing_indicator": {"author_id": "a".repeat(1000), "is_typing": true}}})
    .to_string();
    // Keep a few thousand frames ready to write; stop once writes have stalled for a second.
    let mut last_written = 0;
    let mut stalled_since = tokio::time::Instant::now();
    let deadline = tokio::time::Instant::now() + WAIT * 2;
    loop {
        while server.backlog() < 4_000 {
            server.raw(frame.clone());
        }
        let written = server.written();
        assert!(
            written < 100_000,
            "the SDK kept reading: {written} frames of 1 KB accepted with a stuck listener"
        );
        if written != last_written {
            last_written = written;
            stalled_since = tokio::time::Instant::now();
        } else if stalled_since.elapsed() >= Duration::from_secs(1) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "writes never stalled"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!("writes stalled after {last_written} frames of ~1 KB");
    let before = delivered.load(Ordering::SeqCst);
    assert_eq!(before, 1, "the stuck listener holds the first event");
    customer.client.destroy().await.unwrap();
    gate.open();
    customer.client.flush_events();
    assert_eq!(
        delivered.load(Ordering::SeqCst),
        before,
        "events queued before destroy() were still delivered"
    );
}

/// Client A's listener is stuck; client B still gets its events.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stuck_listener_does_not_delay_another_client() {
    let env = TestEnv::start().await;
    let gate = Arc::new(Gate::default());
    let a = Client::init(env.config(), None, None).unwrap();
    {
        let gate = gate.clone();
        a.on("connected", move |_: &Event| gate.wait()).unwrap();
    }
    eventually("A's listener is stuck", || async {
        (gate.waiting.load(Ordering::SeqCst) == 1).then_some(())
    })
    .await;
    let b = env.customer().await; // waits for B's `connected` event
    assert_eq!(b.status(), Status::Connected);
    gate.open();
    a.destroy().await.unwrap();
    b.destroy().await;
}

/// A host key-value store whose reads of the side storage (done by the connection at login, on
/// an SDK thread) block until the gate opens. Reads at creation (on the host's own thread) pass.
struct StuckStore(Arc<Gate>);

impl livechat::KeyValueStore for StuckStore {
    fn get(&self, key: String) -> Result<Option<String>, livechat::ChatError> {
        if key.starts_with("side_storage") {
            self.0.wait();
        }
        Ok(None)
    }
    fn set(&self, _key: String, _value: String) -> Result<(), livechat::ChatError> {
        Ok(())
    }
    fn remove(&self, _key: String) -> Result<(), livechat::ChatError> {
        Ok(())
    }
}

/// Two clients whose stores hang (as many as the runtime has workers) do not stop a third
/// client from connecting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stuck_key_value_stores_do_not_delay_another_client() {
    let env = TestEnv::start().await;
    let gate = Arc::new(Gate::default());
    let stuck: Vec<_> = (0..2)
        .map(|_| {
            ChatClientBuilder::new(env.ffi_config())
                .key_value_store(Arc::new(StuckStore(gate.clone())))
                .build()
                .unwrap()
        })
        .collect();
    eventually("both stores are stuck", || async {
        (gate.waiting.load(Ordering::SeqCst) >= 2).then_some(())
    })
    .await;
    let other = livechat::ChatClient::new(env.ffi_config()).unwrap();
    eventually("the other client connects", || async {
        (other.status() == ConnectionStatus::Connected).then_some(())
    })
    .await;
    gate.open();
    for client in stuck {
        client.destroy_async().await.unwrap();
    }
    other.destroy_async().await.unwrap();
}

/// A log sink that hangs does not stop clients from connecting.
struct StuckSink(Arc<Gate>);

impl livechat::LogSink for StuckSink {
    fn log(&self, _record: livechat::LogRecord) -> Result<(), livechat::ChatError> {
        self.0.wait();
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stuck_log_sink_does_not_delay_clients() {
    let env = TestEnv::start().await;
    let gate = Arc::new(Gate::default());
    livechat::set_log_sink(Arc::new(StuckSink(gate.clone())));
    livechat::set_log_level(livechat::LogLevel::Trace);
    for _ in 0..3 {
        let client = livechat::ChatClient::new(env.ffi_config()).unwrap();
        eventually("connected", || async {
            (client.status() == ConnectionStatus::Connected).then_some(())
        })
        .await;
        client.destroy_async().await.unwrap();
    }
    assert!(
        gate.waiting.load(Ordering::SeqCst) >= 1,
        "the sink was called"
    );
    livechat::set_log_level(livechat::LogLevel::Warn);
    livechat::clear_log_sink();
    gate.open();
}

/// Two regions that send the client to each other (`misdirected_connection` naming the other
/// one at every login) must not make a tight login loop: reconnects back off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regions_pointing_at_each_other_do_not_make_a_login_loop() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let logins = Arc::new(AtomicU64::new(0));
    let counted = logins.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut region = "dal";
                let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(
                    stream,
                    |request: &tokio_tungstenite::tungstenite::handshake::server::Request,
                     response| {
                        if !request.uri().path().starts_with("/fra") {
                            region = "fra";
                        }
                        Ok(response)
                    },
                )
                .await
                else {
                    return;
                };
                if let Some(Ok(Message::Text(_login))) = ws.next().await {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let push = json!({"action": "customer_disconnected", "type": "push", "version": "3.3",
                        "payload": {"reason": "misdirected_connection", "data": {"region": region}}});
                    let _ = ws.send(Message::text(push.to_string())).await;
                    let _ = ws.close(None).await;
                }
            });
        }
    });
    let config = livechat_core::Config::for_emulator(&url, &format!("{url}/fra"), 1);
    let client = Client::init(
        config,
        Some(Arc::new(crate::support::fake::FakeTokens)),
        None,
    )
    .unwrap();
    eventually("a few logins", || async {
        (logins.load(Ordering::SeqCst) >= 3).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let count = logins.load(Ordering::SeqCst);
    client.destroy().await.unwrap();
    // With backoff (300 ms doubling) about 5 logins fit in the time above; a loop without a floor
    // made thousands.
    assert!(
        count <= 20,
        "{count} logins: the region switches did not back off"
    );
}

/// A request larger than the server accepts fails alone with `VALIDATION`; the connection (and
/// every other request on it) is unharmed. `on` after `destroy` is `SDK_DESTROYED`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_request_fails_alone_and_on_after_destroy_is_refused() {
    let env = TestEnv::start().await;
    let customer = env.customer().await;
    let huge = "x".repeat(2 << 20);
    let slow = customer.client.send_raw("get_customer", json!({}));
    let error = customer
        .client
        .send_raw("update_customer", json!({ "name": huge }))
        .await
        .unwrap_err();
    assert_eq!(error.code, livechat_core::ErrorCode::Validation, "{error}");
    assert!(
        slow.await.is_ok(),
        "the request sent before it still settles"
    );
    assert!(customer
        .client
        .send_raw("get_customer", json!({}))
        .await
        .is_ok());
    assert_eq!(customer.status(), Status::Connected);
    assert_eq!(
        customer
            .events
            .names()
            .iter()
            .filter(|n| **n == "disconnected")
            .count(),
        0
    );
    let client = customer.client.clone();
    customer.destroy().await;
    let refused = client.on("*", |_: &Event| {}).unwrap_err();
    assert_eq!(refused.code, livechat_core::ErrorCode::SdkDestroyed);
}

/// A raw HTTP server answering every request with `reply` (and counting connections).
async fn http_server(
    reply: impl Fn() -> Vec<u8> + Send + Sync + 'static,
) -> (String, Arc<AtomicU64>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicU64::new(0));
    let (counted, reply) = (hits.clone(), Arc::new(reply));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let reply = reply.clone();
            tokio::spawn(async move {
                // Read the whole request before answering and drain after: unread bytes at close
                // make the kernel reset the connection. Replies say `Connection: close`: the
                // client (check_goals runs beside the token fetch) must not pool this socket.
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                while !complete_request(&request) {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                let _ = socket.write_all(&reply()).await;
                let _ = socket.shutdown().await;
                while matches!(socket.read(&mut chunk).await, Ok(n) if n > 0) {}
            });
        }
    });
    (url, hits)
}

/// Whether `bytes` hold a whole HTTP request: headers and a `Content-Length` body.
fn complete_request(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let body = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    bytes.len() >= end + 4 + body
}

/// The token endpoint's redirects are not followed (the target could be a host the config check
/// refuses), and a reply larger than the cap is refused without being buffered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_replies_are_capped_and_redirects_not_followed() {
    let (target, target_hits) = http_server(|| {
        b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}".to_vec()
    })
    .await;
    let location = format!("{target}/customer/token");
    let (redirecting, _) = http_server(move || {
        format!("HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes()
    })
    .await;
    let (huge, _) = http_server(|| {
        let mut reply =
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{\"x\":\"".to_vec();
        reply.resize(reply.len() + (8 << 20), b'a');
        reply
    })
    .await;
    for (origin, what) in [(redirecting, "a redirect"), (huge, "an 8 MiB reply")] {
        let mut config = livechat_core::Config::for_emulator(&origin, &origin, 1);
        config.auto_connect = false;
        let client = Client::init(config, None, None).unwrap();
        let error = client.auth_get_token().await.unwrap_err();
        assert_eq!(
            error.code,
            livechat_core::ErrorCode::BadResponse,
            "{what}: {error}"
        );
        client.destroy().await.unwrap();
    }
    assert_eq!(
        target_hits.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}
