//! A connection's outgoing frames: a channel with a byte budget. Frames pile up when a client stops
//! reading; once `send_queue_bytes` are waiting, the connection is evicted: its writer stops and the
//! socket is dropped without a close frame (the client is not reading; a close frame would wait
//! behind the rest). One stuck client thus costs bounded memory and delays nobody else.

use axum::extract::ws::Utf8Bytes;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, Notify};

/// What a connection's writer task is told to do.
#[derive(Debug, Clone)]
pub enum Out {
    Text(Utf8Bytes),
    Ping,
    /// Send a close frame, then end the connection.
    Close(u16, &'static str),
    /// End the connection without a close frame.
    Drop,
}

struct Budget {
    queued: AtomicUsize,
    limit: usize,
    evicted: Notify,
}

#[derive(Clone)]
pub struct Sender {
    tx: mpsc::UnboundedSender<Out>,
    budget: Arc<Budget>,
}

pub struct Receiver {
    rx: mpsc::UnboundedReceiver<Out>,
    budget: Arc<Budget>,
}

/// The queue was over budget: the connection is being evicted.
#[derive(Debug)]
pub struct Evicted;

pub fn channel(limit_bytes: usize) -> (Sender, Receiver) {
    let (tx, rx) = mpsc::unbounded_channel();
    let budget = Arc::new(Budget {
        queued: AtomicUsize::new(0),
        limit: limit_bytes,
        evicted: Notify::new(),
    });
    (
        Sender {
            tx,
            budget: budget.clone(),
        },
        Receiver { rx, budget },
    )
}

/// Bytes a frame holds while queued (control frames are tiny).
fn size(out: &Out) -> usize {
    match out {
        Out::Text(t) => t.len(),
        _ => 0,
    }
}

impl Sender {
    /// Queues `out`, or evicts the connection if the frames already waiting reach the budget (one
    /// frame may exceed it alone, so a large response to a reading client always goes out).
    pub fn send(&self, out: Out) -> Result<(), Evicted> {
        if self.budget.queued.load(Ordering::Relaxed) >= self.budget.limit {
            self.budget.evicted.notify_one();
            return Err(Evicted);
        }
        self.budget.queued.fetch_add(size(&out), Ordering::Relaxed);
        // A closed channel means the connection is already going away.
        let _ = self.tx.send(out);
        Ok(())
    }
}

impl Receiver {
    pub async fn recv(&mut self) -> Option<Out> {
        let out = self.rx.recv().await?;
        Some(self.taken(out))
    }

    pub fn try_recv(&mut self) -> Option<Out> {
        let out = self.rx.try_recv().ok()?;
        Some(self.taken(out))
    }

    fn taken(&self, out: Out) -> Out {
        self.budget.queued.fetch_sub(size(&out), Ordering::Relaxed);
        out
    }

    /// Resolves once the connection has been evicted.
    pub fn eviction(&self) -> impl Future<Output = ()> + Send + 'static {
        let budget = self.budget.clone();
        async move { budget.evicted.notified().await }
    }
}
