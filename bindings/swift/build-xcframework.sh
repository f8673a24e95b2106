#!/usr/bin/env bash
# Builds generated/LiveChatCustomerSDKFFI.xcframework and generated/Sources/LiveChatCustomerSDK/
# for the Swift package. Needs macOS with Xcode and the Rust targets:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin
# Usage: bindings/swift/build-xcframework.sh [--profile release]
# Not run in CI (no Apple toolchain there); stage 60-swift only generates and checks the sources.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
profile="${2:-release}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
out="$here/generated"
ffi=LiveChatCustomerSDKFFI
cd "$root"

ios=(aarch64-apple-ios)
sim=(aarch64-apple-ios-sim x86_64-apple-ios)
mac=(aarch64-apple-darwin x86_64-apple-darwin)
for target in "${ios[@]}" "${sim[@]}" "${mac[@]}"; do
  cargo build --profile "$profile" --lib -p livechat-customer-sdk --target "$target"
done
cargo build --profile "$profile" -p uniffi-bindgen

rm -rf "$out" && mkdir -p "$out/headers" "$out/Sources/LiveChatCustomerSDK" "$out/lib"
# Library mode: the API metadata is read from the built library (any slice will do).
"$target_dir/$profile/uniffi-bindgen" generate --language swift --out-dir "$out/swift" \
  "$target_dir/aarch64-apple-ios/$profile/liblivechat.a"
mv "$out/swift/LiveChatCustomerSDK.swift" "$out/Sources/LiveChatCustomerSDK/"
# The hand-written streams and closures sit beside the generated API in the same module.
cp "$here/Sources/Streams.swift" "$out/Sources/LiveChatCustomerSDK/"
mv "$out/swift/$ffi.h" "$out/headers/"
# An XCFramework's headers need the module map under this exact name.
mv "$out/swift/$ffi.modulemap" "$out/headers/module.modulemap"

# One library per platform: fat (lipo) simulator and macOS slices.
lib() { echo "$target_dir/$1/$profile/liblivechat.a"; }
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/lib/liblivechat-ios-sim.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$out/lib/liblivechat-macos.a"

xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$out/headers" \
  -library "$out/lib/liblivechat-ios-sim.a" -headers "$out/headers" \
  -library "$out/lib/liblivechat-macos.a" -headers "$out/headers" \
  -output "$out/$ffi.xcframework"
echo "built $out/$ffi.xcframework and $out/Sources/LiveChatCustomerSDK/LiveChatCustomerSDK.swift"
