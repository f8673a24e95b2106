//! Connection lifecycle against the in-process emulator: init/connect/disconnect/destroy, the
//! lifecycle events, on/once/off, listeners calling back into the SDK, keep-alive ping,
//! connection_unstable / connection_recovered.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::engine::*;
use livechat_core::{runtime, Client, CustomerData, ErrorCode, Event, Status};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_connect_emits_customer_id_then_connected() {
    let emu = emulator().await;
    // init split in two, so that no event can fire before the listener is attached (with
    // `init` and `on` right after, a fast first event could be missed).
    let client = Client::new(config(&emu), None, None).unwrap();
    let recorder = Events::attach(&client);
    client.start();
    recorder.wait("connected").await;
    assert_eq!(client.status(), Status::Connected);
    let names = recorder.names();
    assert_eq!(&names[..2], ["customer_id", "connected"], "{names:?}");
    let Event::CustomerId(id) = &recorder.all()[0] else {
        unreachable!()
    };
    assert_eq!(client.customer_id().as_deref(), Some(id.as_str()));
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_connect_false_waits_for_connect_and_does_check_goals() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    cfg.page = Some(livechat_core::Page {
        url: Some("https://example.com/pricing".into()),
        title: None,
    });
    let client = Client::init(cfg, None, None).unwrap();
    let recorder = Events::attach(&client);
    // check_goals fetches a token, which reveals the customer id.
    recorder.wait("customer_id").await;
    assert_eq!(client.status(), Status::Disconnected);
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoConnection);
    client.connect().await.unwrap();
    recorder.wait("connected").await;
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
    assert_eq!(recorder.count("customer_id"), 1);
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_while_connected_is_already_connected() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    let err = client.connect().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyConnected);
    assert!(!err.message.is_empty());
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnect_is_not_undone_and_connect_resumes() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    let customer = connected(&client, &recorder).await;
    client.disconnect().await.unwrap();
    assert_eq!(client.status(), Status::Paused);
    // Nothing reconnects on its own.
    tokio::time::sleep(Duration::from_millis(1500)).await; // longer than any reconnect delay
    assert_eq!(client.status(), Status::Paused);
    assert_eq!(recorder.count("connected"), 1);
    assert_eq!(
        recorder.count("disconnected"),
        0,
        "manual disconnect emits no event"
    );
    let err = client
        .send_raw("get_customer", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoConnection);
    client.connect().await.unwrap();
    recorder.wait_nth("connected", 2).await;
    assert_eq!(
        client.customer_id().unwrap(),
        customer,
        "same identity after resuming"
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroy_is_final_and_removes_listeners() {
    let emu = emulator().await;
    let (client, recorder) = client(config(&emu));
    recorder.wait("connected").await;
    client.destroy().await.unwrap();
    assert_eq!(client.status(), Status::Destroyed);
    assert_eq!(
        client.connect().await.unwrap_err().code,
        ErrorCode::SdkDestroyed
    );
    assert_eq!(
        client.auth_get_token().await.unwrap_err().code,
        ErrorCode::SdkDestroyed
    );
    assert_eq!(
        client
            .send_raw("get_customer", json!({}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SdkDestroyed
    );
    client.destroy().await.unwrap(); // idempotent
    client.disconnect().await.unwrap();
    client.flush_events();
    assert_eq!(
        recorder.count("disconnected"),
        0,
        "manual destroy emits no event"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_once_off_follow_the_docs() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    let client = Client::init(cfg, None, None).unwrap();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = |tag: &'static str| {
        let seen = seen.clone();
        move |event: &Event| seen.lock().unwrap().push(format!("{tag}:{}", event.name()))
    };
    let on = client.on("connected", log("on")).unwrap();
    client.once("connected", log("once")).unwrap();
    let removed_once = client.once("connected", log("removed-once")).unwrap();
    let all = client.on("*", log("all")).unwrap();
    assert!(client.off(removed_once), "a once listener can be removed");
    assert!(!client.off(removed_once));
    assert_eq!(
        client.on("no_such_event", |_: &Event| {}).unwrap_err().code,
        ErrorCode::Validation
    );

    let recorder = Events::attach(&client);
    client.connect().await.unwrap();
    recorder.wait("connected").await;
    client.disconnect().await.unwrap();
    client.connect().await.unwrap();
    recorder.wait_nth("connected", 2).await;
    client.flush_events();
    let got: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.ends_with(":connected"))
        .cloned()
        .collect();
    assert_eq!(
        got,
        [
            "on:connected",
            "once:connected",
            "all:connected",
            "on:connected",
            "all:connected"
        ]
    );

    assert!(client.off(on));
    assert!(client.off(all));
    client.disconnect().await.unwrap();
    client.connect().await.unwrap();
    recorder.wait_nth("connected", 3).await;
    client.flush_events();
    let after = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.ends_with(":connected"))
        .count();
    assert_eq!(after, 5, "removed listeners are not called");
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_may_call_blocking_sdk_methods_and_panic() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.auto_connect = false;
    let client = Client::init(cfg, None, None).unwrap();
    let result = Arc::new(Mutex::new(None));
    {
        let client2 = client.clone();
        let result = result.clone();
        client
            .on("connected", move |_: &Event| {
                // Blocking call from the listener thread: must neither deadlock nor be refused.
                let c = client2.clone();
                let r =
                    runtime::block_on(async move { c.send_raw("get_customer", json!({})).await });
                *result.lock().unwrap() = Some(r);
            })
            .unwrap();
    }
    client
        .on("connected", |_: &Event| panic!("a listener that panics"))
        .unwrap();
    let recorder = Events::attach(&client);
    client.connect().await.unwrap();
    recorder.wait("connected").await;
    until("listener finished its call", || {
        result.lock().unwrap().is_some()
    })
    .await;
    let r = result.lock().unwrap().take().unwrap();
    let customer = r
        .expect("blocking call inside a listener")
        .expect("get_customer succeeds");
    assert!(customer.get("id").is_some(), "{customer}");
    // The panicking listener did not stop delivery: later events still arrive.
    client.disconnect().await.unwrap();
    client.connect().await.unwrap();
    recorder.wait_nth("connected", 2).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sends_customer_data_page_and_referrer() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.customer_data_provider = Some(Arc::new(|| CustomerData {
        name: Some("Ada".into()),
        email: Some("ada@example.com".into()),
        avatar: None,
        session_fields: vec![("plan".into(), "pro".into()), ("seat".into(), "3".into())],
    }));
    cfg.page = Some(livechat_core::Page {
        url: Some("https://example.com/docs".into()),
        title: Some("Docs".into()),
    });
    cfg.referrer = Some("https://search.example".into());
    let (client, recorder) = client(cfg);
    recorder.wait("connected").await;
    let customer = client.send_raw("get_customer", json!({})).await.unwrap();
    assert_eq!(customer["name"], "Ada", "{customer}");
    assert_eq!(customer["email"], "ada@example.com", "{customer}");
    assert_eq!(
        customer["session_fields"],
        json!([{"plan": "pro"}, {"seat": "3"}]),
        "{customer}"
    );
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_alive_ping_is_sent_and_answered() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.ping_interval = Duration::from_millis(200);
    cfg.ping_timeout = Duration::from_millis(150);
    let (client, recorder) = client(cfg);
    recorder.wait("connected").await;
    // Several ping rounds go by on a healthy link without any disturbance.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(client.status(), Status::Connected);
    assert_eq!(recorder.count("disconnected"), 0, "{:?}", recorder.names());
    assert!(client.send_raw("get_customer", json!({})).await.is_ok());
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_ping_reply_is_connection_unstable_then_recovered() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.ping_interval = Duration::from_millis(3000);
    cfg.ping_timeout = Duration::from_millis(100);
    let (client, recorder) = client(cfg);
    recorder.wait("connected").await;
    // The next ping is answered late (after ping_timeout, before the next ping is due).
    control(&emu, "delay", json!({ "action": "ping", "ms": 1500 })).await;
    recorder.wait("connection_unstable").await;
    recorder.wait("connection_recovered").await;
    let names = recorder.names();
    let unstable = names
        .iter()
        .position(|n| *n == "connection_unstable")
        .unwrap();
    let recovered = names
        .iter()
        .position(|n| *n == "connection_recovered")
        .unwrap();
    assert!(unstable < recovered, "{names:?}");
    assert_eq!(client.status(), Status::Connected);
    control(&emu, "delay", json!({ "action": "ping", "ms": 0 })).await;
    client.destroy().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unanswered_ping_is_treated_as_a_lost_link() {
    let emu = emulator().await;
    let mut cfg = config(&emu);
    cfg.ping_interval = Duration::from_millis(400);
    cfg.ping_timeout = Duration::from_millis(100);
    let (client, recorder) = client(cfg);
    recorder.wait("connected").await;
    // Pings are answered far too late: the link counts as dead at the next ping.
    control(&emu, "delay", json!({ "action": "ping", "ms": 60_000 })).await;
    recorder.wait("connection_unstable").await;
    let Event::Disconnected { reason } = recorder.wait("disconnected").await else {
        unreachable!()
    };
    assert_eq!(reason.as_str(), "connection_lost");
    control(&emu, "delay", json!({ "action": "ping", "ms": 0 })).await;
    recorder.wait_nth("connected", 2).await;
    client.destroy().await.unwrap();
}

/// Signals when it is dropped, then waits (bounded) for the test to say it may finish: like a
/// React Native listener, whose release has to run on the JS thread.
struct DropWaits {
    dropping: std::sync::mpsc::SyncSender<()>,
    may_finish: Mutex<std::sync::mpsc::Receiver<()>>,
    finished_in_time: Arc<std::sync::atomic::AtomicBool>,
}

impl livechat_core::Listener for DropWaits {
    fn on_event(&self, _: &Event) {}
}

impl Drop for DropWaits {
    fn drop(&mut self) {
        let _ = self.dropping.send(());
        let answered = self
            .may_finish
            .lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(5))
            .is_ok();
        self.finished_in_time
            .store(answered, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_listener_does_not_hold_the_registry_lock() {
    // destroy() releases the listeners on the dispatcher thread; if that happened under the
    // registry lock, a host thread calling off() meanwhile would wait for the release, which
    // itself waits for that host thread: a deadlock (seen in React Native).
    let emu = emulator().await;
    let (client, _recorder) = client(config(&emu));
    let (dropping_tx, dropping) = std::sync::mpsc::sync_channel(1);
    let (may_finish, may_finish_rx) = std::sync::mpsc::sync_channel(1);
    let finished_in_time = Arc::new(std::sync::atomic::AtomicBool::new(false));
    client
        .on(
            "*",
            DropWaits {
                dropping: dropping_tx,
                may_finish: Mutex::new(may_finish_rx),
                finished_in_time: finished_in_time.clone(),
            },
        )
        .unwrap();
    let other = client.on("connected", |_: &Event| {}).unwrap();
    client.destroy().await.unwrap();
    let off = tokio::task::spawn_blocking(move || {
        dropping
            .recv_timeout(Duration::from_secs(10))
            .expect("the listener is released after destroy");
        client.off(other); // needs the registry lock
        let _ = may_finish.send(());
        client.flush_events();
    });
    off.await.unwrap();
    assert!(
        finished_in_time.load(std::sync::atomic::Ordering::SeqCst),
        "off() had to wait for the listener's release"
    );
}
