#!/usr/bin/env bash
# Usage: torture/fuzz/build.sh [BUILD_DIR]
# Builds the libFuzzer harnesses into .build/fuzz/: the event-line decoder (strict JSON and the
# event format, as the sync reader feeds them) and the date and duration parsers, with the text
# helpers they use. The parsers' sources are compiled with coverage instrumentation
# (-sanitize=fuzzer); swift-crypto is linked from the package's debug build (run 'swift build'
# first).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/.build/debug}
out=$root/.build/fuzz
crypto=$root/.build/checkouts/swift-crypto/Sources
[ -f "$build/Modules/Crypto.swiftmodule" ] || { echo "build.sh: no swift-crypto build in $build; run 'swift build'" >&2; exit 1; }
mkdir -p "$out"
objects=$(find "$build/Crypto.build" "$build/CCryptoBoringSSL.build" "$build/CCryptoBoringSSLShims.build" \
    "$build/CryptoBoringWrapper.build" -name '*.o')
sources=("$root"/Sources/FollowupCore/Events/*.swift "$root"/Sources/FollowupCore/Dates/*.swift "$root"/Sources/FollowupCore/Text/*.swift)
for harness in "$root"/torture/fuzz/harness/*.swift; do
    name=$(basename "$harness" .swift)
    binary="$out/fuzz-$name"
    # Up to date: newer than the harness, every parser source and the crypto module.
    if [ -x "$binary" ] && [ -z "$(find "$harness" "${sources[@]}" "$build/Modules/Crypto.swiftmodule" -newer "$binary")" ]; then
        echo "$binary"
        continue
    fi
    swiftc -O -sanitize=fuzzer -parse-as-library -module-name FollowupCore \
        -I "$build/Modules" \
        -Xcc -fmodule-map-file="$crypto/CCryptoBoringSSL/include/module.modulemap" \
        -Xcc -fmodule-map-file="$crypto/CCryptoBoringSSLShims/include/module.modulemap" \
        -Xcc -I"$crypto/CCryptoBoringSSL/include" -Xcc -I"$crypto/CCryptoBoringSSLShims/include" \
        "${sources[@]}" "$harness" $objects -o "$binary"
    echo "$binary"
done
