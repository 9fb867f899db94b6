#!/usr/bin/env bash
# rgo vs gc, side by side, in one command:
#
#   bench/run.sh                 # everything
#   bench/run.sh fib sieve       # only these programs from bench/programs/ (hello always)
#
# Measures, for rgo and for `go`:
#   hello: build time of examples/hello.go (warm cache, median), binary size,
#          start-up time of the binary (median of $STARTUP_RUNS runs);
#   every bench/programs/NAME.go: run time (median of $PROG_RUNS runs), binary size,
#          and whether rgo's output equals gc's.
#   parallel.go also: the speed-up from GOMAXPROCS=1 to GOMAXPROCS=2, for each toolchain;
#   gcpause.go also: the collector's stop-the-world time per cycle (99th percentile
#   and longest), read from GODEBUG=gctrace=1.
# Max RSS (from /usr/bin/time -v) is shown where it means something.
# A program rgo cannot build is reported as "build failed" and the rest goes on.
# Numbers only inform: no threshold here decides pass or fail.
#
# Tunables (environment): BUILD_RUNS (10), STARTUP_RUNS (200), PROG_RUNS (5),
# RGO (default target/release/rgo, built first), GO (default go),
# BENCH_NO_HYPERFINE=1 (time with a plain loop even if hyperfine is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C # decimal points, sort order

BUILD_RUNS=${BUILD_RUNS:-10}
STARTUP_RUNS=${STARTUP_RUNS:-200}
PROG_RUNS=${PROG_RUNS:-5}
RGO=${RGO:-target/release/rgo}
GO=${GO:-go}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1
    fi
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- tools -------------------------------------------------------------------------
if [ "${RGO}" = target/release/rgo ] && ! cargo build --release -q -p rgo >"$WORK/cargo.log" 2>&1; then
    # Still show gc's numbers: every rgo cell then reads "build failed".
    echo "bench: cargo build of rgo failed; using the last build if there is one" >&2
    tail -n 5 "$WORK/cargo.log" >&2
fi
if ! command -v "$GO" >/dev/null; then
    echo "bench: installing golang-go (the reference)" >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq golang-go >/dev/null \
        || { echo "bench: go is missing and could not be installed" >&2; exit 1; }
fi
# hyperfine times more carefully (warm-up, outlier detection); a plain loop does too.
if ! command -v hyperfine >/dev/null; then
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
HYPERFINE=$(command -v hyperfine || true)
[ -z "${BENCH_NO_HYPERFINE:-}" ] || HYPERFINE="" # to check the fallback loop
TIME_V=$(command -v /usr/bin/time || true)


# --- measuring ---------------------------------------------------------------------

# median_seconds RUNS WARMUP CMD...: the median wall time of CMD in seconds.
median_seconds() {
    local runs=$1 warmup=$2; shift 2
    if [ -n "$HYPERFINE" ]; then
        # -N: no intermediate shell, so a 1 ms start-up is not drowned in shell start-up.
        "$HYPERFINE" -N --style none --warmup "$warmup" --runs "$runs" \
            --export-json "$WORK/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 || return 1
        sed -n 's/.*"median": *\([-0-9.eE+]*\).*/\1/p' "$WORK/h.json" | head -n1
        return
    fi
    # Fallback: bash's $EPOCHREALTIME costs no fork, so the loop adds microseconds at most.
    local i t0 t1
    for ((i = 0; i < warmup; i++)); do "$@" >/dev/null 2>&1 || return 1; done
    : >"$WORK/times"
    for ((i = 0; i < runs; i++)); do
        t0=${EPOCHREALTIME/./}
        "$@" >/dev/null 2>&1 || return 1
        t1=${EPOCHREALTIME/./}
        echo $((t1 - t0)) >>"$WORK/times"
    done
    sort -n "$WORK/times" | awk '{a[NR] = $1} END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.9f\n", m / 1e6 }'
}

# max_rss_kb CMD...: peak resident set size of one run, in KiB ("" if unknown).
max_rss_kb() {
    [ -n "$TIME_V" ] || return 0
    "$TIME_V" -v -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
    sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/rss"
}

# --- the table ---------------------------------------------------------------------
NOTES=()
# note_failure WHAT TOOL: remembers the first line of the failed build's log.
note_failure() {
    NOTES+=("$1: $2: build failed: $(grep -v '^#' "$WORK/build.log" | head -n1 | cut -c1-100)")
}

printf '%-26s %14s %14s %8s %12s %12s\n' "benchmark" "rgo" "go" "rgo/go" "rgo max RSS" "go max RSS"

# row NAME UNIT RGO GO [RGO_RSS GO_RSS]: values are seconds (UNIT s), bytes (UNIT B) or
# factors (UNIT x, no ratio column), or
# a word ("build failed") that is printed as it is.
row() {
    awk -v name="$1" -v unit="$2" -v r="$3" -v g="$4" -v rr="${5:-}" -v gr="${6:-}" '
    function num(x) { return x ~ /^[-0-9.eE+]+$/ }
    function show(x) {
        if (!num(x)) return x
        if (unit == "B") return sprintf("%d B", x)
        if (unit == "x") return sprintf("%.2fx", x)
        if (x < 1e-3) return sprintf("%.1f us", x * 1e6)
        if (x < 1) return sprintf("%.2f ms", x * 1e3)
        return sprintf("%.3f s", x)
    }
    function mem(x) { return (x == "") ? "-" : sprintf("%.1f MB", x / 1024) }
    BEGIN {
        ratio = (unit != "x" && num(r) && num(g) && g > 0) ? sprintf("%.2f", r / g) : "-"
        printf "%-26s %14s %14s %8s %12s %12s\n", name, show(r), show(g), ratio, mem(rr), mem(gr)
    }'
}

# build_cmd TOOL SRC OUT: sets CMD to the command that builds SRC into OUT.
build_cmd() {
    case $1 in
        rgo) CMD=("$RGO" build -o "$3" "$2") ;;
        go) CMD=("$GO" build -o "$3" "$2") ;;
    esac
}

# try_build: runs CMD; a build that exits 0 without writing its output failed too.
try_build() {
    local out=${CMD[3]}
    rm -f "$out"
    "${CMD[@]}" >"$WORK/build.log" 2>&1 && [ -f "$out" ] && return
    [ -s "$WORK/build.log" ] || echo "exited 0 without writing $(basename "$out")" >"$WORK/build.log"
    return 1
}

# hello: build time, size, start-up.
HELLO=examples/hello.go
declare -A bt size st bt_rss st_rss
for tool in rgo go; do
    bin=$WORK/hello-$tool
    build_cmd "$tool" "$HELLO" "$bin"
    if try_build; then
        # Warm-up runs fill gc's build cache: this compares rebuilds of an unchanged
        # program, which is what a developer waits for most often.
        bt[$tool]=$(median_seconds "$BUILD_RUNS" 2 "${CMD[@]}") || bt[$tool]="failed"
        bt_rss[$tool]=$(max_rss_kb "${CMD[@]}")
        size[$tool]=$(stat -c %s "$bin")
        st[$tool]=$(median_seconds "$STARTUP_RUNS" 5 "$bin") || st[$tool]="run failed"
        st_rss[$tool]=$(max_rss_kb "$bin")
    else
        note_failure hello "$tool"
        bt[$tool]="build failed"; size[$tool]="build failed"; st[$tool]="build failed"
        bt_rss[$tool]=""; st_rss[$tool]=""
    fi
done
row "hello: build time" s "${bt[rgo]}" "${bt[go]}" "${bt_rss[rgo]}" "${bt_rss[go]}"
row "hello: binary size" B "${size[rgo]}" "${size[go]}"
row "hello: start-up time" s "${st[rgo]}" "${st[go]}" "${st_rss[rgo]}" "${st_rss[go]}"

# bench/programs/*.go: run time and size, output checked against gc.
if [ $# -gt 0 ]; then
    programs=()
    for name in "$@"; do programs+=("bench/programs/${name%.go}.go"); done
else
    programs=(bench/programs/*.go)
fi
for src in "${programs[@]}"; do
    name=$(basename "$src" .go)
    declare -A rt=() sz=() rss=()
    for tool in rgo go; do
        bin=$WORK/$name-$tool
        build_cmd "$tool" "$src" "$bin"
        if ! try_build; then
            note_failure "$name" "$tool"
            rt[$tool]="build failed"; sz[$tool]="build failed"; rss[$tool]=""
            continue
        fi
        sz[$tool]=$(stat -c %s "$bin")
        "$bin" >"$WORK/$name-$tool.out" 2>&1 || true
        rt[$tool]=$(median_seconds "$PROG_RUNS" 1 "$bin") || rt[$tool]="run failed"
        rss[$tool]=$(max_rss_kb "$bin")
    done
    # A fast wrong answer is no result: say so instead of a time.
    if [ -f "$WORK/$name-rgo.out" ] && [ -f "$WORK/$name-go.out" ] \
        && ! cmp -s "$WORK/$name-rgo.out" "$WORK/$name-go.out"; then
        rt[rgo]="wrong output"
    fi
    row "$name: run time" s "${rt[rgo]}" "${rt[go]}" "${rss[rgo]}" "${rss[go]}"
    row "$name: binary size" B "${sz[rgo]}" "${sz[go]}"
    # parallel.go: how much faster each toolchain's binary runs with a second P.
    if [ "$name" = parallel ]; then
        declare -A up=()
        for tool in rgo go; do
            bin=$WORK/$name-$tool
            up[$tool]="-"
            [ -x "$bin" ] || continue
            t1=$(median_seconds "$PROG_RUNS" 1 env GOMAXPROCS=1 "$bin") || continue
            t2=$(median_seconds "$PROG_RUNS" 1 env GOMAXPROCS=2 "$bin") || continue
            up[$tool]=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", a / b }')
        done
        row "$name: GOMAXPROCS 1 -> 2" x "${up[rgo]}" "${up[go]}"
    fi
    # gcpause.go: stop-the-world time per collection, from GODEBUG=gctrace=1, whose
    # "A+B+C ms clock" field is the same in both: A and C are the two pauses of a
    # cycle, B the concurrent mark. 99th percentile and longest over all cycles.
    if [ "$name" = gcpause ]; then
        declare -A p99=() pmax=()
        for tool in rgo go; do
            bin=$WORK/$name-$tool
            p99[$tool]="-"; pmax[$tool]="-"
            [ -x "$bin" ] || continue
            GODEBUG=gctrace=1 "$bin" 2>&1 >/dev/null \
                | sed -n 's/^gc .*%: \([0-9.]*\)+[0-9.]*+\([0-9.]*\) ms clock.*/\1 \2/p' \
                | awk '{ print ($1 + $2) / 1000 }' | sort -g >"$WORK/pauses-$tool"
            [ -s "$WORK/pauses-$tool" ] || continue
            p99[$tool]=$(awk '{ a[NR] = $1 } END { k = int(NR * 0.99 + 0.999); print a[k] }' "$WORK/pauses-$tool")
            pmax[$tool]=$(tail -n1 "$WORK/pauses-$tool")
        done
        row "$name: pause p99" s "${p99[rgo]}" "${p99[go]}"
        row "$name: pause max" s "${pmax[rgo]}" "${pmax[go]}"
    fi
done

for note in "${NOTES[@]}"; do echo "$note"; done
