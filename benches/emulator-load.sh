#!/usr/bin/env bash
# Emulator load benchmark (prints figures; not a test): 10,000 concurrent logged-in customers and the
# agent -> customer relay latency at 1,000 messages/s. Everything runs on loopback and stops by itself.
#   bash benches/emulator-load.sh [load options, e.g. --customers 10000 --chats 1000 --rate 1000 --seconds 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# 10,000 sockets on each side: raise the soft fd limit to the hard one (both processes inherit it).
ulimit -n "$(ulimit -Hn)"
echo "fd limit: $(ulimit -n); cores: $(nproc)"

cargo build --release -p livechat-emulator --bin livechat-emulator --example load
bin="$TARGET_DIR/release/livechat-emulator"
load="$TARGET_DIR/release/examples/load"

out=$(mktemp)
"$bin" --listen 127.0.0.1:0 >"$out" 2>/dev/null &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; rm -f "$out"' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$out")
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { echo "emulator did not start"; exit 1; }
# Printed before the "listening on" line.
agent_token=$(sed -n 's/^agent token: //p' "$out")
control_token=$(sed -n 's/^control token: //p' "$out")

"$load" --url "$url" --agent-token "$agent_token" --control-token "$control_token" --emulator-pid "$emu_pid" "$@"
