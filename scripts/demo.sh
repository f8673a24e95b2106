#!/usr/bin/env bash
# The main job: a live chat against the embedded emulator (no network, nothing to set up).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --example quickstart
