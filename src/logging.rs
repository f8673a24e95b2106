//! The log bridge: the SDK logs with `tracing`; this layer forwards records at or above the
//! chosen level to the host's `LogSink` (default: stderr), so mobile apps see SDK logs in their
//! own logger. Filtering happens here, before anything crosses the FFI.
//!
//! - A host sink is called on a thread of its own (`livechat-log`), fed by a bounded queue: a
//!   slow sink never delays the SDK (records beyond the queue are dropped and counted), and no
//!   host code runs on the runtime's workers.
//! - The sink is snapshotted out of its lock before it is called (no lock held during the call).
//! - Records produced by a sink calling back into the SDK are dropped (no recursion).
//! - Fields whose name mentions a token or authorization are redacted (belt and braces: the core
//!   never logs tokens).
//! - A panic anywhere in the SDK is logged at error level before the previous panic hook runs.

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, Once, OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

use crate::ChatError;

/// Log severity (named `LogLevel`, not `Level`: that name clashes in Swift/Kotlin hosts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, uniffi::Enum)]
pub enum LogLevel {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

impl LogLevel {
    fn of(level: &tracing::Level) -> LogLevel {
        match *level {
            tracing::Level::ERROR => LogLevel::Error,
            tracing::Level::WARN => LogLevel::Warn,
            tracing::Level::INFO => LogLevel::Info,
            tracing::Level::DEBUG => LogLevel::Debug,
            tracing::Level::TRACE => LogLevel::Trace,
        }
    }
}

/// One log line: level, the Rust module it came from, and the message with its fields.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    pub level: LogLevel,
    pub target: String,
    pub message: String,
}

/// Receives SDK log records, on whichever SDK thread logged. Keep it fast; an exception here is
/// ignored.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    fn log(&self, record: LogRecord) -> Result<(), ChatError>;
}

/// Routes SDK logs to `sink` instead of stderr.
#[uniffi::export]
pub fn set_log_sink(sink: Arc<dyn LogSink>) {
    install();
    replace_sink(Some(sink));
}

/// Back to the default sink (stderr).
#[uniffi::export]
pub fn clear_log_sink() {
    replace_sink(None);
}

/// The old sink is dropped after the lock is released: dropping a host object may call into the host.
fn replace_sink(sink: Option<Arc<dyn LogSink>>) {
    let old = std::mem::replace(&mut *SINK.write().unwrap_or_else(|p| p.into_inner()), sink);
    drop(old);
}

/// The most verbose level forwarded (default `Warn`).
#[uniffi::export]
pub fn set_log_level(level: LogLevel) {
    install();
    MAX_LEVEL.store(level as u8, Ordering::Relaxed);
}

static SINK: RwLock<Option<Arc<dyn LogSink>>> = RwLock::new(None);
/// Records waiting for the host sink.
const LOG_QUEUE: usize = 1024;
static DROPPED: AtomicU64 = AtomicU64::new(0);
static MAX_LEVEL: AtomicU8 = AtomicU8::new(LogLevel::Warn as u8);
static INSTALL: Once = Once::new();

thread_local! {
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// Installs the bridge as the process's tracing subscriber, once. If the host process already
/// has a global subscriber (a Rust host), that one is kept and receives the SDK's logs.
pub(crate) fn install() {
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::registry().with(HostLayer);
        let _ = tracing::subscriber::set_global_default(subscriber);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            tracing::error!(target: "livechat::panic", "panic: {info}");
            previous(info);
        }));
    });
}

struct HostLayer;

impl<S: tracing::Subscriber> Layer<S> for HostLayer {
    /// "Sometimes": the level can change at run time, so `enabled` is asked at every event
    /// instead of the answer being cached per call site.
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        LogLevel::of(metadata.level()) as u8 <= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if IN_SINK.with(Cell::get) {
            return;
        }
        let metadata = event.metadata();
        let level = LogLevel::of(metadata.level());
        if level as u8 > MAX_LEVEL.load(Ordering::Relaxed) {
            return;
        }
        let mut message = MessageVisitor::default();
        event.record(&mut message);
        let record = LogRecord {
            level,
            target: metadata.target().to_owned(),
            message: message.text,
        };
        let has_sink = SINK.read().unwrap_or_else(|p| p.into_inner()).is_some();
        if !has_sink {
            return eprintln!(
                "[livechat {:?}] {}: {}",
                record.level, record.target, record.message
            );
        }
        if let Some(queue) = log_thread() {
            let queue = queue.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(TrySendError::Full(_)) = queue.try_send(record) {
                DROPPED.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// The thread that calls the host sink, started with the first record for it.
fn log_thread() -> Option<&'static Mutex<SyncSender<LogRecord>>> {
    static QUEUE: OnceLock<Option<Mutex<SyncSender<LogRecord>>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (tx, rx) = sync_channel::<LogRecord>(LOG_QUEUE);
            let started = std::thread::Builder::new()
                .name("livechat-log".into())
                .spawn(move || {
                    // Whatever a sink logs while it runs is dropped (see `on_event`).
                    IN_SINK.with(|flag| flag.set(true));
                    for mut record in rx {
                        let dropped = DROPPED.swap(0, Ordering::Relaxed);
                        if dropped > 0 {
                            let _ = write!(record.message, " ({dropped} records dropped before this one: the log sink was too slow)");
                        }
                        let sink = SINK.read().unwrap_or_else(|p| p.into_inner()).clone();
                        if let Some(sink) = sink {
                            let _ = crate::host::call(|| sink.log(record));
                        }
                    }
                });
            started.ok().map(|_| Mutex::new(tx))
        })
        .as_ref()
}

#[derive(Default)]
struct MessageVisitor {
    text: String,
}

fn secret(field: &Field) -> bool {
    let name = field.name().to_ascii_lowercase();
    name.contains("token") || name.contains("authorization") || name.contains("cookie")
}

impl Visit for MessageVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        match (field.name(), secret(field)) {
            ("message", _) => {
                let _ = write!(self.text, "{value:?}");
            }
            (name, true) => {
                let _ = write!(self.text, "{name}=<redacted>");
            }
            (name, false) => {
                let _ = write!(self.text, "{name}={value:?}");
            }
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" || secret(field) {
            return self.record_debug(field, &format_args!("{value}"));
        }
        self.record_debug(field, &value)
    }
}
