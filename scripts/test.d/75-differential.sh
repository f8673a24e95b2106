# Differential suite (differential/README.md): the same scenarios run with the official
# @livechat/customer-sdk@3.0.0 (stage 30's package, in the conformance harness) and with our React Native
# package (stage 70's generated N-API flavour) against one emulator per scenario; the normalised recordings
# must be equal up to differential/known-differences.json (listed in docs/parity.md).
set -euo pipefail
bin="$TARGET_DIR/release/livechat-emulator"
[[ -x "$bin" ]] || { echo "missing $bin (stage 10 builds it)"; exit 1; }
[[ -f "$ROOT/bindings/react-native/generated/napi/index.ts" ]] || { echo "missing the generated RN package (stage 70 generates it)"; exit 1; }
[[ -d "$ROOT/bindings/react-native/node_modules" ]] || { echo "missing bindings/react-native/node_modules (stage 70 installs them)"; exit 1; }
if [[ ! -d "$ROOT/emulator/conformance/node_modules/@livechat/customer-sdk" ]]; then
  (cd "$ROOT/emulator/conformance" && npm ci --no-audit --no-fund --loglevel=error)
fi
cd "$ROOT/bindings/react-native" # tsx and @ubjs/node resolve from here
LIVECHAT_EMULATOR_BIN="$bin" node --import tsx ../../differential/run.ts
