#!/usr/bin/env bash
# Per-call cost of `tinydbg trace` against `dlv trace` on the Go bench loop (../shared/bench/goloop), in one run.
# Each tool traces main.work (arguments and result printed) at two loop counts; tinydbg twice, with uprobes (its
# default for this function) and with breakpoints only (--no-uprobes). The cost per call is the slope
# (t(N2) - t(N1)) / (N2 - N1), so process start, JVM start, indexing and dlv's build/attach cancel out.
# With GO_TARGET=strings the program is bench/gostrings and the function main.greet (a string argument and result).
# usage: bench/run-go.sh [ROUNDS]   (BENCH_DIR defaults to /work/shared/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
src=${BENCH_DIR:-/work/shared/bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "${GO_TARGET:-loop}" = strings ]; then
    cp -r "$root/bench/gostrings/." "$work/"
    printf 'module gostrings\n\ngo 1.19\n' > "$work/go.mod"
    fn='main\.greet$'
else
    cp -r "$src/goloop/." "$work/"
    fn='main\.work$'
fi
(cd "$work" && GOFLAGS=-mod=mod go build -gcflags='all=-N -l' -o goloop .)
jar="$root/tinydbg-examples/target/tinydbg.jar"
[ -e "$jar" ] || (cd "$root" && mvn -B -q -o package -Dmaven.test.skip=true)

seconds() { # seconds CMD...: wall time of CMD in seconds (stdout and stderr discarded)
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }'
}

slope_us() { # slope_us N1 N2 T1 T2: microseconds per call between the two runs
    awk -v n1="$1" -v n2="$2" -v t1="$3" -v t2="$4" 'BEGIN { printf "%.1f", (t2 - t1) * 1e6 / (n2 - n1) }'
}

tn1=2000; tn2=50000   # tinydbg with breakpoints (--no-uprobes): about 30 us per call
un1=10000; un2=250000 # tinydbg with uprobes (the default for this function): about 10 us per call
dn1=200;  dn2=1200    # dlv: about 1-3 ms per call
echo "Go loop ($fn) traced with arguments and result; us per call = slope between two loop counts"
echo "default: both tools placed by the kernel; pinned: tinydbg --pin (tracer thread and target on CPU 0),"
echo "dlv trace under taskset -c 0 (every thread of dlv and the target on CPU 0)"
for r in $(seq "$rounds"); do
    for placement in default pinned; do
        pin=(); task=()
        if [ "$placement" = pinned ]; then pin=(--pin); task=(taskset -c 0); fi
        u1=$(seconds java -jar "$jar" trace "${pin[@]}" -e "$work/goloop" "$fn" -- "$un1")
        u2=$(seconds java -jar "$jar" trace "${pin[@]}" -e "$work/goloop" "$fn" -- "$un2")
        t1=$(seconds java -jar "$jar" trace --no-uprobes "${pin[@]}" -e "$work/goloop" "$fn" -- "$tn1")
        t2=$(seconds java -jar "$jar" trace --no-uprobes "${pin[@]}" -e "$work/goloop" "$fn" -- "$tn2")
        d1=$(seconds "${task[@]}" dlv trace --exec "$work/goloop" "$fn" -- "$dn1")
        d2=$(seconds "${task[@]}" dlv trace --exec "$work/goloop" "$fn" -- "$dn2")
        uprobes=$(slope_us "$un1" "$un2" "$u1" "$u2")
        ours=$(slope_us "$tn1" "$tn2" "$t1" "$t2")
        theirs=$(slope_us "$dn1" "$dn2" "$d1" "$d2")
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
        echo "round $r, $placement: tinydbg uprobes $uprobes us/call (${un1}: ${u1}s, ${un2}: ${u2}s)" \
            " breakpoints $ours us/call (${tn1}: ${t1}s, ${tn2}: ${t2}s)  dlv trace $theirs us/call" \
            "(${dn1}: ${d1}s, ${dn2}: ${d2}s)  dlv/uprobes $(ratio "$theirs" "$uprobes")x" \
            " dlv/breakpoints $(ratio "$theirs" "$ours")x"
    done
done
