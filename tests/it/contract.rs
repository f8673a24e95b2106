//! The contract a host relies on, checked from outside through the exported (FFI) API and the
//! core API: no event lost to when a listener subscribes, requests on the wire in call order,
//! the server's pending-request limit applied in call order. Run under a CPU hog on every core:
//! the assertions wait on state, never on timing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::support::{eventually, TestEnv};
use futures_util::future::join_all;
use livechat::{ChatClient, ChatListener, ConnectionStatus, NewEvent};
use livechat_core::{Client, Event, Status};

/// Busy threads on every core for as long as it lives.
struct CpuHog {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl CpuHog {
    fn start() -> CpuHog {
        let stop = Arc::new(AtomicBool::new(false));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let threads = (0..cores)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
                    }
                })
            })
            .collect();
        CpuHog { stop, threads }
    }
}

impl Drop for CpuHog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn error_code(error: &livechat::ChatError) -> &str {
    let livechat::ChatError::Failed { code, .. } = error;
    code
}

/// Records event names for the FFI listener.
#[derive(Default)]
struct Names(Mutex<Vec<String>>);

impl ChatListener for Names {
    fn on_event(&self, event: livechat::ChatEvent) -> Result<(), livechat::ChatError> {
        let name = match event {
            livechat::ChatEvent::CustomerId { .. } => "customer_id".to_owned(),
            livechat::ChatEvent::Connected { .. } => "connected".to_owned(),
            other => format!("{other:?}"),
        };
        self.0.lock().unwrap().push(name);
        Ok(())
    }
}

/// `init` then `on("*")` on the same thread, no wait between (the JS idiom), 1,000 times with
/// every core busy: each client's listener sees `customer_id` first, then `connected`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_then_subscribe_never_misses_the_first_events_under_load() {
    let env = TestEnv::start().await;
    let _hog = CpuHog::start();
    let mut misses = Vec::new();
    for batch in 0..20 {
        let clients: Vec<(Client, Arc<Mutex<Vec<&'static str>>>)> = (0..50)
            .map(|_| {
                let client = Client::init(env.config(), None, None).expect("init");
                let seen = Arc::new(Mutex::new(Vec::new()));
                let sink = seen.clone();
                client
                    .on("*", move |event: &Event| {
                        sink.lock().unwrap().push(event.name())
                    })
                    .expect("on");
                (client, seen)
            })
            .collect();
        for (i, (client, seen)) in clients.iter().enumerate() {
            eventually("connected", || async {
                (client.status() == Status::Connected).then_some(())
            })
            .await;
            client.flush_events();
            let names = seen.lock().unwrap().clone();
            if names.first() != Some(&"customer_id") || names.get(1) != Some(&"connected") {
                misses.push((batch * 50 + i, names));
            }
        }
        join_all(clients.iter().map(|(client, _)| client.destroy())).await;
    }
    assert!(
        misses.is_empty(),
        "{} of 1000 missed: {misses:?}",
        misses.len()
    );
}

/// The same through the exported API: `ChatClient(config)` then `on("*")`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ffi_new_then_on_never_misses_the_first_events_under_load() {
    let env = TestEnv::start().await;
    let _hog = CpuHog::start();
    let mut misses = 0;
    for _ in 0..200 {
        let client = ChatClient::new(env.ffi_config()).expect("init");
        let names = Arc::new(Names::default());
        client.on("*".into(), names.clone()).expect("on");
        eventually("connected", || async {
            (client.status() == ConnectionStatus::Connected).then_some(())
        })
        .await;
        // destroy() drops undelivered events: wait for delivery first.
        client.flush_events();
        client.destroy_async().await.expect("destroy");
        let seen = names.0.lock().unwrap().clone();
        if seen.first().map(String::as_str) != Some("customer_id")
            || seen.get(1).map(String::as_str) != Some("connected")
        {
            misses += 1;
        }
    }
    assert_eq!(misses, 0, "clients that missed customer_id or connected");
}

/// Eight `send_event` calls made without awaiting each (a user typing fast), five rounds: the
/// server stores them in call order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_not_awaited_reach_the_server_in_call_order() {
    let env = TestEnv::start().await;
    let _hog = CpuHog::start();
    let ffi_client = ChatClient::new(env.ffi_config()).expect("init");
    eventually("connected", || async {
        (ffi_client.status() == ConnectionStatus::Connected).then_some(())
    })
    .await;
    let chat = ffi_client
        .start_chat_async(None, None, None, None, None)
        .await
        .expect("start_chat");
    let mut out_of_place = 0;
    for round in 0..5 {
        let texts: Vec<String> = (0..8)
            .map(|i| format!("round {round} message {i}"))
            .collect();
        let sends = texts.iter().map(|text| {
            ffi_client.send_event_async(
                chat.id.clone(),
                NewEvent::Message {
                    text: text.clone(),
                    postback: None,
                    custom_id: None,
                    properties: None,
                },
                None,
            )
        });
        for result in join_all(sends).await {
            result.expect("send_event");
        }
        let stored = ffi_client
            .get_chat_async(chat.id.clone(), None)
            .await
            .expect("get_chat");
        let stored: Vec<String> = stored
            .thread
            .expect("a thread")
            .events
            .into_iter()
            .filter_map(|event| match event.content {
                livechat::EventContent::Message { text, .. }
                    if text.starts_with(&format!("round {round} ")) =>
                {
                    Some(text)
                }
                _ => None,
            })
            .collect();
        assert_eq!(stored.len(), 8, "{stored:?}");
        out_of_place += stored.iter().zip(&texts).filter(|(a, b)| a != b).count();
    }
    assert_eq!(out_of_place, 0, "messages stored out of call order (of 40)");
    ffi_client.destroy_async().await.expect("destroy");
}
/// Twelve `get_customer` calls at once: the server allows ten in flight per socket, so the
/// last calls (in call order) are the ones refused with `PENDING_REQUESTS_LIMIT_REACHED`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pending_request_limit_refuses_the_latest_calls() {
    let env = TestEnv::start().await;
    // Slow answers keep the first ten in flight while the others arrive.
    env.control(
        "delay",
        serde_json::json!({"action": "get_customer", "ms": 300}),
    )
    .await;
    let client = ChatClient::new(env.ffi_config()).expect("init");
    eventually("connected", || async {
        (client.status() == ConnectionStatus::Connected).then_some(())
    })
    .await;
    let _hog = CpuHog::start();
    for round in 0..5 {
        let results = join_all((0..12).map(|_| client.get_customer_async())).await;
        let refused: Vec<usize> = results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Err(e) if error_code(e) == "PENDING_REQUESTS_LIMIT_REACHED" => Some(i + 1),
                Err(e) => panic!("call {} failed otherwise: {e:?}", i + 1),
                Ok(_) => None,
            })
            .collect();
        // Ten slots, one of which a keep-alive ping may hold at that moment.
        assert!(
            refused == [11, 12] || refused == [10, 11, 12],
            "round {round}: refused calls {refused:?}"
        );
    }
    client.destroy_async().await.expect("destroy");
}

/// Records the states an FFI observer sees.
#[derive(Default)]
struct States(Mutex<Vec<livechat::ConnectionState>>);

impl livechat::StateObserver for States {
    fn on_state(&self, state: livechat::ConnectionState) -> Result<(), livechat::ChatError> {
        self.0.lock().unwrap().push(state);
        Ok(())
    }
}

/// A late observer learns the current state at once (connected, with the customer id), then
/// every change, `Destroyed` last; the Rust `watch` receivers say the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_state_is_observable_by_late_subscribers() {
    let env = TestEnv::start().await;
    let client = ChatClient::new(env.ffi_config()).expect("init");
    eventually("connected", || async {
        (client.status() == ConnectionStatus::Connected).then_some(())
    })
    .await;
    let states = Arc::new(States::default());
    let subscription = client.observe_state(states.clone()).expect("observe");
    let first = eventually("the current state", || async {
        states.0.lock().unwrap().first().cloned()
    })
    .await;
    assert_eq!(first.status, ConnectionStatus::Connected);
    assert_eq!(first.customer_id, client.customer_id());
    assert!(first.customer_id.is_some());

    client.disconnect_async().await.expect("disconnect");
    eventually("paused seen", || async {
        let seen = states.0.lock().unwrap();
        (seen.last().map(|s| s.status) == Some(ConnectionStatus::Paused)).then_some(())
    })
    .await;
    client.destroy_async().await.expect("destroy");
    eventually("destroyed seen last", || async {
        let seen = states.0.lock().unwrap();
        (seen.last().map(|s| s.status) == Some(ConnectionStatus::Destroyed)).then_some(())
    })
    .await;
    // Cancelling is idempotent (the observation may already have ended with Destroyed).
    subscription.cancel();
    assert!(!subscription.cancel());

    // Core: a watch receiver holds the current value at once.
    let core = Client::init(env.config(), None, None).expect("init");
    let mut status = core.status_updates();
    let connected = tokio::time::timeout(
        crate::support::WAIT,
        status.wait_for(|s| *s == Status::Connected),
    )
    .await
    .map(|r| r.is_ok());
    assert_eq!(connected, Ok(true));
    assert!(core.customer_id_updates().borrow().is_some());
    core.destroy().await.unwrap();
    assert_eq!(*status.borrow_and_update(), Status::Destroyed);
}
