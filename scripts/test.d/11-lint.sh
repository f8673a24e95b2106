# Gates: formatting, a true MSRV, clippy without warnings (every workspace target). Runs right after
# the build so a red gate costs little; clippy checks in its own (metadata-only) artifacts.
set -euo pipefail
cd "$ROOT"
step() { local name=$1; shift; local t=$(date +%s); "$@"; echo "lint: $name ok in $(( $(date +%s) - t ))s"; }
step "cargo fmt --check" cargo fmt --all --check
step "msrv" python3 scripts/check-msrv.py
step "clippy" cargo clippy --release --workspace --all-targets -q -- -D warnings
