#!/usr/bin/env bash
# Generates everything uniffi-bindgen-react-native (ubrn) produces from the release cdylib; nothing of it
# is committed (see .gitignore):
#   src/generated/        TypeScript API (JSI flavour) + Turbo Module installer (index.tsx) + Codegen spec
#   cpp/                  JSI C++ bindings + Turbo Module C++ (compiled by the app's Android/iOS build)
#   android/ ios/ *.podspec   Turbo Module platform glue
#   generated/napi/       the same TypeScript API in the N-API flavour, for the Node tests
# Needs: npm ci done here, and `cargo build --release` of the workspace (liblivechat.so).
# The ubrn CLI is a Rust program shipped as source in the npm package; it is compiled once into
# $TARGET_DIR/ubrn (debug: it is a code generator, and debug builds in half the time), which survives `npm ci`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${TARGET_DIR:-$root/target}"
lib="$target/release/liblivechat.so"
[[ -f "$lib" ]] || { echo "missing $lib: run cargo build --release first" >&2; exit 1; }

ubrn_src="$here/node_modules/uniffi-bindgen-react-native"
[[ -d "$ubrn_src" ]] || { echo "missing $ubrn_src: run npm ci in $here first" >&2; exit 1; }
CARGO_TARGET_DIR="$target/ubrn" cargo build --quiet --manifest-path "$ubrn_src/crates/ubrn_cli/Cargo.toml"
ubrn="$target/ubrn/debug/uniffi-bindgen-react-native"

rm -rf "$here/src/generated" "$here/cpp" "$here/generated" "$here/android" "$here/ios"
# Library mode must run from the cargo workspace root (ubrn runs `cargo metadata` there and reads the
# crate's uniffi.toml, [bindings.typescript]).
(cd "$root" && "$ubrn" generate jsi bindings --library "$lib" --no-format \
  --ts-dir "$here/src/generated" --cpp-dir "$here/cpp/generated")
(cd "$root" && "$ubrn" generate napi bindings --library "$lib" --no-format --lib-absolute \
  --ts-dir "$here/generated/napi")
# The Turbo Module glue reads package.json (codegenConfig) and ubrn.config.yaml from here.
(cd "$here" && "$ubrn" generate jsi turbo-module --config ubrn.config.yaml livechat)
