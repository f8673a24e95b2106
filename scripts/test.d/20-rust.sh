# Rust unit and integration tests (SDK and emulator) against the in-process emulator.
set -euo pipefail
cd "$ROOT"
cargo test --release --workspace
