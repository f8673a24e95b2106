//! Quickstart: a complete customer chat against the embedded LiveChat emulator.
//!
//! Starts the emulator in-process (no network, nothing to set up), connects the SDK, starts a
//! chat, talks with the bot agent (who types before answering), uploads a file and sends it,
//! rates the chat, loads the history and prints a transcript. Run: `bash scripts/demo.sh`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use livechat_core::types::*;
use livechat_core::upload::UploadFileParams;
use livechat_core::{Client, Config, Event};
use livechat_emulator::{Emulator, EmulatorConfig};
use tokio::sync::mpsc;

/// Upper bound for any single wait, so the demo can never hang.
const WAIT: Duration = Duration::from_secs(20);

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let say = move |who: &str, what: String| {
        println!("[{:>5} ms] {who:<9} {what}", started.elapsed().as_millis());
    };

    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    say("emulator", format!("listening on {}", emulator.url()));

    let config = Config::for_emulator(&emulator.url(), &emulator.region_url("fra"), 12345);
    let client = Client::init(config, None, None)?;

    // Every event goes to the transcript and to this channel, so the demo can wait for it.
    let (tx, mut events) = mpsc::unbounded_channel::<Event>();
    client.on("*", move |event: &Event| {
        let _ = tx.send(event.clone());
    })?;
    let Event::Connected(connected) = next(&mut events, "connected").await? else {
        unreachable!()
    };
    say(
        "sdk",
        format!(
            "connected as customer {} (agents {})",
            connected.customer.id,
            connected.availability.as_str()
        ),
    );

    client
        .update_customer(livechat_core::CustomerData {
            name: Some("Ada".into()),
            email: Some("ada@example.com".into()),
            ..Default::default()
        })
        .await?;

    let first = "Hi! Do you ship to Europe?";
    let chat = client
        .start_chat(StartChatParams {
            chat: Some(StartChatData {
                thread: Some(InitialThread {
                    events: vec![NewEvent::message(first)],
                    properties: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await?
        .chat;
    let agents: Vec<String> = chat
        .users
        .iter()
        .filter_map(|u| match u {
            User::Agent(a) => Some(a.name.clone()),
            User::Customer(_) => None,
        })
        .collect();
    say(
        "sdk",
        format!("chat {} started with {}", chat.id, agents.join(", ")),
    );
    say("customer", first.to_owned());

    // The bot types, then answers.
    if let Event::IncomingTypingIndicator {
        typing_indicator, ..
    } = next(&mut events, "incoming_typing_indicator").await?
    {
        say(
            "agent",
            format!("({} is typing...)", typing_indicator.author_id),
        );
    }
    let reply = next(&mut events, "incoming_event").await?;
    print_incoming(&say, &reply);

    let second = "Great. Here is my order confirmation.";
    client
        .send_event(SendEventParams {
            chat_id: chat.id.clone(),
            event: NewEvent::message(second),
            attach_to_last_thread: None,
        })
        .await?;
    say("customer", second.to_owned());
    if let Event::IncomingTypingIndicator {
        typing_indicator, ..
    } = next(&mut events, "incoming_typing_indicator").await?
    {
        say(
            "agent",
            format!("({} is typing...)", typing_indicator.author_id),
        );
    }
    let reply = next(&mut events, "incoming_event").await?;
    print_incoming(&say, &reply);

    // Upload a file with progress, then send it as a `file` event.
    let receipt = b"ORDER 1234\n1 x Rust in Action\nShip to: Berlin\n".repeat(2000);
    let mut upload = UploadFileParams::new(receipt, "order-1234.txt");
    upload.content_type = Some("text/plain".into());
    let last_quarter = Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
    upload.on_progress = Some(Arc::new(move |p: f64| {
        // One line per 25 %.
        let step = (p * 4.0).floor() as u64;
        if last_quarter.swap(step, std::sync::atomic::Ordering::Relaxed) != step {
            println!("{:>10} upload {:>3.0} %", "", p * 100.0);
        }
    }));
    let uploaded = client.upload_file(upload).result().await?;
    say("sdk", format!("uploaded to {}", uploaded.url));
    let file = client
        .send_event(SendEventParams {
            chat_id: chat.id.clone(),
            event: NewEvent::file(uploaded.url),
            attach_to_last_thread: None,
        })
        .await?;
    if let ChatEvent::File(file) = &file {
        say(
            "customer",
            format!("[file {} {}]", file.name, file.content_type),
        );
    }

    client
        .rate_chat(RateChatParams {
            chat_id: chat.id.clone(),
            rating: Rating {
                score: 1,
                comment: Some("Quick and helpful!".into()),
            },
        })
        .await?;
    say(
        "customer",
        "rated the chat: good (Quick and helpful!)".into(),
    );
    client
        .deactivate_chat(DeactivateChatParams {
            id: chat.id.clone(),
        })
        .await?;
    say("customer", "closed the chat".into());

    // The history, oldest first.
    let history = client.get_chat_history(GetChatHistoryParams {
        chat_id: chat.id.clone(),
    })?;
    let mut threads = Vec::new();
    loop {
        let page = history.next().await?;
        threads.splice(0..0, page.value.threads);
        if page.done {
            break;
        }
    }
    println!("\n--- transcript of chat {} ---", chat.id);
    for thread in &threads {
        println!("thread {} ({})", thread.id, thread.created_at);
        for event in &thread.events {
            println!("  {}", describe(event, &connected.customer.id));
        }
        if let Some(score) = thread.properties.get("rating").and_then(|r| r.get("score")) {
            println!("  rating: {score}");
        }
    }
    println!("--- end ---\n");

    client.destroy().await?;
    emulator.shutdown().await;
    say("demo", "done".into());
    Ok(())
}

/// The next event called `name` (others were already printed or are not needed).
async fn next(events: &mut mpsc::UnboundedReceiver<Event>, name: &str) -> Result<Event, String> {
    let found = tokio::time::timeout(WAIT, async {
        while let Some(event) = events.recv().await {
            if event.name() == name {
                return Some(event);
            }
        }
        None
    })
    .await;
    found
        .ok()
        .flatten()
        .ok_or_else(|| format!("no `{name}` event within {WAIT:?}"))
}

fn print_incoming(say: &impl Fn(&str, String), event: &Event) {
    if let Event::IncomingEvent { event, .. } = event {
        match event {
            ChatEvent::Message(m) => say("agent", m.text.clone()),
            other => say("agent", format!("[{}]", other.type_name())),
        }
    }
}

fn describe(event: &ChatEvent, me: &str) -> String {
    let who = |author: &str| {
        if author == me {
            "customer".to_owned()
        } else {
            author.to_owned()
        }
    };
    match event {
        ChatEvent::Message(m) => format!("{}: {}", who(&m.common.author_id), m.text),
        ChatEvent::File(f) => format!(
            "{}: [file {} {} {}]",
            who(&f.common.author_id),
            f.name,
            f.content_type,
            f.url
        ),
        ChatEvent::SystemMessage(s) => format!("system: {}", s.text),
        other => format!(
            "{}: [{}]",
            who(&other.common().author_id),
            other.type_name()
        ),
    }
}
