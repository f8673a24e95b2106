# Cross build of the SDK's cdylib for aarch64 Linux: $TARGET_DIR/aarch64-unknown-linux-gnu/release/liblivechat.so.
# Packaging stages reuse it (the Python stage builds the aarch64 wheel on top; the Kotlin packaging can
# ship the .so). Installs what it needs: the rustup target and Debian's cross gcc (the linker).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
setup_aarch64_cross
start=$(date +%s)
# The same cargo command maturin runs for a wheel (`cargo rustc --lib --crate-type cdylib`), so the
# Python stage's `maturin build --target aarch64-unknown-linux-gnu` finds everything fresh.
cargo rustc --release --target aarch64-unknown-linux-gnu -p livechat-customer-sdk --lib --crate-type cdylib
lib="$TARGET_DIR/aarch64-unknown-linux-gnu/release/liblivechat.so"
file "$lib" 2>/dev/null || ls -l "$lib"
echo "aarch64 cross build: $(( $(date +%s) - start ))s ($(stat -c %s "$lib") bytes)"
