//! `uploadFile`: multipart upload to the emulator, progress, the 10 MB limit, cancellation and
//! failures.

use std::sync::{Arc, Mutex};

use crate::support::TestEnv;
use livechat_core::upload::{UploadFileParams, MAX_UPLOAD_BYTES};
use livechat_core::ErrorCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_returns_a_url_serving_the_bytes_with_progress_to_one() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let progress = Arc::new(Mutex::new(Vec::<f64>::new()));
    let seen = progress.clone();
    let mut params = UploadFileParams::new(data.clone(), "photo.png");
    params.content_type = Some("image/png".into());
    params.on_progress = Some(Arc::new(move |p| seen.lock().unwrap().push(p)));
    let uploaded = me.client.upload_file(params).result().await.unwrap();
    let fetched = env.http.get(&uploaded.url).send().await.unwrap();
    assert!(fetched.status().is_success());
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), data.as_slice());
    let progress = progress.lock().unwrap().clone();
    assert!(
        progress.len() >= 3,
        "several progress reports: {progress:?}"
    );
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "monotonic: {progress:?}"
    );
    assert_eq!(progress.first(), Some(&0.0));
    assert_eq!(progress.last(), Some(&1.0));
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_over_10_mb_is_too_big_file_before_sending() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // Anything sent would fail with this instead.
    env.fail_next("upload_file", "internal", 1).await;
    let too_big = vec![0u8; MAX_UPLOAD_BYTES as usize + 1];
    let err = me
        .client
        .upload_file(UploadFileParams::new(too_big, "big.bin"))
        .result()
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TooBigFile);
    assert_eq!(err.message, "The file is too big (max size is 10.00 MB).");
    // Exactly 10 MB is allowed; the injected failure proves this one was sent.
    let at_limit = vec![0u8; MAX_UPLOAD_BYTES as usize];
    let err = me
        .client
        .upload_file(UploadFileParams::new(at_limit, "limit.bin"))
        .result()
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_from_path_checks_the_size_first() {
    let dir = std::env::temp_dir().join(format!("livechat-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.bin");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_UPLOAD_BYTES + 1).unwrap();
    let err = UploadFileParams::from_path(&big).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooBigFile);
    let small = dir.join("note.txt");
    std::fs::write(&small, b"hello").unwrap();
    let params = UploadFileParams::from_path(&small).unwrap();
    assert_eq!((params.name.as_str(), params.data.len()), ("note.txt", 5));
    assert_eq!(
        UploadFileParams::from_path(dir.join("missing"))
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_canceled_is_upload_canceled() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // The server holds the upload long enough for the cancel to land first.
    env.control("delay", json!({"action": "upload_file", "ms": 10_000}))
        .await;
    let upload = me
        .client
        .upload_file(UploadFileParams::new(vec![1u8; 4096], "a.txt"));
    upload.cancel();
    upload.cancel(); // idempotent
    let err = upload.result().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::UploadCanceled);
    assert_eq!(err.message, "Upload canceled.");
    env.control("delay", json!({"action": "upload_file", "ms": 0}))
        .await;
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_server_error_keeps_its_code() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    env.fail_next("upload_file", "service_unavailable", 1).await;
    let err = me
        .client
        .upload_file(UploadFileParams::new(b"x".to_vec(), "x.txt"))
        .result()
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ServiceUnavailable);
    // An executable is refused by the server with a validation error.
    let err = me
        .client
        .upload_file(UploadFileParams::new(b"MZ".to_vec(), "setup.exe"))
        .result()
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    env.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_without_a_server_is_upload_failed() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    // Take the token now so the upload only lacks the server.
    me.client.auth_get_token().await.unwrap();
    env.shutdown().await;
    let err = me
        .client
        .upload_file(UploadFileParams::new(b"x".to_vec(), "x.txt"))
        .result()
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::UploadFailed, "{err}");
    me.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_file_after_destroy_is_sdk_destroyed() {
    let env = TestEnv::start().await;
    let me = env.customer().await;
    me.client.destroy().await.unwrap();
    let upload = me
        .client
        .upload_file(UploadFileParams::new(b"x".to_vec(), "x.txt"));
    assert_eq!(
        upload.result().await.unwrap_err().code,
        ErrorCode::SdkDestroyed
    );
    // The result can be taken once.
    assert_eq!(
        upload.result().await.unwrap_err().code,
        ErrorCode::Validation
    );
    env.shutdown().await;
}
