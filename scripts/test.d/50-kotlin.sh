# Kotlin/JVM and Android binding (bindings/kotlin, one Maven reactor; reuses stage 10's release build):
#  1. mvn -Pandroid install: the test kit (bundles the emulator), the SDK jar (generates the Kotlin API from
#     the release cdylib, bundles the native library, JUnit suite against the test kit's emulator) with its
#     sources jar, and the Android flavour (generated with the root uniffi.toml as is, compiled against the
#     Android framework classes) with its AAR. Everything lands in the local Maven repository.
#  2. The artifacts' contents (unzip -l), and the JVM and Android generated sources differing only in the cleaner.
#  3. The README: its app and its test are the files of examples/kotlin, verbatim.
#  4. From outside: a fresh Maven project in a temporary folder, with the dependencies the README shows and
#     the README's code, built against the installed artifacts; its test (the README's test-kit example)
#     runs, then the README's app runs with plain `java -cp` against an emulator, with no jna.library.path.
set -euo pipefail
cd "$ROOT/bindings/kotlin"
for f in liblivechat.so uniffi-bindgen livechat-emulator; do
  [[ -e "$TARGET_DIR/release/$f" ]] || { echo "missing $TARGET_DIR/release/$f (stage 10 builds it)"; exit 1; }
done
step_start=$(date +%s)
step() { local now; now=$(date +%s); echo "kotlin: $1 in $(( now - step_start ))s"; step_start=$now; }
logs=$(mktemp -d) fresh="" emulator_pid=""
trap 'rm -rf "$logs" ${fresh:+"$fresh"}; [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null || true' EXIT
mvn_logged() { # name args... : Maven with its log in a file; the reactor summary, or the log's tail on failure
  local name=$1; shift
  if ! mvn -B -Dstyle.color=never "$@" > "$logs/$name.log" 2>&1; then
    grep -E "Tests run:|FAIL|ERROR" "$logs/$name.log" | grep -v "^\[INFO\] Tests run:.*Failures: 0, Errors: 0" | head -60 || true
    echo "---- last lines of the Maven log ($name)"; tail -60 "$logs/$name.log"
    return 1
  fi
  sed -n '/Reactor Summary/,/BUILD SUCCESS/p' "$logs/$name.log" | grep -E "SUCCESS|SKIPPED" | sed 's/^\[INFO\] /  /' || true
}

aarch64_lib="$TARGET_DIR/aarch64-unknown-linux-gnu/release/liblivechat.so"
if [[ -f "$aarch64_lib" ]]; then echo "kotlin: bundling linux-aarch64 from $aarch64_lib"
else echo "kotlin: linux-aarch64 NOT bundled ($aarch64_lib absent: the cross stage did not run)"; fi

# ---- 1. build, test, install -------------------------------------------------------------------
# clean: no class or test report of an earlier build (e.g. a deleted test) may count here.
mvn_logged reactor -Pandroid -Dlivechat.targetDir="$TARGET_DIR" clean install
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
tests = failures = errors = skipped = 0
for f in glob.glob("sdk/target/surefire-reports/TEST-*.xml"):
    r = ET.parse(f).getroot()
    tests += int(r.get("tests")); failures += int(r.get("failures")); errors += int(r.get("errors")); skipped += int(r.get("skipped"))
print(f"kotlin: {tests} tests, {failures} failures, {errors} errors, {skipped} skipped")
if tests == 0: raise SystemExit("kotlin: no test ran")
PY
step "generate + compile + test + install (testkit, sdk, android)"

# ---- 2. what the artifacts hold ----------------------------------------------------------------
version=0.1.0
jar=sdk/target/livechat-customer-sdk-$version.jar
sources=sdk/target/livechat-customer-sdk-$version-sources.jar
testkit=testkit/target/livechat-customer-sdk-testkit-$version.jar
aar=android/target/livechat-customer-sdk-android-$version.aar
entries() { unzip -l "$1" | awk 'NR>3 && NF==4 {print $4}'; }
# (The listing is read whole before grep: `grep -q` stopping early would fail the pipe under pipefail.)
has() { # archive path-regex what
  local listing; listing=$(entries "$1")
  grep -Eq "$2" <<< "$listing" || { echo "kotlin: $1 lacks $3"; exit 1; }
}
lacks() { # archive path-regex what
  local listing; listing=$(entries "$1")
  if grep -Eq "$2" <<< "$listing"; then echo "kotlin: $1 must not contain $3"; exit 1; fi
}
has "$jar" '^linux-x86-64/liblivechat\.so$' "the x86-64 native library"
has "$jar" '^com/livechat/customer/sdk/ChatClient\.class$' "the generated API"
has "$jar" '^com/livechat/customer/sdk/LifecycleKt\.class$' "the thin layer"
if [[ -f "$aarch64_lib" ]]; then has "$jar" '^linux-aarch64/liblivechat\.so$' "the aarch64 native library"
else lacks "$jar" '^linux-aarch64/' "an aarch64 library that was not built"; fi
has "$sources" '^com/livechat/customer/sdk/livechat\.kt$' "the generated sources (KDoc)"
has "$sources" '^com/livechat/customer/sdk/Events\.kt$' "the thin layer's sources"
has "$testkit" '^linux-x86-64/livechat-emulator$' "the bundled emulator"
has "$testkit" '^com/livechat/customer/sdk/testing/Emulator\.class$' "the test kit"
for entry in classes.jar AndroidManifest.xml R.txt proguard.txt; do has "$aar" "^$entry\$" "$entry"; done
unzip -p "$aar" classes.jar > "$logs/classes.jar"
has "$logs/classes.jar" '^com/livechat/customer/sdk/ChatClient\.class$' "the Android flavour's classes"
lacks "$logs/classes.jar" '^androidx/' "the compile-only androidx stand-in"
echo "kotlin: jar $jar: $(entries "$jar" | grep -c '\.class$') classes, and:"
unzip -l "$jar" | awk 'NR>3 && $4 ~ /\.so$/ {printf "  %s (%d bytes)\n", $4, $1}'
echo "kotlin: sources jar: $(entries "$sources" | grep '\.kt$' | tr '\n' ' ')"
echo "kotlin: testkit jar:"; unzip -l "$testkit" | awk 'NR>3 && $4 ~ /emulator$/ {printf "  %s (%d bytes)\n", $4, $1}'
echo "kotlin: aar: $(entries "$aar" | grep -v '/$' | tr '\n' ' ')"
# One configuration: the two generated files may differ only in the object cleaner (Android's SystemCleaner).
jvm_kt=sdk/target/generated-sources/uniffi/com/livechat/customer/sdk/livechat.kt
android_kt=android/target/generated-sources/uniffi-android/com/livechat/customer/sdk/livechat.kt
python3 - "$jvm_kt" "$android_kt" <<'PY'
import re, sys
def without_cleaner(path):
    lines = open(path).read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("private fun UniffiCleaner.Companion.create()"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("/**"))
    kept = lines[:start] + lines[end:]
    return [l for l in kept if l.strip() and not re.match(r"import androidx?\.", l)], end - start
jvm, jvm_span = without_cleaner(sys.argv[1])
android, android_span = without_cleaner(sys.argv[2])
if jvm != android:
    import difflib
    sys.exit("kotlin: the JVM and Android flavours differ beyond the object cleaner:\n"
             + "\n".join(list(difflib.unified_diff(jvm, android, lineterm="", n=1))[:30]))
print(f"kotlin: JVM and Android generated sources identical but for the object cleaner ({jvm_span} / {android_span} lines)")
PY
step "artifact contents checked"

# ---- 3. the README's code is the example's -----------------------------------------------------
readme_code() { # marker -> the fenced block after <!-- marker -->
  python3 - "$ROOT/bindings/kotlin/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"<!-- %s -->\s*```[a-z]*\n(.*?)```" % re.escape(sys.argv[2]), text, re.S)
if not m: sys.exit(f"README: no block marked <!-- {sys.argv[2]} -->")
sys.stdout.write(m.group(1))
PY
}
example_main=examples/kotlin/src/main/kotlin/com/livechat/examples/Chat.kt
example_test=examples/kotlin/src/test/kotlin/com/livechat/examples/ChatTest.kt
readme_code "example:app" | diff - "$ROOT/$example_main" > /dev/null \
  || { echo "kotlin: README's app differs from $example_main:"; readme_code "example:app" | diff - "$ROOT/$example_main" | head; exit 1; }
readme_code "example:test" | diff - "$ROOT/$example_test" > /dev/null \
  || { echo "kotlin: README's test differs from $example_test"; exit 1; }
echo "kotlin: README app and test = examples/kotlin"

# ---- 4. a fresh project outside the build tree --------------------------------------------------
fresh=$(mktemp -d)
mkdir -p "$fresh/src/main/kotlin" "$fresh/src/test/kotlin"
readme_code "example:app" > "$fresh/src/main/kotlin/Chat.kt"
readme_code "example:test" > "$fresh/src/test/kotlin/ChatTest.kt"
dependencies=$(readme_code "maven:dependencies")
cat > "$fresh/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>fresh-app</artifactId>
  <version>1.0</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies>
$dependencies
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.11.4</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <testSourceDirectory>src/test/kotlin</testSourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>2.1.0</version>
        <configuration><jvmTarget>17</jvmTarget></configuration>
        <executions>
          <execution><id>compile</id><goals><goal>compile</goal></goals></execution>
          <execution><id>test-compile</id><goals><goal>test-compile</goal></goals></execution>
        </executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.2</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
# The app's environment has no library path of ours: the jar must bring the native library itself.
(cd "$fresh" && unset LD_LIBRARY_PATH LIVECHAT_EMULATOR && mvn_logged fresh test dependency:build-classpath -Dmdep.outputFile=cp.txt)
grep -h "Tests run:" "$fresh"/target/surefire-reports/*.txt | sed 's/^/kotlin: fresh project test: /'
step "fresh project: README test (test kit, bundled emulator) built against the installed artifacts"

"$TARGET_DIR/release/livechat-emulator" --listen 127.0.0.1:0 > "$logs/emulator.out" 2> "$logs/emulator.err" &
emulator_pid=$!
for _ in $(seq 600); do grep -q "listening on" "$logs/emulator.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$logs/emulator.out")
[[ -n "$url" ]] || { echo "kotlin: the emulator did not start"; cat "$logs/emulator.err"; exit 1; }
# `timeout` only turns a JVM that would not exit (a client not ended) into a failure.
if ! (cd "$fresh" && env -u LD_LIBRARY_PATH timeout 120 java -cp "target/classes:$(cat cp.txt)" com.livechat.examples.ChatKt "$url") > "$logs/app.out" 2>&1; then
  echo "kotlin: the README app failed (exit or timeout):"; cat "$logs/app.out"; exit 1
fi
sed 's/^/  app| /' "$logs/app.out"
for expected in "^connected as " "^chat .* started" "^answer: " "^error CHAT_LIMIT_REACHED: " "^done$"; do
  grep -Eq "$expected" "$logs/app.out" || { echo "kotlin: the README app printed no line matching '$expected'"; exit 1; }
done
kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=
step "README app run from the fresh project (java -cp, no jna.library.path), JVM exited after use {}"
