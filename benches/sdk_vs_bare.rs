//! The SDK against a bare tokio-tungstenite client, on the same emulator, in one run:
//! connect time, CPU per send, push events per CPU-second (with real listener dispatch), and
//! memory per idle connected client at 10,000 instances.
//!
//! `cargo bench -p livechat-customer-sdk --bench sdk_vs_bare` (needs the release emulator binary:
//! `cargo build --release -p livechat-emulator`). The emulator runs as a child process so that
//! only client-side CPU and memory are measured; the push traffic comes from another child
//! process (agent Web API), for the same reason. Environment: `BENCH_IDLE_CLIENTS` (default
//! 10000), `BENCH_SENDS` (2000), `BENCH_PUSHES` (5000), `BENCH_CONNECTS` (30).
//!
//! The bare client does the same work as the SDK for each figure (cookie-grant token, socket,
//! login frame, JSON parsing) with the same small WebSocket buffers, and nothing else.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use livechat_core::{runtime, Client, Config, Event};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// Counts live heap bytes, so "memory per client" is what a client keeps allocated, apart from
/// allocator fragmentation (RSS is reported too).
struct CountingAlloc;

static LIVE_HEAP: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

// SAFETY: forwards to the system allocator; only adds bookkeeping.
unsafe impl std::alloc::GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE_HEAP.fetch_add(layout.size() as isize, Ordering::Relaxed);
        std::alloc::System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE_HEAP.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        std::alloc::System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        LIVE_HEAP.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        std::alloc::System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

const LICENSE: u64 = 12345;
/// The agent token this run gives the emulator (`--agent-token`); push drivers (child processes)
/// inherit it through `BENCH_AGENT_TOKEN`.
fn agent_token() -> &'static str {
    static TOKEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TOKEN.get_or_init(|| {
        std::env::var("BENCH_AGENT_TOKEN")
            .unwrap_or_else(|_| format!("bench-{:032x}", fastrand::u128(..)))
    })
}
type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Sub-processes: `--mem sdk|bare URL N` and `--drive URL CHAT_ID COUNT`.
    if let Some(i) = args.iter().position(|a| a == "--mem") {
        return memory_child(&args[i + 1], &args[i + 2], args[i + 3].parse().unwrap());
    }
    if let Some(i) = args.iter().position(|a| a == "--drive") {
        return drive_child(&args[i + 1], &args[i + 2], args[i + 3].parse().unwrap());
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list`: nothing to list
    }
    raise_fd_limit();
    let mut emulator = Emulator::spawn();
    let url = emulator.url.clone();
    println!("emulator (child process) at {url}");

    if std::env::var("BENCH_ONLY").as_deref() == Ok("events") {
        // For profiling the push path alone.
        let pushes = env_usize("BENCH_PUSHES", 5000);
        println!(
            "SDK {:.0} events/CPU-s",
            events_per_cpu_second_sdk(&url, pushes)
        );
        println!(
            "bare {:.0} events/CPU-s",
            events_per_cpu_second_bare(&url, pushes)
        );
        emulator.stop();
        return;
    }
    let connects = env_usize("BENCH_CONNECTS", 30);
    let (sdk_connect, bare_connect) = connect_times(&url, connects);
    let sends = env_usize("BENCH_SENDS", 2000);
    let sdk_send = cpu_per_send_sdk(&url, sends);
    let bare_send = cpu_per_send_bare(&url, sends);
    let pushes = env_usize("BENCH_PUSHES", 5000);
    let sdk_events = events_per_cpu_second_sdk(&url, pushes);
    let bare_events = events_per_cpu_second_bare(&url, pushes);
    let idle = env_usize("BENCH_IDLE_CLIENTS", 10_000);
    let sdk_mem = memory_in_child("sdk", &url, idle);
    let bare_mem = memory_in_child("bare", &url, idle);
    emulator.stop();

    println!();
    println!(
        "{:<38} {:>14} {:>14} {:>8}   target",
        "figure", "SDK", "bare", "ratio"
    );
    let row = |name: &str, sdk: f64, bare: f64, unit: &str, target: &str, ok: bool| {
        println!(
            "{:<38} {:>11.1} {unit:<2} {:>11.1} {unit:<2} {:>7.2}x   {target} {}",
            name,
            sdk,
            bare,
            sdk / bare,
            if ok { "(met)" } else { "(NOT met)" }
        );
    };
    let ratio = sdk_connect / bare_connect;
    row(
        "connect time, median (ms)",
        sdk_connect,
        bare_connect,
        "ms",
        "<= 1.2x",
        ratio <= 1.2,
    );
    let ratio_send = sdk_send / bare_send;
    row(
        "CPU per send (us)",
        sdk_send,
        bare_send,
        "us",
        "<= 1.15x",
        ratio_send <= 1.15,
    );
    let ratio_events = sdk_events / bare_events;
    row(
        "push events per CPU-second",
        sdk_events,
        bare_events,
        "/s",
        ">= 1x",
        ratio_events >= 1.0,
    );
    row(
        &format!("heap per idle client at {idle} (KiB)"),
        sdk_mem.0 / 1024.0,
        bare_mem.0 / 1024.0,
        "KB",
        "<= 8 KiB (SDK)",
        sdk_mem.0 <= 8.0 * 1024.0,
    );
    row(
        &format!("RSS per idle client at {idle} (KiB)"),
        sdk_mem.1 / 1024.0,
        bare_mem.1 / 1024.0,
        "KB",
        "<= 8 KiB (SDK)",
        sdk_mem.1 <= 8.0 * 1024.0,
    );
}

// ----- emulator child process -----------------------------------------------------------------

struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    fn spawn() -> Emulator {
        let bin = std::env::var("LIVECHAT_EMULATOR_BIN").unwrap_or_else(|_| {
            let target = std::env::var("CARGO_TARGET_DIR")
                .unwrap_or_else(|_| format!("{}/target", env!("CARGO_MANIFEST_DIR")));
            format!("{target}/release/livechat-emulator")
        });
        let mut child = Command::new(&bin)
            .args(["--listen", "127.0.0.1:0", "--no-bot", "--agent-token", agent_token()])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} ({e}); build it: cargo build --release -p livechat-emulator"));
        // The tokens come first; `listening on` is the last start-up line.
        let url = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.strip_prefix("listening on ").map(str::to_owned))
            .expect("emulator banner");
        Emulator { child, url }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn raise_fd_limit() {
    // SAFETY: plain libc calls on a stack value.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// CPU time (user + system) of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage fills the struct.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        tv(usage.ru_utime) + tv(usage.ru_stime)
    }
}

fn rss_bytes() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb * 1024.0)
        .unwrap_or(0.0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

// ----- SDK side -------------------------------------------------------------------------------

fn sdk_config(url: &str) -> Config {
    let mut config = Config::for_emulator(url, &format!("{url}/fra"), LICENSE);
    config.request_timeout = Duration::from_secs(60);
    config
}

/// init with auto-connect; returns once `connected` was delivered to a listener.
fn sdk_connected(url: &str) -> Client {
    // new + listener + start: with init and then once(), a fast connect could be missed.
    let client = Client::new(sdk_config(url), None, None).unwrap();
    let (tx, rx) = mpsc::sync_channel(1);
    client
        .once("connected", move |_: &Event| {
            let _ = tx.send(());
        })
        .unwrap();
    client.start();
    rx.recv_timeout(Duration::from_secs(60)).expect("connected");
    client
}

fn sdk_start_chat(client: &Client) -> String {
    let c = client.clone();
    let chat =
        runtime::block_on(async move { c.send_raw("start_chat", json!({ "chat": {} })).await })
            .unwrap()
            .expect("start_chat");
    chat["chat"]["id"].as_str().expect("chat id").to_owned()
}

fn message(chat_id: &str, text: &str) -> Value {
    json!({ "chat_id": chat_id, "event": { "type": "message", "text": text } })
}

fn cpu_per_send_sdk(url: &str, sends: usize) -> f64 {
    let client = sdk_connected(url);
    let chat = sdk_start_chat(&client);
    let c = client.clone();
    let spent = runtime::block_on(async move {
        let started = cpu_time();
        for i in 0..sends {
            c.send_raw("send_event", message(&chat, &format!("m{i}")))
                .await
                .expect("send_event");
        }
        cpu_time() - started
    })
    .unwrap();
    let c = client.clone();
    let _ = runtime::block_on(async move { c.destroy().await });
    spent.as_secs_f64() * 1e6 / sends as f64
}

fn events_per_cpu_second_sdk(url: &str, pushes: usize) -> f64 {
    let client = sdk_connected(url);
    let chat = sdk_start_chat(&client);
    let received = Arc::new(AtomicUsize::new(0));
    let (done_tx, done_rx) = mpsc::sync_channel(1);
    {
        let received = received.clone();
        client
            .on("incoming_event", move |_: &Event| {
                if received.fetch_add(1, Ordering::Relaxed) + 1 == pushes {
                    let _ = done_tx.send(());
                }
            })
            .unwrap();
    }
    let started = cpu_time();
    let mut driver = drive(url, &chat, pushes);
    done_rx
        .recv_timeout(Duration::from_secs(300))
        .expect("all pushes arrived");
    let spent = cpu_time() - started;
    let _ = driver.wait();
    let c = client.clone();
    let _ = runtime::block_on(async move { c.destroy().await });
    pushes as f64 / spent.as_secs_f64()
}

// ----- bare side ------------------------------------------------------------------------------

fn ws_config() -> WebSocketConfig {
    // Same buffers as the SDK, so the comparison is about everything else.
    WebSocketConfig::default()
        .read_buffer_size(2 * 1024)
        .write_buffer_size(0)
}

async fn bare_token(http: &reqwest::Client, url: &str) -> Value {
    http.post(format!("{url}/customer/token"))
        .json(&json!({ "response_type": "token", "grant_type": "cookie", "client_id": "bench", "license_id": LICENSE }))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token json")
}

/// Token, socket, login: what the SDK does to connect.
async fn bare_connect(http: &reqwest::Client, url: &str) -> Ws {
    let token = bare_token(http, url).await;
    bare_login(url, &token).await
}

async fn bare_login(url: &str, token: &Value) -> Ws {
    let ws_url = format!(
        "{}/v3.3/customer/rtm/ws?license_id={LICENSE}",
        url.replacen("http", "ws", 1)
    );
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(ws_url, Some(ws_config()), true)
        .await
        .expect("ws");
    let login = json!({ "request_id": "1", "action": "login", "version": "3.3", "payload": {
        "token": format!("Bearer {}", token["access_token"].as_str().unwrap()),
        "customer": {}, "customer_side_storage": {}, "is_mobile": false,
        "application": { "name": "customer_sdk", "version": "3.0.0" } } });
    ws.send(Message::text(login.to_string())).await.unwrap();
    wait_for(&mut ws, |frame| {
        frame["action"] == "login" && frame["type"] == "response"
    })
    .await;
    ws
}

async fn wait_for(ws: &mut Ws, mut done: impl FnMut(&Value) -> bool) -> Value {
    while let Some(Ok(message)) = ws.next().await {
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if done(&frame) {
                return frame;
            }
        }
    }
    panic!("socket closed while waiting");
}

async fn bare_request(
    ws: &mut Ws,
    id: u64,
    action: &str,
    payload: Value,
    settles_on: &str,
) -> Value {
    let frame = json!({ "request_id": id.to_string(), "action": action, "payload": payload });
    ws.send(Message::text(frame.to_string())).await.unwrap();
    let id = id.to_string();
    wait_for(ws, |f| {
        f["request_id"] == id.as_str() && f["action"] == settles_on
    })
    .await
}

fn bare_connected_with_chat(url: &str) -> (Ws, String) {
    runtime::block_on({
        let url = url.to_owned();
        async move {
            let http = reqwest::Client::new();
            let mut ws = bare_connect(&http, &url).await;
            let chat = bare_request(
                &mut ws,
                2,
                "start_chat",
                json!({ "chat": {} }),
                "incoming_chat",
            )
            .await;
            let chat_id = chat["payload"]["chat"]["id"].as_str().unwrap().to_owned();
            (ws, chat_id)
        }
    })
    .unwrap()
}

fn cpu_per_send_bare(url: &str, sends: usize) -> f64 {
    let (mut ws, chat) = bare_connected_with_chat(url);
    let spent = runtime::block_on(async move {
        let started = cpu_time();
        for i in 0..sends {
            bare_request(
                &mut ws,
                10 + i as u64,
                "send_event",
                message(&chat, &format!("m{i}")),
                "incoming_event",
            )
            .await;
        }
        cpu_time() - started
    })
    .unwrap();
    spent.as_secs_f64() * 1e6 / sends as f64
}

fn events_per_cpu_second_bare(url: &str, pushes: usize) -> f64 {
    let (mut ws, chat) = bare_connected_with_chat(url);
    let started = cpu_time();
    let mut driver = drive(url, &chat, pushes);
    runtime::block_on(async move {
        let mut received = 0;
        wait_for(&mut ws, |frame| {
            if frame["action"] == "incoming_event" {
                received += 1;
            }
            received == pushes
        })
        .await;
    })
    .unwrap();
    let spent = cpu_time() - started;
    let _ = driver.wait();
    pushes as f64 / spent.as_secs_f64()
}

// ----- connect time ---------------------------------------------------------------------------

fn connect_times(url: &str, n: usize) -> (f64, f64) {
    let http = reqwest::Client::new();
    let (mut sdk, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let started = Instant::now();
        let client = sdk_connected(url);
        sdk.push(started.elapsed().as_secs_f64() * 1e3);
        let _ = runtime::block_on(async move { client.destroy().await });

        // Measured from the host thread too (spawn onto the runtime and back, as for the SDK).
        let (http2, url2) = (http.clone(), url.to_owned());
        let started = Instant::now();
        let mut ws = runtime::block_on(async move { bare_connect(&http2, &url2).await }).unwrap();
        bare.push(started.elapsed().as_secs_f64() * 1e3);
        let _ = runtime::block_on(async move { ws.close(None).await });
    }
    (median(sdk), median(bare))
}

// ----- push driver (child process) ------------------------------------------------------------

fn drive(url: &str, chat: &str, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--drive", url, chat, &count.to_string()])
        .env("BENCH_AGENT_TOKEN", agent_token())
        .spawn()
        .expect("driver process")
}

/// Agent Web API `send_event` into the chat, `count` times, 8 in flight.
fn drive_child(url: &str, chat: &str, count: usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let next = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let (http, next, url, chat) =
                    (http.clone(), next.clone(), url.to_owned(), chat.to_owned());
                tokio::spawn(async move {
                    while next.fetch_add(1, Ordering::Relaxed) < count {
                        let response = http
                            .post(format!("{url}/v3.3/agent/action/send_event"))
                            .bearer_auth(agent_token())
                            .json(&message(&chat, "push"))
                            .send()
                            .await
                            .expect("agent send_event");
                        assert!(
                            response.status().is_success(),
                            "agent send_event: {}",
                            response.status()
                        );
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.await.unwrap();
        }
    });
}

// ----- memory per idle client (child process) -------------------------------------------------

/// (live heap bytes, RSS bytes) per idle connected client.
fn memory_in_child(kind: &str, url: &str, n: usize) -> (f64, f64) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--mem", kind, url, &n.to_string()])
        .output()
        .expect("memory child");
    let text = String::from_utf8_lossy(&output.stdout);
    let figure = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "memory child failed: {text} {}",
                    String::from_utf8_lossy(&output.stderr)
                )
            })
    };
    (
        figure("heap_bytes_per_client "),
        figure("rss_bytes_per_client "),
    )
}

fn memory_child(kind: &str, url: &str, n: usize) {
    raise_fd_limit();
    // Warm up everything shared (runtime, dispatcher, TLS/HTTP client) before the baseline.
    let warm = sdk_connected(url);
    let w = warm.clone();
    let _ = runtime::block_on(async move { w.destroy().await });
    std::thread::sleep(Duration::from_millis(500));
    let before = (LIVE_HEAP.load(Ordering::Relaxed) as f64, rss_bytes());
    let batch = env_usize("BENCH_BATCH", 100);
    match kind {
        "sdk" => {
            let connected = Arc::new(AtomicUsize::new(0));
            let mut clients = Vec::with_capacity(n);
            for start in (0..n).step_by(batch) {
                for _ in start..(start + batch).min(n) {
                    let client = Client::new(sdk_config(url), None, None).unwrap();
                    let connected = connected.clone();
                    client
                        .once("connected", move |_: &Event| {
                            connected.fetch_add(1, Ordering::Relaxed);
                        })
                        .unwrap();
                    client.start();
                    clients.push(client);
                }
                wait_until(|| connected.load(Ordering::Relaxed) >= clients.len());
            }
            settle_and_report(before, n);
            if std::env::var_os("BENCH_EXIT_LIVE").is_some() {
                // For heap profilers: exit with every client still allocated (reported as leaks).
                std::process::exit(0);
            }
            drop(clients);
        }
        _ => {
            let sockets = runtime::block_on({
                let url = url.to_owned();
                async move {
                    let http = reqwest::Client::new();
                    let mut tasks = Vec::with_capacity(n);
                    for start in (0..n).step_by(batch) {
                        let handles: Vec<_> = (start..(start + batch).min(n))
                            .map(|_| {
                                let (http, url) = (http.clone(), url.clone());
                                tokio::spawn(async move { bare_connect(&http, &url).await })
                            })
                            .collect();
                        for handle in handles {
                            let mut ws = handle.await.unwrap();
                            // An idle bare client still reads (answers the server's pings).
                            tasks.push(tokio::spawn(async move {
                                while let Some(Ok(_)) = ws.next().await {}
                            }));
                        }
                    }
                    tasks
                }
            })
            .unwrap();
            settle_and_report(before, n);
            drop(sockets);
        }
    }
}

fn wait_until(check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !check() {
        assert!(Instant::now() < deadline, "clients did not connect in time");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn settle_and_report(before: (f64, f64), n: usize) {
    std::thread::sleep(Duration::from_secs(2));
    let heap = LIVE_HEAP.load(Ordering::Relaxed) as f64;
    println!("heap_bytes_per_client {}", (heap - before.0) / n as f64);
    println!(
        "rss_bytes_per_client {}",
        (rss_bytes() - before.1) / n as f64
    );
}
