#!/usr/bin/env bash
# Compiles the bundled demo targets into $1 (target/demo). They are part of the main job (the README traces them),
# so they build in every build, tests or not. C at -O0 (and -O2 as NAME-O2), C++ with g++, Go when go is present.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:?usage: build.sh OUTDIR}" && cd "$1" && pwd)
fresh() { [ -e "$1" ] && [ "$1" -nt "$2" ] && [ "$1" -nt "$here/build.sh" ]; }
for src in "$here"/c/*.c; do
    name=$(basename "$src" .c)
    fresh "$out/$name" "$src" || gcc -g -O0 -fno-omit-frame-pointer -pthread -o "$out/$name" "$src"
    fresh "$out/$name-O2" "$src" || gcc -g -O2 -pthread -o "$out/$name-O2" "$src"
done
for src in "$here"/cpp/*.cpp; do
    name=$(basename "$src" .cpp)
    fresh "$out/$name" "$src" || g++ -g -O0 -o "$out/$name" "$src"
done
if command -v go >/dev/null; then
    src="$here/go/demo.go"
    if ! fresh "$out/godemo" "$src"; then
        tmp=$(mktemp -d)
        cp "$src" "$tmp/main.go"
        (cd "$tmp" && printf 'module godemo\n\ngo 1.19\n' > go.mod \
            && GOCACHE="${GOCACHE:-$tmp/cache}" GOFLAGS=-mod=mod go build -gcflags='all=-N -l' -o "$out/godemo" .)
        rm -rf "$tmp"
    fi
fi
