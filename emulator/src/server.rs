//! The running emulator: shared state handle, HTTP router, background sweeper, start/shutdown.

use crate::auth::{Credentials, HostPolicy};
use crate::config::EmulatorConfig;
use crate::send_queue::Out;
use crate::state::State;
use crate::{bot, http, serve};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

pub struct Shared {
    state: Mutex<State>,
    pub cfg: Arc<EmulatorConfig>,
    pub credentials: Credentials,
    pub hosts: HostPolicy,
    pub base_url: String,
    started: Instant,
}

impl Shared {
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
            bot::spawn(self.clone(), chat_id, text);
        }
        r
    }

    pub fn millis(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

/// A running emulator. Dropping it stops the server too; `shutdown` also waits for the sockets to close.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    sweeper: JoinHandle<()>,
}

impl Emulator {
    /// Binds `config.listen` (default `127.0.0.1:0`) and serves until `shutdown`. Unset agent and
    /// control tokens are generated here (see `agent_token`, `control_token`).
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        config
            .validate()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        let listener = tokio::net::TcpListener::bind(config.listen.as_str()).await?;
        let addr = listener.local_addr()?;
        let cfg = Arc::new(config);
        let mut state = State::new(cfg.clone());
        state.base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            credentials: Credentials::from_config(&cfg),
            hosts: HostPolicy::new(&cfg, addr),
            cfg,
            base_url: format!("http://{addr}"),
            started: Instant::now(),
        });
        let app = http::router(shared.clone());
        let header_timeout = Duration::from_secs(shared.cfg.limits.header_read_timeout_secs);
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve::serve(listener, app, header_timeout, stop_rx));
        let sweeper = tokio::spawn(sweep(shared.clone()));
        Ok(Emulator {
            shared,
            addr,
            stop: Some(stop_tx),
            server: Some(server),
            sweeper,
        })
    }

    /// `http://127.0.0.1:PORT`: region dal, the token endpoint, the agent and control APIs.
    pub fn url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// `http://127.0.0.1:PORT/<region>` (API origin of that region).
    pub fn region_url(&self, region: &str) -> String {
        format!("{}/{region}", self.shared.base_url)
    }

    /// `ws://127.0.0.1:PORT[/region]/v3.3/customer/rtm/ws?license_id=N`.
    pub fn rtm_url(&self, region: Option<&str>, license_id: u64) -> String {
        let base = match region {
            Some(r) => self.region_url(r),
            None => self.url(),
        };
        format!(
            "{}/v3.3/customer/rtm/ws?license_id={license_id}",
            base.replacen("http://", "ws://", 1)
        )
    }

    /// Bearer token of the default human agent on the Agent API (configured, or random).
    pub fn agent_token(&self) -> &str {
        &self.shared.credentials.agent_token
    }

    /// Bearer token the control API requires (configured, or random).
    pub fn control_token(&self) -> &str {
        &self.shared.credentials.control_token
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes every socket, and returns when the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.sweeper.abort();
        self.shared.apply(|st| {
            let ids: Vec<u64> = st.conns.keys().copied().collect();
            for id in ids {
                if let Some(c) = st.conns.get_mut(&id) {
                    c.closing = true;
                }
                st.send(id, Out::Close(1001, "emulator shutting down"));
            }
        });
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        // Give clients a moment to answer the close frame, then drop whoever did not.
        for round in 0..150 {
            if self.shared.lock().conns.is_empty() {
                break;
            }
            if round == 50 {
                self.shared.apply(|st| {
                    let ids: Vec<u64> = st.conns.keys().copied().collect();
                    for id in ids {
                        st.send(id, Out::Drop);
                    }
                });
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.sweeper.abort();
    }
}

/// Login deadline, keep-alive pings, idle cut, inactivity timeout, token and upload expiry. Every 25 ms the
/// sweeper checks the next slice (1/40) of the connections, so each is checked about once a second, the
/// lock is held only briefly even with 10,000 sockets, and pings spread evenly over time.
async fn sweep(shared: Arc<Shared>) {
    let lim = shared.cfg.limits.clone();
    let mut tick = tokio::time::interval(Duration::from_millis(25));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ping_every = Duration::from_secs(lim.ping_interval_secs.max(1));
    let login_timeout = Duration::from_secs(lim.login_timeout_secs);
    let inactivity = Duration::from_secs(lim.inactivity_timeout_secs);
    let mut cursor: u64 = 0;
    loop {
        tick.tick().await;
        let now_ms = shared.millis();
        shared.apply(|st| {
            let now = Instant::now();
            st.files.expire(now);
            let per_tick = (st.conns.len() / 40).max(16);
            let mut cut: Vec<(u64, &'static str)> = Vec::new();
            let mut inactive: Vec<String> = Vec::new();
            let mut pings: Vec<u64> = Vec::new();
            let mut seen = 0;
            let mut last = None;
            let (conns, tokens, customers) = (&mut st.conns, &st.tokens, &st.customers);
            for (id, c) in conns.range_mut(cursor..).take(per_tick) {
                seen += 1;
                last = Some(*id);
                if c.closing {
                    continue;
                }
                if now.duration_since(c.last_ping) >= ping_every {
                    c.last_ping = now;
                    pings.push(*id);
                }
                match &c.customer_id {
                    None => {
                        if now.duration_since(c.opened_at) >= login_timeout {
                            cut.push((*id, "connection_timeout"));
                        }
                    }
                    Some(cid) => {
                        let idle = now_ms.saturating_sub(c.last_rx.load(Ordering::Relaxed));
                        if idle >= lim.idle_timeout_secs * 1000 {
                            cut.push((*id, "connection_timeout"));
                        } else if c
                            .token
                            .as_ref()
                            .and_then(|t| tokens.get(t))
                            .map_or(true, |t| t.expires_at <= now)
                        {
                            cut.push((*id, "access_token_expired"));
                        } else if customers
                            .get(cid)
                            .is_some_and(|cu| now.duration_since(cu.last_activity) >= inactivity)
                        {
                            inactive.push(cid.clone());
                        }
                    }
                }
            }
            cursor = match last {
                Some(id) if seen == per_tick => id + 1,
                _ => 0,
            };
            for (id, reason) in cut {
                st.disconnect_conn(id, reason, None);
            }
            inactive.sort();
            inactive.dedup();
            for cid in inactive {
                st.disconnect_customer(&cid, "inactivity_timeout", None);
            }
            for id in pings {
                st.send(id, Out::Ping);
            }
        });
    }
}
