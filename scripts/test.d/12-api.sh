# The public API of each generated binding (Python, Kotlin, Swift), checked in under api/: a change to
# what apps can call shows up here and must be deliberate. After an intended change:
#   UPDATE_API=1 bash scripts/test.sh api
set -euo pipefail
cd "$ROOT"
lib="$TARGET_DIR/release/liblivechat.so"
bindgen="$TARGET_DIR/release/uniffi-bindgen"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bindgen" generate --language python --no-format --out-dir "$out/python" "$lib" >/dev/null
"$bindgen" generate --language kotlin --no-format --out-dir "$out/kotlin" "$lib" >/dev/null
"$bindgen" generate --language swift --no-format --out-dir "$out/swift" "$lib" >/dev/null
changed=0
for lang in python kotlin swift; do
  file=$(find "$out/$lang" -name '*.py' -o -name '*.kt' -o -name '*.swift' | head -1)
  python3 scripts/api-surface.py "$lang" "$file" > "$out/$lang.txt"
  if [[ -n "${UPDATE_API:-}" ]]; then
    cp "$out/$lang.txt" "api/$lang.txt"
  elif ! diff -u "api/$lang.txt" "$out/$lang.txt"; then
    changed=1
  fi
  echo "api: $lang $(wc -l < "$out/$lang.txt") declarations"
done
if ((changed)); then
  echo "api: the generated public API differs from api/*.txt (above). If intended: UPDATE_API=1 bash scripts/test.sh api"
  exit 1
fi
