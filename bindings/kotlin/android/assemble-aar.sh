#!/usr/bin/env bash
# Assembles the Android library archive (AAR) from the Android-flavour classes compiled by this module:
#   classes.jar            the generated Android Kotlin + the thin layer (no androidx stand-in)
#   AndroidManifest.xml    package com.livechat.customer.sdk, minSdk 21, INTERNET
#   proguard.txt           consumer R8 rules (JNA, callbacks)
#   R.txt                  empty (no resources)
#   jni/<abi>/liblivechat.so for each Android ABI built (cargo-ndk, ANDROID.md): taken from
#                          $TARGET_DIR/<android triple>/release/ or from JNI_LIBS_DIR/<abi>/ (cargo ndk -o).
# Usage: assemble-aar.sh CLASSES_DIR SRC_MAIN_DIR OUT.aar TARGET_DIR [JNI_LIBS_DIR]
set -euo pipefail
classes=$1 main=$2 out=$(realpath -m "$3") target=$4 jnilibs=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/aar" "$work/classes"
cp -R "$classes/." "$work/classes/"
rm -rf "$work/classes/androidx"
jar --create --file "$work/aar/classes.jar" -C "$work/classes" .
cp "$main/AndroidManifest.xml" "$main/proguard.txt" "$work/aar/"
: > "$work/aar/R.txt"

abis=()
for pair in aarch64-linux-android:arm64-v8a armv7-linux-androideabi:armeabi-v7a \
            x86_64-linux-android:x86_64 i686-linux-android:x86; do
  triple=${pair%%:*} abi=${pair##*:}
  lib=""
  [[ -f "$target/$triple/release/liblivechat.so" ]] && lib="$target/$triple/release/liblivechat.so"
  [[ -n "$jnilibs" && -f "$jnilibs/$abi/liblivechat.so" ]] && lib="$jnilibs/$abi/liblivechat.so"
  if [[ -n "$lib" ]]; then
    mkdir -p "$work/aar/jni/$abi"
    cp "$lib" "$work/aar/jni/$abi/liblivechat.so"
    abis+=("$abi")
  fi
done

rm -f "$out"
(cd "$work/aar" && jar --create --no-manifest --file "$out" .)
if ((${#abis[@]})); then
  echo "aar: $out (jni: ${abis[*]})"
else
  echo "aar: $out (jni: none: no Android ABI of liblivechat.so was built here; this machine has no NDK, see ANDROID.md)"
fi
