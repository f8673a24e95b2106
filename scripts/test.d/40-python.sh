# Python binding, proven from outside: the install commands of bindings/python/README.md as written
# (maturin build of the SDK wheel and of the emulator wheel), the aarch64 wheel (over stage 15's
# cross build), the wheels' tags checked, both installed into a fresh virtualenv outside the tree,
# then there: the README's getting-started app and examples/python/chat.py against the emulator,
# the README's test example and the test suite (on the installed wheel and its emulator fixture),
# and mypy --strict over the package, the tests, the examples and every README block, pyright strict over
# the package, the app blocks and chat.py, basic over the tests and the other blocks.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
step_start=$(date +%s)
step() { # name: prints the time of the previous step
  local now; now=$(date +%s)
  [[ -n "${step_name:-}" ]] && echo "-- ${step_name}: $(( now - step_start ))s"
  step_name=$1; step_start=$now
  [[ -n "$1" ]] && echo "-- $1"
  return 0
}

blocks="$TARGET_DIR/py-readme"
rm -rf "$blocks"
python3 bindings/python/tools/readme_blocks.py bindings/python/README.md "$blocks" >/dev/null
dist="$ROOT/bindings/python/dist"
rm -rf "$dist"
stagevenv=$(mktemp -d)
outside=$(mktemp -d)
trap 'rm -rf "$outside" "$stagevenv"' EXIT

step "README install block as written, in a virtualenv: SDK wheel + emulator wheel (maturin build --release)"
python3 -m venv "$stagevenv/venv"
PATH="$stagevenv/venv/bin:$PATH" bash -euo pipefail "$blocks/install.sh"

step "README cross block: aarch64 wheel (over stage 15's build)"
setup_aarch64_cross
[[ -f "$TARGET_DIR/aarch64-unknown-linux-gnu/release/liblivechat.so" ]] ||
  bash scripts/test.d/15-cross-aarch64.sh
PATH="$stagevenv/venv/bin:$PATH" bash -euo pipefail "$blocks/cross.sh"

step "wheel tags and sizes"
python3 - "$dist" <<'PY'
import pathlib, sys, zipfile
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("*.whl")):
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/WHEEL"))
        tags = [l[5:] for l in z.read(meta).decode().splitlines() if l.startswith("Tag: ")]
        files = len(z.namelist())
    print(f"{wheel.name}: {', '.join(tags)}; {wheel.stat().st_size} bytes, {files} files")
    assert all(t.endswith(("manylinux_2_34_x86_64", "manylinux_2_34_aarch64")) for t in tags), tags
PY
ls "$dist"/livechat_customer_sdk-*manylinux_2_34_x86_64.whl "$dist"/livechat_customer_sdk-*manylinux_2_34_aarch64.whl \
   "$dist"/livechat_emulator-*manylinux_2_34_x86_64.whl >/dev/null
python3 -m zipfile -l "$dist"/livechat_customer_sdk-*aarch64.whl | grep -q "_livechat/liblivechat.so"

step "fresh venv outside the tree: install the wheels"
python3 -m venv "$outside/venv"
py="$outside/venv/bin/python"
"$py" -m pip install -q --no-index --find-links "$dist" "livechat-customer-sdk[testing]"
"$py" -m pip install -q pytest==9.2.0 pytest-asyncio==1.5.0 mypy==2.4.1 pyright==1.1.414
cp -r bindings/python/tests "$outside/tests"
cp bindings/python/pyproject.toml "$outside/"   # pytest settings (asyncio mode)
cp examples/python/chat.py "$blocks/"
cd "$outside"
"$py" -c "import livechat_customer_sdk, sys; assert 'site-packages' in livechat_customer_sdk.__file__, livechat_customer_sdk.__file__"

step "README getting-started app and examples/python/chat.py against the emulator"
# No LIVECHAT_EMULATOR: the binary comes from the emulator wheel (the venv's bin/).
"$py" - "$blocks" <<'PY'
import subprocess, sys
from livechat_customer_sdk.testing import Emulator
blocks = sys.argv[1]
with Emulator() as emulator:
    app = subprocess.run([sys.executable, f"{blocks}/app.py", emulator.url], capture_output=True, text=True, timeout=60)
    print(app.stdout, app.stderr, end="")
    assert app.returncode == 0 and "agent: " in app.stdout, app.returncode
    chat = subprocess.run([sys.executable, f"{blocks}/chat.py", emulator.url], input="Hello from CI\n",
                          capture_output=True, text=True, timeout=60)
    print(chat.stdout, chat.stderr, end="")
    assert chat.returncode == 0 and "* connected as" in chat.stdout, chat.returncode
PY

step "pytest: the suite and the README's test example, on the installed wheel"
cp "$blocks/test_app.py" tests/test_readme_app.py
"$py" -m pytest -q -p no:cacheprovider tests

step "mypy --strict (package, tests, examples, README blocks), pyright basic (tests, blocks) and strict (package, app blocks, chat.py)"
printf '[mypy]\nstrict = True\n[mypy-livechat_customer_sdk._livechat.*]\nignore_errors = True\n' > mypy.ini
"$py" -m mypy -p livechat_customer_sdk   # the hand-written layer (the generated module is not ours to fix)
(cd tests && "$py" -m mypy --config-file ../mypy.ini .)
"$py" -m mypy "$blocks"/*.py
echo '{"typeCheckingMode": "basic", "extraPaths": ["tests"]}' > pyrightconfig.json
"$py" -m pyright --pythonpath "$py" tests "$blocks"
echo '{"typeCheckingMode": "strict"}' > pyrightconfig.json
site=$("$py" -c "import livechat_customer_sdk, os; print(os.path.dirname(livechat_customer_sdk.__file__))")
"$py" -m pyright --pythonpath "$py" "$site/__init__.py" "$site/testing.py" "$site/pytest_plugin.py" "$site/_facades.pyi" "$blocks/app.py" "$blocks/chat.py" "$blocks/test_app.py"
step ""
