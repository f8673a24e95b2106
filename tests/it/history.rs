//! `getChatHistory`: older threads on demand, in order, `done` at the end, concurrent `next()`
//! calls all settled, a failed page retried.

use crate::support::TestEnv;
use livechat_core::types::*;
use livechat_core::ErrorCode;

async fn chat_with_threads(
    me: &crate::support::Customer,
    threads: usize,
    messages: usize,
) -> String {
    let chat_id = me.start_chat().await.chat.id;
    for round in 0..threads {
        if round > 0 {
            me.client
                .resume_chat(ResumeChatParams {
                    chat: ResumeChatData {
                        id: chat_id.clone(),
                        ..Default::default()
                    },
                    ..Default::default()
                })
                .await
                .unwrap();
        }
        for n in 0..messages {
            me.client
                .send_event(SendEventParams {
                    chat_id: chat_id.clone(),
                    event: NewEvent::message(format!("round {round} message {n}")),
                    attach_to_last_thread: None,
                })
                .await
                .unwrap();
        }
        me.client
            .deactivate_chat(DeactivateChatParams {
                id: chat_id.clone(),
            })
            .await
            .unwrap();
    }
    chat_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_chat_history_loads_older_threads_until_done() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // Four threads of 10 messages each: more than one history page (first page >= 25 events).
    let chat_id = chat_with_threads(&me, 4, 10).await;
    let history = me
        .client
        .get_chat_history(GetChatHistoryParams {
            chat_id: chat_id.clone(),
        })
        .unwrap();
    let mut pages = Vec::new();
    loop {
        let page = history.next().await.unwrap();
        let done = page.done;
        pages.push(page.value.threads);
        if done {
            break;
        }
        assert!(pages.len() < 10, "history never ends");
    }
    assert!(
        pages.len() >= 2,
        "loaded in more than one step: {}",
        pages.len()
    );
    // Newest page first, oldest first inside a page: reversed pages give chronological order.
    let threads: Vec<Thread> = pages.into_iter().rev().flatten().collect();
    assert_eq!(threads.len(), 4);
    let created: Vec<&str> = threads.iter().map(|t| t.created_at.as_str()).collect();
    let mut sorted = created.clone();
    sorted.sort();
    assert_eq!(created, sorted);
    // After the end: done with nothing.
    let after = history.next().await.unwrap();
    assert!(after.done && after.value.threads.is_empty());
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_history_next_calls_all_settle() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = me.start_chat().await.chat.id;
    me.client
        .deactivate_chat(DeactivateChatParams {
            id: chat_id.clone(),
        })
        .await
        .unwrap();
    me.client
        .resume_chat(ResumeChatParams {
            chat: ResumeChatData {
                id: chat_id.clone(),
                ..Default::default()
            },
            ..Default::default()
        })
        .await
        .unwrap();
    let history = me
        .client
        .get_chat_history(GetChatHistoryParams { chat_id })
        .unwrap();
    // Five callers at once; the reference client strands all but two of them (§9 item 8).
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let history = history.clone();
            tokio::spawn(async move { history.next().await })
        })
        .collect();
    let mut threads = 0;
    let mut done = 0;
    for call in calls {
        let page = tokio::time::timeout(crate::support::WAIT, call)
            .await
            .expect("every next() settles")
            .unwrap()
            .unwrap();
        threads += page.value.threads.len();
        done += usize::from(page.done);
    }
    assert_eq!(threads, 2, "both threads delivered exactly once");
    assert!(done >= 4, "callers after the end get done: {done}");
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_next_failure_is_retried_by_the_next_call() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let chat_id = chat_with_threads(&me, 1, 1).await;
    let history = me
        .client
        .get_chat_history(GetChatHistoryParams { chat_id })
        .unwrap();
    env.fail_next("list_threads", "internal", 1).await;
    assert_eq!(history.next().await.unwrap_err().code, ErrorCode::Internal);
    let page = history.next().await.unwrap();
    assert!(page.done);
    assert_eq!(page.value.threads.len(), 1);
    assert_eq!(
        me.client
            .get_chat_history(GetChatHistoryParams {
                chat_id: " ".into()
            })
            .err()
            .map(|e| e.code),
        Some(ErrorCode::Validation)
    );
    env.shutdown().await;
}
