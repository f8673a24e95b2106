//! Load benchmark client for the emulator (run by `benches/emulator-load.sh`; prints figures, asserts nothing).
//!
//! 1. Logs in `--customers` customers, each with its own token (cookie grant) and RTM socket, and keeps
//!    them all connected.
//! 2. `--chats` of them start a chat. The agent then sends `send_event` over the Agent Web API at
//!    `--rate` messages/s for `--seconds`, round-robin over those chats. Latency is measured from just
//!    before the HTTP request until the customer's socket delivers the matching `incoming_event`.
//! 3. Prints connect throughput, the latency p50/p90/p99/max, lost messages and the emulator's RSS
//!    (read from /proc for `--emulator-pid`).
//!
//! `cargo run --release -p livechat-emulator --example load -- --url http://127.0.0.1:PORT [--customers 10000]
//!  [--chats 1000] [--rate 1000] [--seconds 10] --agent-token T --control-token T [--emulator-pid PID]`
//! (the tokens are the ones the emulator printed at start).

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};
use tokio_tungstenite::tungstenite::Message;

const LICENSE_ID: u64 = 12345;
/// Pushes the customers subscribe to (the official client's list, as in client-behavior.md §6.4).
const PUSHES: &[&str] = &[
    "chat_deactivated",
    "incoming_chat",
    "incoming_event",
    "incoming_typing_indicator",
    "user_added_to_chat",
    "user_removed_from_chat",
    "events_marked_as_seen",
];

#[derive(Clone)]
struct Opts {
    url: String,
    customers: usize,
    chats: usize,
    rate: u64,
    seconds: u64,
    agent_token: String,
    control_token: String,
    emulator_pid: Option<u32>,
    connect_concurrency: usize,
}

fn parse_opts() -> Result<Opts, String> {
    let mut o = Opts {
        url: String::new(),
        customers: 10_000,
        chats: 1_000,
        rate: 1_000,
        seconds: 10,
        agent_token: String::new(),
        control_token: String::new(),
        emulator_pid: None,
        connect_concurrency: 200,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|e| format!("{a}: {e}"));
        match a.as_str() {
            "--url" => o.url = val()?.trim_end_matches('/').to_string(),
            "--customers" => o.customers = num(val()?)? as usize,
            "--chats" => o.chats = num(val()?)? as usize,
            "--rate" => o.rate = num(val()?)?.max(1),
            "--seconds" => o.seconds = num(val()?)?.max(1),
            "--agent-token" => o.agent_token = val()?,
            "--control-token" => o.control_token = val()?,
            "--emulator-pid" => o.emulator_pid = Some(num(val()?)? as u32),
            "--connect-concurrency" => o.connect_concurrency = num(val()?)?.max(1) as usize,
            "-h" | "--help" => return Err("see the header of emulator/examples/load.rs".into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.url.is_empty() || o.agent_token.is_empty() || o.control_token.is_empty() {
        return Err(
            "--url http://127.0.0.1:PORT, --agent-token and --control-token are required".into(),
        );
    }
    o.chats = o.chats.min(o.customers);
    Ok(o)
}

fn rss_mib(pid: Option<u32>) -> String {
    let Some(pid) = pid else {
        return "n/a (no --emulator-pid)".into();
    };
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.1} MiB", kb / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

/// Shared receive clock: `recv_ns[seq]` = when the customer got message `seq` (0 = not yet).
struct Clock {
    t0: Instant,
    sent_ns: Vec<AtomicU64>,
    recv_ns: Vec<AtomicU64>,
    received: AtomicUsize,
}

impl Clock {
    fn now(&self) -> u64 {
        self.t0.elapsed().as_nanos() as u64
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Token (new customer: no cookie), socket, login. Returns the socket and the customer id.
async fn login(o: &Opts, http: &reqwest::Client) -> Result<(Ws, String), String> {
    let tok: Value = http
        .post(format!("{}/customer/token", o.url))
        .body(
            json!({"response_type": "token", "grant_type": "cookie", "client_id": "load",
                   "license_id": LICENSE_ID, "redirect_uri": "https://load.example.test/"})
            .to_string(),
        )
        .send()
        .await
        .map_err(|e| format!("token: {e}"))?
        .json()
        .await
        .map_err(|e| format!("token body: {e}"))?;
    let token = tok["access_token"]
        .as_str()
        .ok_or(format!("token reply: {tok}"))?;
    let ws_url = format!(
        "{}/v3.3/customer/rtm/ws?license_id={LICENSE_ID}",
        o.url.replacen("http://", "ws://", 1)
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let frame = json!({"request_id": "login", "action": "login", "version": "3.3", "payload": {
        "token": format!("Bearer {token}"), "customer": {}, "customer_side_storage": {}, "is_mobile": false,
        "application": {"name": "load", "version": "1"}, "pushes": {"3.3": PUSHES}}});
    ws.send(Message::text(frame.to_string()))
        .await
        .map_err(|e| format!("send login: {e}"))?;
    let reply = next_json(&mut ws).await?;
    if reply["success"] != json!(true) {
        return Err(format!("login failed: {reply}"));
    }
    let id = reply["payload"]["customer"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok((ws, id))
}

async fn next_json(ws: &mut Ws) -> Result<Value, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                return serde_json::from_str(&t).map_err(|e| format!("bad frame: {e}"))
            }
            Some(Ok(Message::Close(c))) => return Err(format!("closed: {c:?}")),
            Some(Ok(_)) => continue, // control frames: tungstenite answers pings itself
            Some(Err(e)) => return Err(format!("socket: {e}")),
            None => return Err("socket ended".into()),
        }
    }
}

/// Starts a chat and returns its id (settled by the `incoming_chat` push carrying the request id).
async fn start_chat(ws: &mut Ws) -> Result<String, String> {
    let frame = json!({"request_id": "start", "action": "start_chat", "payload": {"chat": {}}});
    ws.send(Message::text(frame.to_string()))
        .await
        .map_err(|e| format!("send start_chat: {e}"))?;
    loop {
        let f = next_json(ws).await?;
        if f["request_id"] == "start" {
            if f["action"] == "incoming_chat" {
                return f["payload"]["chat"]["id"]
                    .as_str()
                    .map(str::to_string)
                    .ok_or(format!("no chat id: {f}"));
            }
            if f["success"] == json!(false) {
                return Err(format!("start_chat failed: {f}"));
            }
        }
    }
}

/// Reads the socket until it closes; stamps every load message it receives.
async fn listen(mut ws: Ws, clock: Arc<Clock>) {
    while let Some(msg) = ws.next().await {
        let Ok(Message::Text(t)) = msg else {
            if matches!(msg, Ok(Message::Close(_)) | Err(_)) {
                return;
            }
            continue;
        };
        // Cheap pre-filter: only incoming_event frames carry a load sequence number.
        if !t.contains("incoming_event") {
            continue;
        }
        let now = clock.now();
        let Ok(v) = serde_json::from_str::<Value>(&t) else {
            continue;
        };
        let seq = v["payload"]["event"]["text"]
            .as_str()
            .and_then(|s| s.strip_prefix("load:"))
            .and_then(|s| s.parse::<usize>().ok());
        if let Some(slot) = seq.and_then(|s| clock.recv_ns.get(s)) {
            if slot
                .compare_exchange(0, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                clock.received.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let idx = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn ms(ns: u64) -> String {
    format!("{:.3} ms", ns as f64 / 1e6)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let o = match parse_opts() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(o).await {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}

async fn run(o: Opts) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .map_err(|e| e.to_string())?;
    let control = |op: &str, body: Value| {
        let http = http.clone();
        let url = format!("{}/emulator/{op}", o.url);
        let token = o.control_token.clone();
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .map_err(|e| e.to_string())?
                .error_for_status()
                .map_err(|e| e.to_string())
        }
    };
    control("bot", json!({"enabled": false})).await?; // agent messages only; no bot replies in the figures

    let total = (o.rate * o.seconds) as usize;
    let clock = Arc::new(Clock {
        t0: Instant::now(),
        sent_ns: (0..total).map(|_| AtomicU64::new(0)).collect(),
        recv_ns: (0..total).map(|_| AtomicU64::new(0)).collect(),
        received: AtomicUsize::new(0),
    });

    println!(
        "emulator {} | RSS before: {}",
        o.url,
        rss_mib(o.emulator_pid)
    );

    // Phase 1: log everyone in (bounded concurrency), start chats for the first `chats` customers.
    let started = Instant::now();
    let sem = Arc::new(Semaphore::new(o.connect_concurrency));
    let (chat_tx, mut chat_rx) = mpsc::unbounded_channel::<Result<String, String>>();
    let failures = Arc::new(AtomicUsize::new(0));
    let mut joins = Vec::with_capacity(o.customers);
    for i in 0..o.customers {
        let permit = sem
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| e.to_string())?;
        let (o2, http, clock, chat_tx, failures) = (
            o.clone(),
            http.clone(),
            clock.clone(),
            chat_tx.clone(),
            failures.clone(),
        );
        joins.push(tokio::spawn(async move {
            let mut ws = match login(&o2, &http).await {
                Ok((ws, _id)) => ws,
                Err(e) => {
                    if failures.fetch_add(1, Ordering::Relaxed) < 5 {
                        eprintln!("customer {i}: {e}");
                    }
                    drop(permit);
                    if i < o2.chats {
                        let _ = chat_tx.send(Err(e));
                    }
                    return;
                }
            };
            if i < o2.chats {
                let _ = chat_tx.send(start_chat(&mut ws).await);
            }
            drop(permit);
            listen(ws, clock).await;
        }));
    }
    drop(chat_tx);
    // Each of the first `chats` customers reports exactly once (their tasks keep a sender while listening).
    let mut chat_ids = Vec::with_capacity(o.chats);
    for _ in 0..o.chats {
        match chat_rx.recv().await {
            Some(Ok(id)) => chat_ids.push(id),
            Some(Err(e)) => eprintln!("chat: {e}"),
            None => break,
        }
    }
    // Every login has finished once all permits are back.
    let _all = sem
        .acquire_many(o.connect_concurrency as u32)
        .await
        .map_err(|e| e.to_string())?;
    drop(_all);
    let connect_secs = started.elapsed().as_secs_f64();
    let state: Value = control("state", json!({}))
        .await?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let logged_in = state["logged_in_connections"].as_u64().unwrap_or(0);
    println!(
        "phase 1: {} customers logged in ({} failed) in {:.1} s ({:.0} logins/s); emulator reports {} logged-in connections; {} chats",
        o.customers - failures.load(Ordering::Relaxed),
        failures.load(Ordering::Relaxed),
        connect_secs,
        o.customers as f64 / connect_secs,
        logged_in,
        chat_ids.len()
    );
    println!(
        "emulator RSS with all customers connected: {}",
        rss_mib(o.emulator_pid)
    );
    if chat_ids.is_empty() {
        return Err("no chats started; nothing to relay".into());
    }

    // Phase 2: agent send_event at a fixed rate, round-robin over the chats.
    let send_url = format!("{}/v3.3/agent/action/send_event", o.url);
    let auth = format!("Bearer {}", o.agent_token);
    let http_errors = Arc::new(AtomicUsize::new(0));
    let interval_ns = 1_000_000_000 / o.rate;
    let phase2 = tokio::time::Instant::now();
    let mut senders = Vec::with_capacity(total);
    for seq in 0..total {
        tokio::time::sleep_until(phase2 + Duration::from_nanos(interval_ns * seq as u64)).await;
        let body = json!({"chat_id": chat_ids[seq % chat_ids.len()],
                          "event": {"type": "message", "text": format!("load:{seq}"), "recipients": "all"}})
        .to_string();
        let (http, url, auth, clock, errs) = (
            http.clone(),
            send_url.clone(),
            auth.clone(),
            clock.clone(),
            http_errors.clone(),
        );
        senders.push(tokio::spawn(async move {
            clock.sent_ns[seq].store(clock.now(), Ordering::Relaxed);
            let r = http
                .post(url)
                .header("authorization", auth)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await;
            if !matches!(&r, Ok(res) if res.status().is_success())
                && errs.fetch_add(1, Ordering::Relaxed) < 5
            {
                eprintln!("send_event {seq}: {:?}", r.map(|r| r.status()));
            }
        }));
    }
    let send_secs = phase2.elapsed().as_secs_f64();
    for s in senders {
        let _ = s.await;
    }
    // Wait (bounded) for the stragglers to arrive.
    let deadline = Instant::now() + Duration::from_secs(10);
    while clock.received.load(Ordering::Relaxed) + http_errors.load(Ordering::Relaxed) < total
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let mut lat: Vec<u64> = (0..total)
        .filter_map(|i| {
            let (s, r) = (
                clock.sent_ns[i].load(Ordering::Relaxed),
                clock.recv_ns[i].load(Ordering::Relaxed),
            );
            (s > 0 && r > 0).then(|| r.saturating_sub(s))
        })
        .collect();
    lat.sort_unstable();
    println!(
        "phase 2: {} agent messages offered at {} msg/s over {:.2} s ({:.0} msg/s achieved), {} delivered, {} lost, {} HTTP errors",
        total,
        o.rate,
        send_secs,
        total as f64 / send_secs,
        lat.len(),
        total - lat.len(),
        http_errors.load(Ordering::Relaxed)
    );
    println!(
        "relay latency (agent send_event -> customer incoming_event): p50 {}  p90 {}  p99 {}  max {}",
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 90.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or(0))
    );
    // When the slow ones were sent (ms into phase 2): periodic clusters point at the emulator, scattered
    // ones at the machine (other processes on the 2 cores).
    let base = (0..total)
        .map(|i| clock.sent_ns[i].load(Ordering::Relaxed))
        .filter(|&s| s > 0)
        .min()
        .unwrap_or(0);
    let slow: Vec<String> = (0..total)
        .filter_map(|i| {
            let (s, r) = (
                clock.sent_ns[i].load(Ordering::Relaxed),
                clock.recv_ns[i].load(Ordering::Relaxed),
            );
            (s > 0 && r > s && r - s > 5_000_000).then(|| format!("{}", (s - base) / 1_000_000))
        })
        .collect();
    println!(
        "messages over 5 ms: {} (sent at ms: {}{})",
        slow.len(),
        slow.iter().take(40).cloned().collect::<Vec<_>>().join(","),
        if slow.len() > 40 { ",..." } else { "" }
    );
    println!("emulator RSS at the end: {}", rss_mib(o.emulator_pid));
    let p99 = percentile(&lat, 99.0);
    println!(
        "target p99 < 5 ms: {}",
        if lat.is_empty() {
            "no data".to_string()
        } else if p99 < 5_000_000 {
            "met".into()
        } else {
            format!("MISSED by {}", ms(p99 - 5_000_000))
        }
    );
    for j in joins {
        j.abort();
    }
    Ok(())
}
