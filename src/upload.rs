//! `upload_file`: returns at once with an `UploadHandle` (cancel + result); progress reaches an
//! optional host `UploadProgressListener`.

use std::sync::Arc;

use crate::host::Host;
use crate::runtime::{blocking, spawned};
use crate::types::UploadedFile;
use crate::ChatError;
use livechat_core as core;

/// Receives upload progress, a fraction from 0.0 to 1.0, on an SDK thread. Keep it fast.
#[uniffi::export(with_foreign)]
pub trait UploadProgressListener: Send + Sync {
    fn on_progress(&self, progress: f64) -> Result<(), ChatError>;
}

pub(crate) fn progress_callback(
    listener: Arc<dyn UploadProgressListener>,
) -> core::upload::ProgressCallback {
    let listener = Host::new(listener);
    Arc::new(move |progress| {
        if let Some(Err(error)) = listener.call(|l| l.on_progress(progress)) {
            tracing::warn!(%error, "an upload progress listener failed");
        }
    })
}

/// A running upload (the docs' `{promise, cancel}`).
#[derive(uniffi::Object)]
pub struct UploadHandle {
    upload: Arc<core::upload::Upload>,
}

impl UploadHandle {
    pub(crate) fn new(upload: core::upload::Upload) -> Arc<Self> {
        Arc::new(UploadHandle {
            upload: Arc::new(upload),
        })
    }
}

#[uniffi::export]
impl UploadHandle {
    /// Cancels the upload: `result` then fails with `UPLOAD_CANCELED`. No effect once settled.
    pub fn cancel(&self) {
        self.upload.cancel();
    }

    /// Waits for the outcome: the file's URL, or `TOO_BIG_FILE`, `UPLOAD_CANCELED`,
    /// `UPLOAD_FAILED`, `REQUEST_TIMEOUT`, a server code. Can be taken once.
    pub fn result(&self) -> Result<UploadedFile, ChatError> {
        let upload = self.upload.clone();
        blocking(async move { upload.result().await.map(Into::into) })
    }

    /// Async twin of `result`.
    pub async fn result_async(&self) -> Result<UploadedFile, ChatError> {
        let upload = self.upload.clone();
        spawned(async move { upload.result().await.map(Into::into) }).await
    }
}
