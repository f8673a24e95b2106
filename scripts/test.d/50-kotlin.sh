# Kotlin/JVM binding: Maven generates the Kotlin sources from the release cdylib (uniffi-bindgen,
# generate-sources phase), compiles them with the thin Kotlin layer, and runs the JUnit suite against the
# livechat-emulator binary (one per test class, ephemeral port). Reuses stage 10's release build.
set -euo pipefail
cd "$ROOT/bindings/kotlin"
for f in liblivechat.so uniffi-bindgen livechat-emulator; do
  [[ -e "$TARGET_DIR/release/$f" ]] || { echo "missing $TARGET_DIR/release/$f (stage 10 builds it)"; exit 1; }
done
start=$(date +%s)
# -q keeps Maven quiet; the summary below comes from the Surefire reports.
# `install` = test + jar into the local repository, which the example below builds against.
mvn -q -B -Dstyle.color=never -Dlivechat.targetDir="$TARGET_DIR" install
echo "kotlin: generate + compile + test in $(( $(date +%s) - start ))s"
(cd "$ROOT/examples/kotlin" && mvn -q -B -Dstyle.color=never -Dlivechat.targetDir="$TARGET_DIR" compile)
echo "kotlin: example compiled"
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
tests = failures = errors = skipped = 0
for f in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(f).getroot()
    tests += int(r.get("tests")); failures += int(r.get("failures")); errors += int(r.get("errors")); skipped += int(r.get("skipped"))
print(f"kotlin: {tests} tests, {failures} failures, {errors} errors, {skipped} skipped")
PY
