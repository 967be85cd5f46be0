#!/usr/bin/env bash
# Builds the two benchmark targets of issue 2 ("Benchmark") into OUTDIR:
#   OUTDIR/compile  the Go compiler, built with DWARF from the machine's Go sources (go build cmd/compile)
#   OUTDIR/sqlite3  the sqlite3 shell, built from the amalgamation with -g -O2 (source: apt-get source sqlite3)
# Outputs are cached: a target is rebuilt only when it is missing. Build times are appended to
# OUTDIR/build-times.txt. Needs: golang-go, gcc, dpkg-dev (apt-get source), tcl (to generate the amalgamation),
# zlib1g-dev, and a deb-src entry (see /etc/apt/sources.list.d/).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
mkdir -p "$1"
OUT=$(cd "$1" && pwd)           # absolute: GOCACHE and the sqlite build below need absolute paths
GOROOT_SRC=$(go env GOROOT)/src
SQLITE_CFLAGS=(-g -O2
    -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_GEOPOLY
    -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_DBSTAT_VTAB
    -DSQLITE_ENABLE_EXPLAIN_COMMENTS -DSQLITE_ENABLE_MATH_FUNCTIONS)

log_time() { # name seconds
    printf '%s\t%s\t%ss\t%s\n' "$(date -u +%FT%TZ)" "$1" "$2" "$(stat -c %s "$OUT/$1") bytes" >> "$OUT/build-times.txt"
    echo "built $OUT/$1 in ${2}s ($(stat -c %s "$OUT/$1") bytes)" >&2
}

has_dwarf() { # file
    readelf -SW "$1" | grep -qE '\.(z)?debug_info'
}

build_compile() {
    [ -x "$OUT/compile" ] && return 0
    echo "building the Go compiler from $GOROOT_SRC ($(go version))" >&2
    local start=$SECONDS
    # GOFLAGS= drops any -trimpath/-ldflags=-s the environment may set; DWARF is on by default.
    (cd "$GOROOT_SRC" && GOFLAGS= GOCACHE="$OUT/gocache" go build -o "$OUT/compile.tmp" cmd/compile)
    has_dwarf "$OUT/compile.tmp" || { echo "error: $OUT/compile.tmp has no .debug_info" >&2; exit 1; }
    mv "$OUT/compile.tmp" "$OUT/compile"
    log_time compile $((SECONDS - start))
}

fetch_sqlite_source() { # prints the source directory
    local dir
    dir=$(find "$OUT/src" -maxdepth 1 -type d -name 'sqlite3-*' 2>/dev/null | head -n1)
    if [ -z "$dir" ]; then
        mkdir -p "$OUT/src"
        if ! (cd "$OUT/src" && apt-get source sqlite3 >&2); then
            echo "apt-get source failed; running apt-get update and retrying" >&2
            apt-get update >&2
            (cd "$OUT/src" && apt-get source sqlite3 >&2)
        fi
        dir=$(find "$OUT/src" -maxdepth 1 -type d -name 'sqlite3-*' | head -n1)
    fi
    [ -n "$dir" ] || { echo "error: no sqlite3 source under $OUT/src" >&2; exit 1; }
    echo "$dir"
}

build_sqlite() {
    [ -x "$OUT/sqlite3" ] && return 0
    command -v tclsh >/dev/null || { echo "error: tclsh missing (apt-get install tcl): needed for sqlite3.c" >&2; exit 1; }
    local start=$SECONDS src
    src=$(fetch_sqlite_source)
    mkdir -p "$src/bld"
    if [ ! -f "$src/bld/sqlite3.c" ] || [ ! -f "$src/bld/shell.c" ]; then
        echo "generating the sqlite amalgamation in $src/bld" >&2
        (cd "$src/bld" && ../configure --disable-tcl >/dev/null && make -j"$(nproc)" sqlite3.c shell.c >/dev/null)
    fi
    echo "compiling sqlite3 with ${SQLITE_CFLAGS[*]}" >&2
    gcc "${SQLITE_CFLAGS[@]}" -I"$src/bld" "$src/bld/shell.c" "$src/bld/sqlite3.c" \
        -o "$OUT/sqlite3.tmp" -lpthread -ldl -lm -lz
    has_dwarf "$OUT/sqlite3.tmp" || { echo "error: $OUT/sqlite3.tmp has no .debug_info" >&2; exit 1; }
    mv "$OUT/sqlite3.tmp" "$OUT/sqlite3"
    log_time sqlite3 $((SECONDS - start))
}

build_compile
build_sqlite
ls -l "$OUT/compile" "$OUT/sqlite3" >&2
