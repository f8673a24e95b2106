# React Native binding: npm ci, ubrn code generation (JSI Turbo Module + N-API flavour), tsc typecheck of
# the package (hand-written entry + generated TS against the react-native types), then the same TS API run
# for real in Node (node --test, through @ubjs/node) against the release cdylib and the emulator binary.
# The JSI C++ is generated but not compiled here (no Android NDK / Xcode / Hermes).
set -euo pipefail
cd "$ROOT/bindings/react-native"
for f in liblivechat.so livechat-emulator; do
  [[ -e "$TARGET_DIR/release/$f" ]] || { echo "missing $TARGET_DIR/release/$f (stage 10 builds it)"; exit 1; }
done
step() { # name cmd...: runs one step, prints its time
  local name=$1; shift
  local start=$(date +%s)
  "$@"
  echo "react-native: $name in $(( $(date +%s) - start ))s"
}
step "npm ci" npm ci --no-audit --no-fund --loglevel=error
# First run compiles the ubrn CLI (~5 min on 2 cores) into $TARGET_DIR/ubrn; later runs reuse it.
step "ubrn generate" bash scripts/generate.sh
step "tsc typecheck" npx --no-install tsc --noEmit -p tsconfig.json
step "node tests" node --import tsx --test --test-reporter=spec test/*.test.ts
