# The one build every later stage uses: the whole workspace, release profile, with test targets.
set -euo pipefail
cd "$ROOT"
cargo build --release --workspace --all-targets
