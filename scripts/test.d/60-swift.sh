# Swift: generate the Swift package sources from the release library and check them. There is no
# Swift toolchain here, so nothing is compiled: the generated C header is syntax-checked with gcc,
# and the Swift source is checked for the API the package promises.
set -euo pipefail
cd "$ROOT"
out="bindings/swift/generated"
lib="$TARGET_DIR/release/liblivechat.so"
[[ -f "$lib" && -x "$TARGET_DIR/release/uniffi-bindgen" ]] ||
  cargo build --release -p livechat-customer-sdk -p uniffi-bindgen
rm -rf "$out/swift"
# Library mode, from the workspace root (uniffi.toml gives the module names).
"$TARGET_DIR/release/uniffi-bindgen" generate --language swift --no-format --out-dir "$out/swift" "$lib"

swift="$out/swift/LiveChatCustomerSDK.swift"
header="$out/swift/LiveChatCustomerSDKFFI.h"
for f in "$swift" "$header" "$out/swift/LiveChatCustomerSDKFFI.modulemap"; do
  [[ -s "$f" ]] || { echo "missing generated file: $f"; exit 1; }
done
grep -q 'module LiveChatCustomerSDKFFI' "$out/swift/LiveChatCustomerSDKFFI.modulemap"

# The header is plain C apart from Clang's nullability qualifiers.
echo "#include \"$PWD/$header\"" | gcc -fsyntax-only -x c -D_Nonnull= -D_Nullable= -D_Null_unspecified= -

# The public surface the README and example rely on.
missing=0
for symbol in \
  'open class ChatClient' 'public convenience init(config: ChatConfig)' 'func connectAsync()' \
  'func sendEventAsync(chatId: String, event: NewEvent' 'func sendEvent(chatId: String, event: NewEvent' \
  'func getChatHistory(chatId: String)' 'func nextAsync()' 'func uploadFileWithProgress(' \
  'public protocol ChatListener' 'public protocol TokenProvider' 'func getToken() async throws' \
  'public enum ChatEvent' 'case incomingEvent(chatId: String, event: Event' \
  'public enum ChatError: Swift.Error' 'case Failed(code: String, reason: String' \
  'public struct ChatConfig' 'open class ChatClientBuilder' 'func setLogSink(sink: LogSink)' \
  'public protocol StateObserver' 'func observeState(observer: StateObserver)' 'public struct ConnectionState'; do
  grep -qF "$symbol" "$swift" || { echo "generated Swift lacks: $symbol"; missing=1; }
done
((missing == 0))
events=$(sed -n '/^public enum ChatEvent/,/^}/p' "$swift" | grep -c '^    case ')
[[ "$events" == 29 ]] || { echo "ChatEvent has $events cases, expected 29"; exit 1; }
# Streams.swift (hand-written, beside the generated API) must only use what the generated API has.
for used in 'func on(eventName: String, listener: ChatListener)' 'func onEvent(event: ChatEvent) throws' \
  'func onState(state: ConnectionState) throws' 'case destroyed'; do
  grep -qF "$used" "$swift" || { echo "Streams.swift relies on missing: $used"; exit 1; }
done
echo "swift: generated $(wc -l < "$swift") lines of Swift + C header/modulemap; header syntax OK; API present; not compiled (no Swift toolchain)"
