# Python binding: build the wheel with maturin (UniFFI bindings), install it into a venv under
# target/, run the pytest suite against the emulator binary.
set -euo pipefail
cd "$ROOT"
venv="$TARGET_DIR/py-venv"
if [[ ! -x "$venv/bin/pytest" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q maturin==1.16.0 pytest==9.2.0 pytest-asyncio==1.5.0
fi

# Stage 10 built the SDK, the emulator and the workspace's uniffi-bindgen in release.
[[ -x "$TARGET_DIR/release/uniffi-bindgen" && -x "$TARGET_DIR/release/livechat-emulator" ]] ||
  cargo build --release -p livechat-customer-sdk -p livechat-emulator -p uniffi-bindgen

# maturin generates the Python module with `cargo run --bin uniffi-bindgen` (a second, debug build
# of the bindgen, and it fails anyway because uniffi-bindgen is not a default member). This shim
# answers exactly that one command with the release bindgen stage 10 built; any other cargo
# command goes to the real cargo. maturin itself re-links only the SDK crate (`cargo rustc
# --crate-type cdylib -C strip=symbols`), reusing every dependency of the release build.
shim="$TARGET_DIR/py-cargo-shim"
mkdir -p "$shim"
cat > "$shim/cargo" <<SHIM
#!/usr/bin/env bash
if [[ "\${1:-} \${2:-} \${3:-}" == "run --bin uniffi-bindgen" ]]; then
  exec "$TARGET_DIR/release/uniffi-bindgen" "\${@:4}"
fi
exec "$(command -v cargo)" "\$@"
SHIM
chmod +x "$shim/cargo"

wheels="$TARGET_DIR/py-wheels"
rm -rf "$wheels"
(cd bindings/python && PATH="$shim:$PATH" "$venv/bin/maturin" build --release --out "$wheels")
"$venv/bin/pip" install -q --force-reinstall --no-deps "$wheels"/livechat_customer_sdk-*.whl

export LIVECHAT_EMULATOR="$TARGET_DIR/release/livechat-emulator"
cd bindings/python
"$venv/bin/pytest" -q -p no:cacheprovider tests
