#!/usr/bin/env bash
# Size of the native library apps ship: the cdylib in the `dist` profile (LTO, opt-level s, stripped),
# next to the stripped release build CI tests, for comparison. Target: <= 3 MiB.
#   bash benches/cdylib-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB (%d bytes)", b / 1048576, b }'; }
start=$(date +%s)
cargo build --profile dist --lib -p livechat-customer-sdk
echo "dist build: $(( $(date +%s) - start ))s"
dist="$TARGET_DIR/dist/liblivechat.so"
echo "dist (LTO, opt-level s, stripped):   $(mib "$(stat -c %s "$dist")")"
release="$TARGET_DIR/release/liblivechat.so"
if [[ -f "$release" ]]; then
  tmp=$(mktemp); strip -o "$tmp" "$release"
  echo "release, stripped (what CI tests): $(mib "$(stat -c %s "$tmp")")"
  rm -f "$tmp"
fi
