//! The documented events, caused the way the real service causes them: by the agent (Agent API),
//! by the control API, or by another connection of the same customer.

use std::sync::Arc;
use std::time::Duration;

use crate::support::{TestEnv, BOT, JANE};
use livechat_core::types::*;
use livechat_core::{DisconnectReason, Event, MemoryStore, Status};
use livechat_emulator::EmulatorConfig;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_id_then_connected_with_customer_and_availability() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let names = me.events.names();
    let customer_id_at = names.iter().position(|n| *n == "customer_id").unwrap();
    let connected_at = names.iter().position(|n| *n == "connected").unwrap();
    assert!(customer_id_at < connected_at, "{names:?}");
    let Event::Connected(connected) = me.events.wait_for("connected", |_| true).await else {
        unreachable!()
    };
    assert_eq!(connected.customer.id, me.id());
    assert_eq!(connected.availability, Availability::Online);
    assert!(connected.greeting.is_none());
    let payload = Event::Connected(connected).payload_json();
    assert_eq!(payload["customer"]["type"], "customer");
    assert_eq!(payload["availability"], "online");
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connected_carries_a_greeting_shown_before_login() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.control(
        "greetings",
        json!({"customer_id": me.id(), "text": "Welcome back"}),
    )
    .await;
    me.events.wait_for("incoming_greeting", |_| true).await;
    me.client.disconnect().await.unwrap();
    let mark = me.events.mark();
    me.client.connect().await.unwrap();
    let Event::Connected(connected) = me.events.wait_after(mark, "connected", |_| true).await
    else {
        unreachable!()
    };
    let greeting = connected.greeting.expect("the pending greeting");
    assert_eq!(greeting.text, "Welcome back");
    assert!(!greeting.accepted);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incoming_greeting_and_greeting_canceled_by_a_newer_one() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.control(
        "greetings",
        json!({"customer_id": me.id(), "text": "First", "agent_id": JANE}),
    )
    .await;
    let Event::IncomingGreeting(first) = me.events.wait_for("incoming_greeting", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(first.agent.id, JANE);
    assert!(!first.agent.is_bot);
    assert_eq!(first.subtype, "greeting");
    assert!(matches!(&first.event, Some(ChatEvent::Message(m)) if m.text == "First"));
    env.control(
        "greetings",
        json!({"customer_id": me.id(), "text": "Second"}),
    )
    .await;
    me.events
        .wait_for(
            "greeting_canceled",
            |e| matches!(e, Event::GreetingCanceled { unique_id } if *unique_id == first.unique_id),
        )
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incoming_event_and_typing_indicator_from_the_agent() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    env.agent(
        "send_typing_indicator",
        json!({"chat_id": chat_id, "is_typing": true}),
    )
    .await
    .unwrap();
    me.events
        .wait_for("incoming_typing_indicator", |e| {
            matches!(e, Event::IncomingTypingIndicator { typing_indicator, .. } if typing_indicator.author_id == JANE && typing_indicator.is_typing)
        })
        .await;
    env.agent(
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "Hi, Jane here", "recipients": "all"}}),
    )
    .await
    .unwrap();
    let event = me
        .events
        .wait_for("incoming_event", |e| matches!(e, Event::IncomingEvent { event: ChatEvent::Message(m), .. } if m.text == "Hi, Jane here"))
        .await;
    let payload = event.payload_json();
    assert_eq!(payload["chatId"], json!(chat_id));
    assert_eq!(payload["event"]["type"], "message");
    assert_eq!(payload["event"]["authorId"], JANE);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_replies_with_typing_indicator_then_message() {
    let env = TestEnv::start_with(Default::default()).await; // bot on
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    me.client
        .send_event(SendEventParams {
            chat_id,
            event: NewEvent::message("Do you ship abroad?"),
            attach_to_last_thread: None,
        })
        .await
        .unwrap();
    let typing = me
        .events
        .wait_for("incoming_typing_indicator", |e| matches!(e, Event::IncomingTypingIndicator { typing_indicator, .. } if typing_indicator.is_typing))
        .await;
    let reply = me
        .events
        .wait_for(
            "incoming_event",
            |e| matches!(e, Event::IncomingEvent { event, .. } if event.common().author_id == BOT),
        )
        .await;
    let all = me.events.all();
    let at = |wanted: &Event| all.iter().position(|e| e == wanted).unwrap();
    assert!(at(&typing) < at(&reply));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_deactivated_by_the_agent() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    env.agent("deactivate_chat", json!({"id": chat_id}))
        .await
        .unwrap();
    me.events
        .wait_for(
            "chat_deactivated",
            |e| matches!(e, Event::ChatDeactivated { chat_id: c } if *c == chat_id),
        )
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_transferred_user_added_user_data_and_user_removed() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    // Jane was routed to the chat; the bot joins it.
    env.agent(
        "add_user_to_chat",
        json!({"chat_id": chat_id, "user_id": BOT, "user_type": "agent"}),
    )
    .await
    .unwrap();
    let added = me
        .events
        .wait_for(
            "user_added_to_chat",
            |e| matches!(e, Event::UserAddedToChat { user, .. } if user.id() == BOT),
        )
        .await;
    let Event::UserAddedToChat { present, user, .. } = &added else {
        unreachable!()
    };
    assert!(*present);
    assert!(matches!(user, User::Agent(a) if !a.name.is_empty()));
    // user_data (without presence) comes right before user_added_to_chat.
    let all = me.events.all();
    let at = all.iter().position(|e| *e == added).unwrap();
    assert!(
        matches!(&all[at - 1], Event::UserData(User::Agent(a)) if a.id == BOT && a.present.is_none())
    );

    env.agent(
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [BOT]}}),
    )
    .await
    .unwrap();
    let Event::ChatTransferred(transfer) = me.events.wait_for("chat_transferred", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(transfer.chat_id, chat_id);
    assert_eq!(transfer.reason, "manual");
    assert_eq!(transfer.requester_id.as_deref(), Some(JANE));
    assert_eq!(
        transfer.transferred_to.agent_ids,
        Some(vec![BOT.to_owned()])
    );
    me.events
        .wait_for(
            "user_removed_from_chat",
            |e| matches!(e, Event::UserRemovedFromChat { user_id, .. } if user_id == JANE),
        )
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn property_events_caused_by_the_agent() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    let thread = chat.thread.unwrap();
    let event_id = thread.events[0].id().to_owned();
    let ns = || json!({"test": {"string_property": "by agent"}});
    let gone = || json!({"test": ["string_property"]});
    for (action, body) in [
        (
            "update_chat_properties",
            json!({"id": chat.id, "properties": ns()}),
        ),
        (
            "delete_chat_properties",
            json!({"id": chat.id, "properties": gone()}),
        ),
        (
            "update_thread_properties",
            json!({"chat_id": chat.id, "thread_id": thread.id, "properties": ns()}),
        ),
        (
            "delete_thread_properties",
            json!({"chat_id": chat.id, "thread_id": thread.id, "properties": gone()}),
        ),
        (
            "update_event_properties",
            json!({"chat_id": chat.id, "thread_id": thread.id, "event_id": event_id, "properties": ns()}),
        ),
        (
            "delete_event_properties",
            json!({"chat_id": chat.id, "thread_id": thread.id, "event_id": event_id, "properties": gone()}),
        ),
    ] {
        env.agent(action, body)
            .await
            .unwrap_or_else(|e| panic!("{action}: {e}"));
    }
    me.events
        .wait_for("chat_properties_updated", |e| matches!(e, Event::ChatPropertiesUpdated { properties, .. } if properties["test"]["string_property"] == "by agent"))
        .await;
    me.events
        .wait_for("chat_properties_deleted", |e| matches!(e, Event::ChatPropertiesDeleted { properties, .. } if properties["test"] == ["string_property"]))
        .await;
    me.events
        .wait_for("thread_properties_updated", |e| matches!(e, Event::ThreadPropertiesUpdated { thread_id, .. } if *thread_id == thread.id))
        .await;
    me.events
        .wait_for("thread_properties_deleted", |e| matches!(e, Event::ThreadPropertiesDeleted { thread_id, .. } if *thread_id == thread.id))
        .await;
    me.events
        .wait_for(
            "event_properties_updated",
            |e| matches!(e, Event::EventPropertiesUpdated { event_id: id, .. } if *id == event_id),
        )
        .await;
    me.events
        .wait_for(
            "event_properties_deleted",
            |e| matches!(e, Event::EventPropertiesDeleted { event_id: id, .. } if *id == event_id),
        )
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_updated_after_a_postback() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    let rich = json!({"type": "rich_message", "template_id": "cards", "recipients": "all", "elements": [{
        "title": "Plans", "subtitle": "pick", "image": {"url": "https://cdn.example/plans.png", "alternative_text": "plans"},
        "buttons": [{"type": "url", "text": "Site", "value": "https://example.com", "target": "new", "postback_id": "site", "user_ids": []}]}]});
    env.agent("send_event", json!({"chat_id": chat_id, "event": rich}))
        .await
        .unwrap();
    let Event::IncomingEvent {
        event: ChatEvent::RichMessage(rich),
        ..
    } = me
        .events
        .wait_for("incoming_event", |e| {
            matches!(
                e,
                Event::IncomingEvent {
                    event: ChatEvent::RichMessage(_),
                    ..
                }
            )
        })
        .await
    else {
        unreachable!()
    };
    let image = rich.elements[0].image.as_ref().unwrap();
    assert_eq!(image.alternative_text.as_deref(), Some("plans"));
    me.client
        .send_rich_message_postback(SendRichMessagePostbackParams {
            chat_id: chat_id.clone(),
            thread_id: rich.common.thread_id.clone().unwrap(),
            event_id: rich.common.id.clone(),
            postback: Postback {
                id: "site".into(),
                toggled: true,
            },
        })
        .await
        .unwrap();
    let me_id = me.id();
    let Event::EventUpdated { event, .. } = me
        .events
        .wait_for("event_updated", |e| matches!(e, Event::EventUpdated { event: Some(ev), .. } if ev.id() == rich.common.id))
        .await
    else {
        unreachable!()
    };
    let Some(ChatEvent::RichMessage(updated)) = event else {
        panic!("{event:?}")
    };
    let button = &updated.elements[0].buttons.as_ref().unwrap()[0];
    assert_eq!(button.user_ids, vec![me_id]);
    assert_eq!(button.target.as_deref(), Some("new"));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_marked_as_seen_by_the_agent() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    env.agent(
        "add_user_to_chat",
        json!({"chat_id": chat.id, "user_id": JANE, "user_type": "agent"}),
    )
    .await
    .unwrap();
    let seen = chat.thread.unwrap().events[0].common().created_at.clone();
    env.agent(
        "mark_events_as_seen",
        json!({"chat_id": chat.id, "seen_up_to": seen}),
    )
    .await
    .unwrap();
    me.events
        .wait_for(
            "events_marked_as_seen",
            |e| matches!(e, Event::EventsMarkedAsSeen { user_id, .. } if user_id == JANE),
        )
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_position_updated_from_the_service() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat = me.start_chat().await.chat;
    env.control(
        "queue",
        json!({"chat_id": chat.id, "position": 3, "wait_time": 120}),
    )
    .await;
    let Event::QueuePositionUpdated {
        queue, thread_id, ..
    } = me.events.wait_for("queue_position_updated", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!((queue.position, queue.wait_time), (3, 120));
    assert_eq!(thread_id, chat.thread.unwrap().id);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn availability_updated_when_the_group_goes_offline() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.control("group_status", json!({"group_id": 0, "status": "offline"}))
        .await;
    me.events
        .wait_for("availability_updated", |e| {
            matches!(
                e,
                Event::AvailabilityUpdated {
                    availability: Availability::Offline
                }
            )
        })
        .await;
    env.control("group_status", json!({"group_id": 0, "status": "online"}))
        .await;
    me.events
        .wait_for("availability_updated", |e| {
            matches!(
                e,
                Event::AvailabilityUpdated {
                    availability: Availability::Online
                }
            )
        })
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_updated_after_update_customer() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    me.client
        .update_customer(livechat_core::CustomerData {
            name: Some("Thomas Anderson".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let Event::CustomerUpdated(update) = me.events.wait_for("customer_updated", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(update.name.as_deref(), Some("Thomas Anderson"));
    assert_eq!(update.email, None);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incoming_chat_reaches_the_other_connection_of_the_customer() {
    let env = TestEnv::start().await;
    // Two SDK instances sharing one store are one customer with two connections (two tabs).
    let store = Arc::new(MemoryStore::default());
    let first = {
        let client = livechat_core::Client::init(env.config(), None, Some(store.clone())).unwrap();
        let events = crate::support::Events::attach(&client);
        events.wait_for("connected", |_| true).await;
        crate::support::Customer { client, events }
    };
    let second = {
        let client = livechat_core::Client::init(env.config(), None, Some(store)).unwrap();
        let events = crate::support::Events::attach(&client);
        events.wait_for("connected", |_| true).await;
        crate::support::Customer { client, events }
    };
    assert_eq!(first.id(), second.id(), "one customer");
    let chat_id = first.start_chat().await.chat.id;
    let Event::IncomingChat { chat } = second.events.wait_for("incoming_chat", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(chat.id, chat_id);
    assert!(chat.thread.as_ref().is_some_and(|t| t.active));
    // user_data for each user precedes incoming_chat.
    let names = second.events.names();
    let at = names.iter().position(|n| *n == "incoming_chat").unwrap();
    assert_eq!(names[at - 1], "user_data");
    // The chat is known active on the second connection too: its sneak peeks are sent.
    second
        .client
        .set_sneak_peek(SetSneakPeekParams {
            chat_id: chat_id.clone(),
            sneak_peek_text: "from tab two".into(),
        })
        .unwrap();
    crate::support::eventually("the second tab's sneak peek arrives", || async {
        let state = env.state().await;
        state["chats"]
            .as_array()?
            .iter()
            .find(|c| c["id"] == json!(chat_id) && c["sneak_peek"] == "from tab two")
            .map(|_| ())
    })
    .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnected_with_a_server_reason() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.control(
        "disconnect",
        json!({"customer_id": me.id(), "reason": "inactivity_timeout"}),
    )
    .await;
    let event = me.events.wait_for("disconnected", |_| true).await;
    assert_eq!(
        event,
        Event::Disconnected {
            reason: DisconnectReason::InactivityTimeout
        }
    );
    assert_eq!(
        event.payload_json(),
        json!({"reason": "inactivity_timeout"})
    );
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_unstable_then_recovered_when_pings_lag() {
    let env = TestEnv::start().await;
    let mut config = env.config();
    config.ping_interval = Duration::from_secs(2);
    config.ping_timeout = Duration::from_millis(200);
    let me = env.customer_with(config).await;
    // Pong replies now lag past the ping timeout, but arrive before the next ping.
    env.control("delay", json!({"action": "ping", "ms": 800}))
        .await;
    me.events.wait_for("connection_unstable", |_| true).await;
    env.control("delay", json!({"action": "ping", "ms": 0}))
        .await;
    me.events.wait_for("connection_recovered", |_| true).await;
    let names = me.events.names();
    let unstable = names
        .iter()
        .position(|n| *n == "connection_unstable")
        .unwrap();
    let recovered = names
        .iter()
        .position(|n| *n == "connection_recovered")
        .unwrap();
    assert!(unstable < recovered);
    assert_eq!(me.status(), Status::Connected);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_page_updated_after_update_customer_page_when_the_server_pushes_it() {
    // Off by default in the emulator (the v3.3 docs dropped the push); a server that still sends it
    // must reach the listener.
    let env = TestEnv::start_with(EmulatorConfig {
        bot: false,
        page_updated_push: true,
        ..Default::default()
    })
    .await;
    let me = env.customer().await;
    me.client
        .update_customer_page(livechat_core::Page {
            url: Some("https://example.com/pricing".into()),
            title: Some("Pricing".into()),
        })
        .unwrap();
    let Event::CustomerPageUpdated(page) =
        me.events.wait_for("customer_page_updated", |_| true).await
    else {
        unreachable!()
    };
    assert_eq!(page.url, "https://example.com/pricing");
    assert_eq!(page.title.as_deref(), Some("Pricing"));
    assert!(!page.opened_at.is_empty());
    env.shutdown().await;
}
