//! `uniffi-bindgen generate target/release/liblivechat.so --language <kotlin|swift|python> --out-dir <dir>`
//! (run from the workspace root). It must match the SDK's uniffi version exactly, hence this crate.
fn main() {
    uniffi::uniffi_bindgen_main()
}
