#!/usr/bin/env bash
# Compiles the Go fixtures of the parity test (src/test/go/parity/*.go) into $1 (target/parity): NAME built as
# `dlv trace` builds a package (-gcflags='all=-N -l'), NAME-opt with the compiler's default optimisation. Each is a
# one-file module of its own; only what is older than its source or this script is rebuilt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:?usage: build.sh OUTDIR}" && cd "$1" && pwd)
command -v go >/dev/null || { echo "build.sh: go is not installed; the Go parity fixtures need it" >&2; exit 1; }
fresh() { [ -e "$1" ] && [ "$1" -nt "$2" ] && [ "$1" -nt "$here/build.sh" ]; }
for src in "$here"/parity/*.go; do
    name=$(basename "$src" .go)
    if fresh "$out/$name" "$src" && fresh "$out/$name-opt" "$src"; then
        continue
    fi
    tmp=$(mktemp -d)
    cp "$src" "$tmp/main.go"
    (cd "$tmp" && printf 'module %s\n\ngo 1.19\n' "$name" > go.mod \
        && export GOCACHE="${GOCACHE:-$tmp/cache}" GOFLAGS=-mod=mod \
        && go build -gcflags='all=-N -l' -o "$out/$name" . \
        && go build -o "$out/$name-opt" .)
    rm -rf "$tmp"
done
