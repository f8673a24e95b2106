//! The HTTP/1 accept loop. Ours rather than `axum::serve`, which has no header-read timeout: here a
//! connection must deliver each request's headers within `header_read_timeout_secs` (idle keep-alive
//! included), so slowloris clients cannot hold sockets open.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

/// Serves `app` until `stop` fires (or its sender is dropped), then lets the requests in flight
/// finish and returns when every connection has closed. Upgraded WebSockets are not waited for.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    mut stop: oneshot::Receiver<()>,
) {
    let (shutdown, shutdown_rx) = watch::channel(false);
    loop {
        let tcp = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        // No Nagle: pushes are small and latency matters more than packet count.
        let _ = tcp.set_nodelay(true);
        tokio::spawn(connection(
            tcp,
            app.clone(),
            header_timeout,
            shutdown_rx.clone(),
        ));
    }
    drop(listener);
    let _ = shutdown.send(true);
    drop(shutdown_rx);
    // Resolves once every connection task has dropped its receiver.
    shutdown.closed().await;
}

async fn connection(
    tcp: TcpStream,
    app: Router,
    header_timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder
        .serve_connection(TokioIo::new(tcp), TowerToHyperService::new(app))
        .with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = shutdown.wait_for(|stopping| *stopping) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
