# The official @livechat/customer-sdk@3.0.0 (Node 20) against the release emulator binary built by stage 10.
set -euo pipefail
cd "$ROOT/emulator/conformance"
bin="$TARGET_DIR/release/livechat-emulator"
[[ -x "$bin" ]] || { echo "missing $bin (stage 10 builds it)"; exit 1; }
npm ci --no-audit --no-fund
LIVECHAT_EMULATOR_BIN="$bin" npm test
