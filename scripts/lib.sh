# Shared helpers for the scripts (sourced).
export CARGO_TERM_COLOR=never
# One profile for everything: release (benchmarks and bindings need it; tests reuse the same artifacts).
export CARGO_PROFILE=release
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

run_stage() { # name cmd...
  local name=$1; shift
  local start=$(date +%s)
  echo "== stage $name"
  if "$@"; then
    echo "== stage $name: ok in $(( $(date +%s) - start ))s"
  else
    echo "== stage $name: FAILED after $(( $(date +%s) - start ))s"
    return 1
  fi
}
