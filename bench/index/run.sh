#!/usr/bin/env bash
# Function-index benchmark of issue 2: for each target and regex, the wall time and peak RSS of listing the
# matching functions with nm, nm -C, gdb, dlv and tinydbg (whole process, plus tinydbg's in-process warm
# measurement when io.tinydbg.cli.IndexBench is in the jar). Each measurement is repeated $RUNS times
# (default 5), tools interleaved within a repetition; the table gives median and min.
#
# usage: bench/index/run.sh [REGEX...]
#   Without REGEX: three default regexes per target. With REGEX: those regexes on every target.
# environment:
#   TINYDBG_JAR            default <repo>/tinydbg-examples/target/tinydbg.jar
#   TINYDBG_BENCH_TARGETS  where build-targets.sh puts the binaries, default <repo>/bench/index/targets
#   BENCH_TARGETS          which targets, default "compile sqlite3"
#   RUNS                   repetitions, default 5
#   JAVA_OPTS              extra JVM options for the tinydbg runs (none by default)
#   BENCH_IDLE_LOAD        if set (e.g. 0.5): before each regex, wait (at most BENCH_IDLE_WAIT s, default 600)
#                          until the 1-minute load average is below it, so other work on the machine skews less
#
# Regex dialects: the regexes are written for Go's regexp / java.util.regex (same meaning for these).
#   nm:  grep -E (POSIX ERE), matched against the symbol name only (nm's address and type columns cut off).
#   gdb: `info functions` compiles a POSIX *basic* regex, so ( ) { } | + ? are swapped with their escaped forms.
#   dlv: names C functions "C.name", so on a non-Go target a leading ^ becomes ^C\. .
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TARGET_DIR=${TINYDBG_BENCH_TARGETS:-$REPO/bench/index/targets}
JAR=${TINYDBG_JAR:-$REPO/tinydbg-examples/target/tinydbg.jar}
RUNS=${RUNS:-5}
TARGETS=${BENCH_TARGETS:-compile sqlite3}
read -r -a JAVA_ARGS <<< "${JAVA_OPTS:-}"

default_regexes() { # target
    case $1 in
        compile) printf '%s\n' '^cmd/compile/internal/ssa\.\(\*Func\)\.' 'Inline' '^cmd/compile/internal/ssa\.rewriteValueAMD64' ;;
        sqlite3) printf '%s\n' '^sqlite3Vdbe' 'Btree' '^fts5' ;;
        *) echo "no default regexes for $1" >&2; exit 2 ;;
    esac
}

"$HERE/build-targets.sh" "$TARGET_DIR"
command -v /usr/bin/time >/dev/null 2>&1 || [ -x /usr/bin/time ] || apt-get install -y time >&2

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# ERE -> POSIX basic regex (GNU flavour) for gdb: ( ) { } | + ? are special only when escaped in BRE.
to_bre() {
    local s=$1 out='' i c n inbracket=0
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if ((inbracket)); then out+=$c; [[ $c == ']' ]] && inbracket=0; continue; fi
        if [[ $c == '\' ]]; then
            n=${s:i+1:1}; i=$((i + 1))
            case $n in '(' | ')' | '{' | '}' | '|' | '+' | '?') out+=$n ;; *) out+="\\$n" ;; esac
            continue
        fi
        case $c in
            '(' | ')' | '{' | '}' | '|' | '+' | '?') out+="\\$c" ;;
            '[') out+=$c; inbracket=1 ;;
            *) out+=$c ;;
        esac
    done
    printf '%s' "$out"
}

wait_idle() {
    [ -n "${BENCH_IDLE_LOAD:-}" ] || return 0
    local deadline=$((SECONDS + ${BENCH_IDLE_WAIT:-600}))
    while awk -v max="$BENCH_IDLE_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && [ $SECONDS -lt $deadline ]; do
        echo "waiting for load average $(cut -d' ' -f1 /proc/loadavg) < $BENCH_IDLE_LOAD" >&2
        sleep 15
    done
}

is_go() { readelf -SW "$1" | grep -q '\.gopclntab'; }

dlv_regex() { # bin regex
    if ! is_go "$1" && [[ $2 == ^* ]]; then printf '^C\\.%s' "${2#^}"; else printf '%s' "$2"; fi
}

# Counters: each reads a tool's stdout and prints how many functions it listed.
count_lines() { grep -c . "$1" || true; }
count_gdb() { grep -cE $'^([0-9]+:)?\t.*;$|^0x[0-9a-f]+ ' "$1" || true; }
count_dlv() { grep -v "^Type 'help'" "$1" | grep -c . || true; }

# Kills a target dlv left behind (it should kill what it launched on exit), by pid only.
reap_dlv_target() { # bin
    local pids
    pids=$(pgrep -x -f "$1" || true)
    if [ -n "$pids" ]; then
        echo "warning: dlv left $1 running (pids $pids); killing them" >&2
        kill -9 $pids 2>/dev/null || true
    fi
}

# measure KEY COUNTER CMD...: one timed run; appends "seconds kib count rc cpu-seconds" to $WORK/KEY.
measure() {
    local key=$1 counter=$2 rc=0
    shift 2
    timeout 600 /usr/bin/time -o "$WORK/time" -f '%e %M %U %S' "$@" > "$WORK/out" 2> "$WORK/err" < /dev/null || rc=$?
    local t m u sy
    read -r t m u sy < <(tail -n1 "$WORK/time")
    echo "$t $m $($counter "$WORK/out") $rc $(awk -v u="$u" -v s="$sy" 'BEGIN { print u + s }')" >> "$WORK/$key"
    if [ "$rc" != 0 ]; then
        echo "warning: $key exited with $rc: $(head -c 300 "$WORK/err")" >&2
        cp "$WORK/err" "$WORK/$key.err"
    fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -n1; }
secs() { awk '{ printf "%.2f\n", $1 }'; }
mib() { awk '{ printf "%.1f\n", $1 / 1024 }'; }

# row TARGET REGEX TOOL KEY NOTE: one markdown table row from the runs recorded under KEY.
row() {
    local target=$1 regex=$2 tool=$3 key=$4 note=$5 f="$WORK/$4"
    local counts tmed tmin mmed mmin rcs cmed
    counts=$(cut -d' ' -f3 "$f" | sort -u | paste -sd/)
    tmed=$(cut -d' ' -f1 "$f" | median | secs); tmin=$(cut -d' ' -f1 "$f" | minimum | secs)
    mmed=$(cut -d' ' -f2 "$f" | median | mib); mmin=$(cut -d' ' -f2 "$f" | minimum | mib)
    rcs=$(cut -d' ' -f4 "$f" | sort -u | paste -sd/)
    cmed=$(cut -d' ' -f5 "$f" | median | secs)
    [ "$rcs" != 0 ] && note="$note; exit status $rcs"
    printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$target" "$regex" "$tool" "$counts" "$tmed" "$tmin" "$cmed" "$mmed" "$mmin" "$note"
}

have_jar=0
have_bench=0
if [ -f "$JAR" ]; then
    have_jar=1
    { jar tf "$JAR" 2>/dev/null || unzip -Z1 "$JAR" 2>/dev/null; } | grep -qx 'io/tinydbg/cli/IndexBench.class' && have_bench=1
    [ "$have_bench" = 1 ] || echo "tinydbg: io.tinydbg.cli.IndexBench not in $JAR, skipping the warm measurement" >&2
else
    echo "tinydbg: jar not found ($JAR), skipping tinydbg" >&2
fi

RESULTS="$HERE/results-$(date -u +%F).md"
{
    echo "# Function index benchmark, $(date -u +'%F %T UTC')"
    echo
    echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
         "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)."
    echo "Tools: $(go version | cut -d' ' -f3), dlv $(dlv version | sed -n 's/^Version: //p'),"\
         "$(gdb --version | head -n1), $(nm --version | head -n1),"\
         "java $(java -version 2>&1 | head -n1 | cut -d'"' -f2)."
    echo "Runs per cell: $RUNS (tools interleaved), /usr/bin/time -f '%e %M %U %S'; times in s (CPU = user + sys),"\
         "peak RSS in MiB. Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
    for t in $TARGETS; do
        echo "Target $t: $(stat -c %s "$TARGET_DIR/$t") bytes."
    done
    echo
    echo '| target | regex | tool | functions | median s | min s | median CPU s | median RSS MiB | min RSS MiB | note |'
    echo '|---|---|---|---|---|---|---|---|---|---|'
} > "$WORK/table"
cat "$WORK/table"

n=0
for t in $TARGETS; do
    bin="$TARGET_DIR/$t"
    cat "$bin" > /dev/null   # page cache warm for every tool alike
    if [ $# -gt 0 ]; then regexes=("$@"); else mapfile -t regexes < <(default_regexes "$t"); fi
    for re in "${regexes[@]}"; do
        n=$((n + 1))
        wait_idle
        bre=$(to_bre "$re")
        printf 'funcs %s\nexit\n' "$(dlv_regex "$bin" "$re")" > "$WORK/dlv-init"
        for k in nm nmC gdb dlv tdb; do echo "$t \`$re\` $k" > "$WORK/$n.$k.label"; done
        for ((r = 1; r <= RUNS; r++)); do
            echo "[$t $re] run $r/$RUNS" >&2
            measure "$n.nm" count_lines bash -c 'nm --defined-only "$1" | sed -n "s/^[0-9a-f]* [TtWi] //p" | grep -E -e "$2"' _ "$bin" "$re"
            measure "$n.nmC" count_lines bash -c 'nm -C --defined-only "$1" | sed -n "s/^[0-9a-f]* [TtWi] //p" | grep -E -e "$2"' _ "$bin" "$re"
            measure "$n.gdb" count_gdb gdb -batch -ex "info functions $bre" "$bin"
            measure "$n.dlv" count_dlv dlv exec --allow-non-terminal-interactive=true --init "$WORK/dlv-init" "$bin"
            reap_dlv_target "$bin"
            if [ "$have_jar" = 1 ]; then
                measure "$n.tdb" count_lines java "${JAVA_ARGS[@]}" -jar "$JAR" functions "$bin" "$re" --format jsonl
            fi
        done
        {
            row "$t" "$re" 'nm \| grep -E' "$n.nm" 'symbols only, no return sites'
            row "$t" "$re" 'nm -C \| grep -E' "$n.nmC" 'symbols only, no return sites'
            row "$t" "$re" 'gdb info functions' "$n.gdb" "names and signatures, BRE \`$bre\`"
            row "$t" "$re" 'dlv exec + funcs' "$n.dlv" "names only, includes launching the target; regex \`$(dlv_regex "$bin" "$re")\`"
            if [ "$have_jar" = 1 ]; then
                row "$t" "$re" 'tinydbg functions --format jsonl' "$n.tdb" 'whole process incl. JVM start, with return sites'
            else
                printf '| %s | `%s` | %s | TBD | TBD | TBD | TBD | TBD | TBD | tinydbg: jar not found |\n' "$t" "$re" 'tinydbg functions --format jsonl'
            fi
            if [ "$have_bench" = 1 ]; then
                # One process; IndexBench repeats internally and reports the median warm time and the first (cold) one.
                /usr/bin/time -o "$WORK/ib.time" -f '%e %M' java "${JAVA_ARGS[@]}" -cp "$JAR" io.tinydbg.cli.IndexBench \
                    "$bin" "$re" > "$WORK/ib.out" 2> "$WORK/ib.err" < /dev/null || true
                line=$(grep 'warm_ms=' "$WORK/ib.out" | tail -n1 || true)
                ibrss=$(tail -n1 "$WORK/ib.time" | cut -d' ' -f2 | mib)
                warm=$(sed -n 's/.*warm_ms=\([0-9.]*\).*/\1/p' <<< "$line")
                cold=$(sed -n 's/.*cold_ms=\([0-9.]*\).*/\1/p' <<< "$line")
                fns=$(sed -n 's/.*functions=\([0-9]*\).*/\1/p' <<< "$line")
                printf '| %s | `%s` | %s | %s | %s | %s | - | %s | - | in-process warm median (min column: first, cold); RSS: whole IndexBench process; `%s` |\n' \
                    "$t" "$re" 'tinydbg IndexBench (warm)' "${fns:-?}" \
                    "$(awk -v v="${warm:-nan}" 'BEGIN { printf "%.3f", v / 1000 }')" \
                    "$(awk -v v="${cold:-nan}" 'BEGIN { printf "%.3f", v / 1000 }')" "$ibrss" "${line:-no output: $(head -c 200 "$WORK/ib.err")}"
            else
                printf '| %s | `%s` | %s | TBD | TBD | TBD | - | - | - | in-process warm; IndexBench not available |\n' "$t" "$re" 'tinydbg IndexBench (warm)'
            fi
        } | tee -a "$WORK/table"
    done
done

# Baseline: the JVM's own start and exit (an empty main), the floor under any whole-process tinydbg time.
mkdir -p "$WORK/noop"
printf 'public class Noop { public static void main(String[] a) { } }\n' > "$WORK/noop/Noop.java"
javac -d "$WORK/noop" "$WORK/noop/Noop.java"
for ((r = 1; r <= RUNS; r++)); do
    measure jvm count_lines java "${JAVA_ARGS[@]}" -cp "$WORK/noop" Noop
done
{
    echo
    echo 'Baseline:'
    echo
    echo '| target | regex | tool | functions | median s | min s | median CPU s | median RSS MiB | min RSS MiB | note |'
    echo '|---|---|---|---|---|---|---|---|---|---|'
    row '-' '-' 'java (empty main)' jvm 'JVM start and exit only'
    echo
    echo "Raw runs (wall s/CPU s/peak KiB per run, in order). Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    for f in $(for ((i = 1; i <= n; i++)); do for k in nm nmC gdb dlv tdb; do echo "$WORK/$i.$k"; done; done) "$WORK/jvm"; do
        [ -f "$f" ] || continue
        echo "- $(cat "$f.label" 2>/dev/null || basename "$f"): $(awk '{ printf "%s%s/%s/%s", (NR > 1 ? " " : ""), $1, $5, $2 }' "$f")"
    done
} | tee -a "$WORK/table"

cp "$WORK/table" "$RESULTS"
echo "results written to $RESULTS" >&2
