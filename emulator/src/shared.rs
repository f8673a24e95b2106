//! The handle every request and background task shares: the state behind its one lock, the
//! configuration and credentials, and `apply`, the way to change the state (it flushes the pushes the
//! change queued, then schedules the bot replies it asked for).

use crate::auth::{Credentials, HostPolicy};
use crate::bot;
use crate::config::EmulatorConfig;
use crate::state::State;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct Shared {
    state: Mutex<State>,
    pub cfg: Arc<EmulatorConfig>,
    pub credentials: Credentials,
    pub hosts: HostPolicy,
    /// `http://HOST:PORT`.
    pub base_url: String,
    started: Instant,
}

impl Shared {
    /// The state of a fresh emulator bound to `addr`; unset agent and control tokens are generated.
    pub fn new(cfg: Arc<EmulatorConfig>, addr: SocketAddr) -> Shared {
        Shared {
            state: Mutex::new(State::new(cfg.clone())),
            credentials: Credentials::from_config(&cfg),
            hosts: HostPolicy::new(&cfg, addr),
            cfg,
            base_url: format!("http://{addr}"),
            started: Instant::now(),
        }
    }

    /// Locks the state; a poisoned lock is recovered (handlers do not panic, but never wedge if one did).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` under the lock, flushes the frames it queued, then starts any bot replies it asked for.
    pub fn apply<R>(self: &Arc<Self>, f: impl FnOnce(&mut State) -> R) -> R {
        let (r, jobs) = {
            let mut st = self.lock();
            let r = f(&mut st);
            st.flush();
            (r, std::mem::take(&mut st.bot_jobs))
        };
        for (chat_id, text) in jobs {
            self.spawn_bot_reply(chat_id, text);
        }
        r
    }

    /// Milliseconds since the emulator started.
    pub fn millis(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// The bot answers `text` in `chat_id`: after half its delay it starts typing, after the full
    /// delay it replies. Each step takes the lock on its own, so the chat may change in between.
    fn spawn_bot_reply(self: &Arc<Self>, chat_id: String, text: String) {
        let shared = self.clone();
        let delay = Duration::from_millis(self.cfg.bot_delay_ms);
        tokio::spawn(async move {
            tokio::time::sleep(delay / 2).await;
            let Some(bot) = shared.apply(|st| bot::start_typing(st, &chat_id)) else {
                return;
            };
            tokio::time::sleep(delay).await;
            shared.apply(|st| bot::reply(st, &chat_id, &bot, &text));
        });
    }
}
