//! Any bytes as a server frame, through every decoder the SDK applies to server input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = livechat_core::fuzz::decode_server_frame(data);
});
