#!/usr/bin/env bash
# Compiles the bundled demo targets into $1 (target/demo). They are part of the main job (the README traces them),
# so they build in every build, tests or not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
for src in "$here"/c/*.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    [ "$out/$name" -nt "$src" ] || gcc -g -O0 -fno-omit-frame-pointer -pthread -o "$out/$name" "$src"
done
