//! `uploadFile`: multipart upload over HTTP with progress and cancellation (`client-behavior.md`
//! §3.10).
//!
//! The upload starts at once on the SDK runtime (like the reference client's promise) and is not
//! gated on the socket. Unlike the reference client it always settles: a failed token fetch, an
//! error body without a type, or a timeout all end in a typed error.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{oneshot, Notify};

use crate::client::Client;
use crate::engine::state::Status;
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::decode;
use crate::transport;
use crate::types::UploadedFile;

/// Largest accepted file: 10 MiB (the reference client's check, the server's limit).
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;
/// Bytes handed to the HTTP stack at a time; progress is reported per chunk.
const CHUNK_BYTES: usize = 64 * 1024;
/// Lower bound of the whole upload's time limit (raised to 8 request timeouts when longer).
const MIN_UPLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// Receives upload progress, a fraction from 0 to 1. Called on an SDK thread.
pub type ProgressCallback = Arc<dyn Fn(f64) + Send + Sync>;

/// `uploadFile` parameters: the file's bytes, name and type, and an optional progress callback.
#[derive(Clone)]
pub struct UploadFileParams {
    pub data: Vec<u8>,
    /// File name sent with the upload (e.g. `photo.jpg`).
    pub name: String,
    /// MIME type; guessed by the server when None.
    pub content_type: Option<String>,
    pub on_progress: Option<ProgressCallback>,
}

impl UploadFileParams {
    pub fn new(data: Vec<u8>, name: impl Into<String>) -> UploadFileParams {
        UploadFileParams {
            data,
            name: name.into(),
            content_type: None,
            on_progress: None,
        }
    }

    /// Reads a file from disk. `TOO_BIG_FILE` (checked before reading) if it exceeds 10 MB.
    pub fn from_path(path: impl AsRef<Path>) -> Result<UploadFileParams> {
        let path = path.as_ref();
        let unreadable = |e: std::io::Error| {
            Error::invalid_argument(format!("Cannot read {}: {e}", path.display()))
        };
        let size = std::fs::metadata(path).map_err(unreadable)?.len();
        if size > MAX_UPLOAD_BYTES {
            return Err(too_big());
        }
        let data = std::fs::read(path).map_err(unreadable)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        Ok(UploadFileParams::new(data, name))
    }
}

impl std::fmt::Debug for UploadFileParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFileParams")
            .field("bytes", &self.data.len())
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

/// Cancels an upload (the docs' `cancel`). Idempotent; no effect once the upload settled.
#[derive(Clone)]
pub struct UploadCancel {
    canceled: Arc<AtomicBool>,
    notify: Arc<Notify>,
}

impl UploadCancel {
    pub fn cancel(&self) {
        self.canceled.store(true, Ordering::Release);
        self.notify.notify_one();
    }

    pub fn is_canceled(&self) -> bool {
        self.canceled.load(Ordering::Acquire)
    }
}

/// A running upload (the docs' `{promise, cancel}`).
pub struct Upload {
    cancel: UploadCancel,
    result: Mutex<Option<oneshot::Receiver<Result<UploadedFile>>>>,
}

impl Upload {
    pub fn cancel_handle(&self) -> UploadCancel {
        self.cancel.clone()
    }

    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Waits for the outcome: `{url}`, `TOO_BIG_FILE`, `UPLOAD_CANCELED`, `UPLOAD_FAILED`,
    /// `REQUEST_TIMEOUT`, or the server's error code. A second call fails with `VALIDATION`.
    pub async fn result(&self) -> Result<UploadedFile> {
        let receiver = self
            .result
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| Error::invalid_argument("The upload's result was already taken."))?;
        receiver
            .await
            .map_err(|_| Error::internal("The upload task ended without a result."))?
    }
}

fn too_big() -> Error {
    Error::new(
        ErrorCode::TooBigFile,
        "The file is too big (max size is 10.00 MB).",
    )
}

fn canceled() -> Error {
    Error::new(ErrorCode::UploadCanceled, "Upload canceled.")
}

fn failed(detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::UploadFailed, format!("Upload failed: {detail}"))
}

impl Client {
    /// `uploadFile`: starts the upload and returns at once. Send the resulting URL in a `file`
    /// event (it expires after 24 h otherwise).
    pub fn upload_file(&self, params: UploadFileParams) -> Upload {
        let cancel = UploadCancel {
            canceled: Arc::new(AtomicBool::new(false)),
            notify: Arc::new(Notify::new()),
        };
        let (tx, rx) = oneshot::channel();
        let upload = Upload {
            cancel: cancel.clone(),
            result: Mutex::new(Some(rx)),
        };
        let early = if params.data.len() as u64 > MAX_UPLOAD_BYTES {
            Some(too_big())
        } else if params.name.trim().is_empty() {
            Some(Error::invalid_argument("The file needs a name."))
        } else if self.status() == Status::Destroyed {
            Some(Error::destroyed())
        } else {
            None
        };
        if let Some(error) = early {
            let _ = tx.send(Err(error));
            return upload;
        }
        let handle = match crate::runtime::handle() {
            Ok(handle) => handle,
            Err(error) => {
                let _ = tx.send(Err(error));
                return upload;
            }
        };
        let client = self.clone();
        handle.spawn(async move {
            let work = client.run_upload(params);
            // Cancel first: a `cancel()` made before this task ran never lets the request start.
            let result = tokio::select! {
                biased;
                _ = canceled_signal(&cancel) => Err(canceled()),
                result = work => result,
            };
            let _ = tx.send(result);
        });
        upload
    }

    async fn run_upload(&self, params: UploadFileParams) -> Result<UploadedFile> {
        let token = self.token().await?;
        let total = params.data.len();
        let progress = params.on_progress.clone();
        let report = move |fraction: f64| {
            if let Some(callback) = &progress {
                // Host code: a panic there must not take the upload down.
                let _ =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| callback(fraction)));
            }
        };
        report(0.0);
        let chunks: Vec<Vec<u8>> = params
            .data
            .chunks(CHUNK_BYTES)
            .map(<[u8]>::to_vec)
            .collect();
        let mut sent = 0usize;
        let report_chunk = report.clone();
        let stream = futures_util::stream::iter(chunks.into_iter().map(move |chunk| {
            sent += chunk.len();
            if total > 0 {
                report_chunk(sent as f64 / total as f64);
            }
            Ok::<Vec<u8>, std::io::Error>(chunk)
        }));
        let mut part = reqwest::multipart::Part::stream_with_length(
            reqwest::Body::wrap_stream(stream),
            total as u64,
        )
        .file_name(params.name.clone());
        if let Some(content_type) = &params.content_type {
            part = part.mime_str(content_type).map_err(|e| {
                Error::invalid_argument(format!("Bad content type {content_type:?}: {e}"))
            })?;
        }
        let form = reqwest::multipart::Form::new().part("file", part);
        let url = format!(
            "{}/action/upload_file?license_id={}",
            self.api_base_url(),
            self.config().license_id
        );
        let timeout = MIN_UPLOAD_TIMEOUT.max(self.config().request_timeout * 8);
        let response = self
            .http()
            .post(url)
            .header(reqwest::header::AUTHORIZATION, token.authorization())
            .multipart(form)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    Error::timeout()
                } else {
                    failed(e)
                }
            })?;
        let status = response.status();
        let body = transport::read_reply(response).await?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        if !status.is_success() {
            return Err(json
                .as_ref()
                .and_then(decode::wire_error)
                .unwrap_or_else(|| failed(format!("HTTP {status}"))));
        }
        let url = json
            .as_ref()
            .and_then(|v| v.get("url"))
            .and_then(Value::as_str)
            .ok_or_else(|| Error::bad_response("upload_file: the reply has no url."))?;
        if total == 0 {
            report(1.0);
        }
        Ok(UploadedFile {
            url: url.to_owned(),
        })
    }
}

/// Resolves once `cancel()` was called (also if it was called before this started waiting).
async fn canceled_signal(cancel: &UploadCancel) {
    loop {
        let notified = cancel.notify.notified();
        if cancel.is_canceled() {
            return;
        }
        notified.await;
    }
}
