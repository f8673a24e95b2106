//! The running emulator: start (bind, serve the routes, run the sweeper), its URLs and tokens,
//! shutdown.

use crate::config::EmulatorConfig;
use crate::send_queue::Out;
use crate::shared::Shared;
use crate::{routes, serve, sweeper};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

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
        let shared = Arc::new(Shared::new(Arc::new(config), addr));
        let app = routes::router(shared.clone());
        let header_timeout = Duration::from_secs(shared.cfg.limits.header_read_timeout_secs);
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve::serve(listener, app, header_timeout, stop_rx));
        let sweeper = tokio::spawn(sweeper::sweep(shared.clone()));
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
