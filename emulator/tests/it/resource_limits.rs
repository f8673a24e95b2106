//! Limits that keep one misbehaving client from taking the emulator's memory or sockets: the
//! per-connection send budget, the write stall cut, the header-read timeout, upload expiry.

use crate::support::*;
use livechat_emulator::{Emulator, EmulatorConfig, Limits};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config(limits: Limits) -> EmulatorConfig {
    EmulatorConfig {
        bot: false,
        limits,
        ..Default::default()
    }
}

async fn sockets(emu: &Emulator) -> u64 {
    control(emu, "state", json!({})).await.1["sockets"]
        .as_u64()
        .expect("sockets")
}

/// One customer with two tabs: `silent` logs in and never reads again, `busy` sends 16 KB messages
/// (each pushed to both tabs).
struct Flood {
    busy: Rtm,
    silent: Rtm,
    chat_id: String,
}

impl Flood {
    async fn start(emu: &Emulator) -> Flood {
        let (tok, _) = token(emu, &http()).await;
        let mut silent = Rtm::connect_small_buffer(emu).await;
        assert_eq!(silent.login(&tok).await["success"], true);
        let mut busy = Rtm::dal(emu).await;
        assert_eq!(busy.login(&tok).await["success"], true);
        let (chat_id, _) = start_chat(&mut busy, "flood").await;
        Flood {
            busy,
            silent,
            chat_id,
        }
    }

    /// Sends up to `max` messages until the emulator drops `silent` (its socket count falls), then
    /// waits (bounded) for that, pinging so that `busy` itself stays active; whether it happened.
    async fn until_silent_dropped(&mut self, emu: &Emulator, max: usize) -> bool {
        let before = sockets(emu).await;
        let text = "x".repeat(16 * 1024);
        for sent in 1..=max {
            let event = json!({"type": "message", "text": text});
            self.busy
                .ok(
                    "send_event",
                    json!({"chat_id": self.chat_id, "event": event}),
                )
                .await;
            self.busy.buffer.clear();
            if sent % 20 == 0 && sockets(emu).await < before {
                return true;
            }
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        while tokio::time::Instant::now() < deadline {
            self.busy.ok("ping", json!({})).await;
            self.busy.buffer.clear();
            if sockets(emu).await < before {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_at_its_send_budget() {
    let emu = emulator_with(config(Limits {
        send_queue_bytes: 256 * 1024,
        ..Default::default()
    }))
    .await;
    let (mut other, _, _) = Rtm::customer(&emu).await;
    let mut flood = Flood::start(&emu).await;
    // 2,000 x 16 KB = 32 MB if nothing bounded the queue; the budget plus socket buffers is far less.
    assert!(
        flood.until_silent_dropped(&emu, 2000).await,
        "the silent tab was never dropped"
    );
    // Dropped, not closed politely: the socket ends after whatever was already in flight.
    flood.silent.until_closed().await;
    assert!(flood.silent.closed);
    // Nobody else noticed.
    flood.busy.ok("ping", json!({})).await;
    other.ok("ping", json!({})).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_when_writes_stall() {
    // A budget that never trips: the write stall (idle_timeout_secs) has to end it.
    let emu = emulator_with(config(Limits {
        send_queue_bytes: 1 << 30,
        idle_timeout_secs: 1,
        ..Default::default()
    }))
    .await;
    let mut flood = Flood::start(&emu).await;
    assert!(
        flood.until_silent_dropped(&emu, 2000).await,
        "the stalled tab was never dropped"
    );
    flood.silent.until_closed().await;
    flood.busy.ok("ping", json!({})).await;
    emu.shutdown().await;
}

/// Opens a connection, sends `start` and never more; returns once the server closed it.
async fn closed_by_server(emu: &Emulator, start: &str) {
    let mut tcp = tokio::net::TcpStream::connect(emu.local_addr())
        .await
        .unwrap();
    tcp.write_all(start.as_bytes()).await.unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(WAIT, tcp.read(&mut buf)).await {
            Err(_) => panic!("connection still open after {WAIT:?} ({start:?})"),
            Ok(Ok(0)) | Ok(Err(_)) => return,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_headers_are_cut_at_the_header_read_timeout() {
    let emu = emulator_with(config(Limits {
        header_read_timeout_secs: 1,
        ..Default::default()
    }))
    .await;
    let slowloris =
        (0..20).map(|_| closed_by_server(&emu, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    futures_util::future::join_all(slowloris).await;
    // A connection that says nothing, and an idle keep-alive one, are cut too.
    closed_by_server(&emu, "").await;
    closed_by_server(&emu, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
    // Normal requests are unaffected.
    let reply = raw_http(
        &emu,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&reply), 200);
    emu.shutdown().await;
}

async fn upload(emu: &Emulator, tok: &str, name: &str, size: usize) -> String {
    let part = reqwest::multipart::Part::bytes(vec![7u8; size]).file_name(name.to_string());
    let r = reqwest::Client::new()
        .post(format!(
            "{}/v3.3/customer/action/upload_file?license_id={LICENSE}",
            emu.url()
        ))
        .bearer_auth(tok)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn status(url: &str) -> u16 {
    reqwest::get(url).await.unwrap().status().as_u16()
}

async fn uploaded_bytes(emu: &Emulator) -> u64 {
    control(emu, "state", json!({})).await.1["uploaded_bytes"]
        .as_u64()
        .expect("uploaded_bytes")
}

#[tokio::test]
async fn uploads_expire() {
    let emu = emulator_with(config(Limits {
        upload_ttl_secs: 1,
        ..Default::default()
    }))
    .await;
    let (tok, _) = token(&emu, &http()).await;
    let url = upload(&emu, &tok, "a.txt", 4000).await;
    assert_eq!(status(&url).await, 200);
    tokio::time::timeout(WAIT, async {
        while status(&url).await != 404 || uploaded_bytes(&emu).await != 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the upload expires and its memory is freed");
    emu.shutdown().await;
}

#[tokio::test]
async fn uploads_beyond_the_store_budget_delete_the_oldest() {
    let emu = emulator_with(config(Limits {
        upload_store_bytes: 10_000,
        ..Default::default()
    }))
    .await;
    let (tok, _) = token(&emu, &http()).await;
    let first = upload(&emu, &tok, "1.txt", 4000).await;
    let second = upload(&emu, &tok, "2.txt", 4000).await;
    let third = upload(&emu, &tok, "3.txt", 4000).await;
    assert_eq!(status(&first).await, 404);
    assert_eq!(status(&second).await, 200);
    assert_eq!(status(&third).await, 200);
    assert_eq!(uploaded_bytes(&emu).await, 8000);
    // A file larger than the whole budget is still kept until the next upload.
    let big = upload(&emu, &tok, "big.txt", 12_000).await;
    assert_eq!(status(&big).await, 200);
    assert_eq!(uploaded_bytes(&emu).await, 12_000);
    emu.shutdown().await;
}
