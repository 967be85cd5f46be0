#!/usr/bin/env bash
# Per-call cost of the tinydbg engine against the bare C ptrace tracer (floor.c), in the same run, on the bench
# loop target: default CPU placement, then tracer and target on one CPU.
# usage: bench/run-engine.sh [N]   (BENCH_DIR defaults to /work/shared/bench: loop.c, floor.c)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
src=${BENCH_DIR:-/work/shared/bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -g -O0 -fno-omit-frame-pointer -o "$work/loop" "$src/loop.c"
gcc -O2 -o "$work/floor" "$src/floor.c"
off=$(nm "$work/loop" | awk '$3 == "work" {print $1}')
(cd "$root" && mvn -q -o -pl tinydbg-core -am test-compile >/dev/null)
(cd "$root" && mvn -q -o -pl tinydbg-core dependency:build-classpath -Dmdep.outputFile="$work/deps" >/dev/null)
cp="$root/tinydbg-core/target/classes:$root/tinydbg-core/target/test-classes:$root/tinydbg-elf/target/classes:$(cat "$work/deps")"

us_per_call() { # us_per_call CMD...: wall time of CMD divided by n
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v d=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.2f", d / 1000 / n }'
}

echo "N=$n calls of work(a, b); us per call (lower is better)"
for placement in default pinned; do
    pin=(); cpu=()
    if [ "$placement" = pinned ]; then pin=(taskset -c 0); cpu=(0); fi
    entryret=$(us_per_call "${pin[@]}" "$work/floor" entryret "$off" "$work/loop" "$n")
    emulret=$(us_per_call "${pin[@]}" "$work/floor" emulret "$off" "$work/loop" "$n")
    engine_line=$(java -cp "$cp" io.tinydbg.engine.EngineBench "$work/loop" "$off" "$n" "${cpu[@]}")
    engine=$(sed -E 's/.*: ([0-9.]+) us\/call.*/\1/' <<<"$engine_line")
    echo "[$placement] floor entryret $entryret  floor emulret $emulret  engine $engine" \
        "(engine/emulret $(awk -v a="$engine" -v b="$emulret" 'BEGIN { printf "%.2f", a / b }')x)"
    echo "    $engine_line"
    echo "    $(java -cp "$cp" io.tinydbg.TracerBench "$work/loop" "$n" "$placement")"
done
# The peers, on a tenth of the calls (they cost 5-10x more per call): gdb's dprintf and ltrace on the same function.
slow=$((n / 10))
if command -v gdb >/dev/null; then
    t0=$(date +%s%N)
    gdb -nx -batch -ex 'dprintf work,"%ld %ld\n",a,b' -ex run --args "$work/loop" "$slow" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo "[default] gdb dprintf $(awk -v d=$((t1 - t0)) -v n="$slow" 'BEGIN { printf "%.2f", d / 1000 / n }') us/call"
fi
if command -v ltrace >/dev/null; then
    t0=$(date +%s%N)
    ltrace -x work -o /dev/null "$work/loop" "$slow" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo "[default] ltrace -x work $(awk -v d=$((t1 - t0)) -v n="$slow" 'BEGIN { printf "%.2f", d / 1000 / n }') us/call"
fi
# Four threads calling traced() concurrently (tinydbg-core's threads-O0 fixture): per-call cost when the stops of
# several threads overlap; no thread is ever stopped for another's breakpoint (singlesteps=0).
threads="$root/tinydbg-core/target/fixtures/threads-O0"
toff=$(nm "$threads" | awk '$3 == "traced" {print $1}')
echo "[4 threads, default] $(java -cp "$cp" io.tinydbg.engine.EngineBench "$threads" "$toff" $((n / 4)) -1 4)"
