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

# aarch64 Linux cross toolchain (stage 15 and the packaging stages): the rustup target, Debian's
# cross gcc as linker, and the env cargo, cc-rs (ring's C code) and maturin read.
setup_aarch64_cross() {
  rustup target list --installed | grep -qx aarch64-unknown-linux-gnu ||
    rustup target add aarch64-unknown-linux-gnu
  if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-aarch64-linux-gnu >/dev/null
  fi
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
  export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
  export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
}
