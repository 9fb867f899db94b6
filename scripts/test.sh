#!/usr/bin/env bash
# Runs every test of rgo on a fresh machine:
#   1. installs Go's test suite (and sources) if missing,
#   2. builds the workspace once, in release,
#   3. runs the unit and integration tests (cargo test; the runtime's host tests),
#   4. runs Go's `// run` tests with rgo and fails on any regression against
#      tests/gosuite/passing.txt,
#   5. runs Go's `// errorcheck` tests with rgo (the errors reported for bad programs)
#      and fails on any regression against tests/gosuite/errorcheck_passing.txt.
# Exits non-zero as soon as a step fails, naming the step.
set -euo pipefail
cd "$(dirname "$0")/.."

# Where Debian/Ubuntu put Go 1.19's test suite (overridable for a custom install).
GO_TEST_ROOT=${GO_TEST_ROOT:-/usr/share/go-1.19/test}

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

# Root needs no sudo; anyone else does (and sudo may be absent in a container).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else fail "need root to run: $*"
    fi
}

if [ ! -d "$GO_TEST_ROOT" ]; then
    step "installing Go 1.19's sources and test suite"
    # golang-1.19-src has the suite and std sources; golang-go also brings the go
    # command (for bench/ and differential tests). Either provides the suite.
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null || fail "apt-get update failed"
    as_root apt-get install -y -qq golang-1.19-src >/dev/null \
        || as_root apt-get install -y -qq golang-go >/dev/null \
        || fail "could not install golang-1.19-src or golang-go"
    [ -d "$GO_TEST_ROOT" ] || fail "installed Go, but $GO_TEST_ROOT is still missing"
fi

step "cargo build --release --workspace"
cargo build --release --workspace || fail "build failed"

step "cargo test --release --workspace"
cargo test --release --workspace || fail "cargo test failed"

# The runtime is its own workspace (no_std staticlib, built by crates/rgo/build.rs);
# its pure parts (size classes, hashing, the map table, UTF-8, select order) have
# host tests of their own.
step "cargo test --manifest-path crates/runtime/Cargo.toml"
cargo test --release --offline --manifest-path crates/runtime/Cargo.toml || fail "runtime host tests failed"

# The runtime's Rust code runs without stack checks on 2 KB goroutine stacks: its
# deepest path from any entry that these programs reach must fit in STACK_GUARD
# (runtime stack.rs), and what follows an ensurestack in DEEP_STACK (mgc.rs).
step "runtime stack depth (scripts/runtime_stack_depth.py)"
if ! command -v objdump >/dev/null || ! command -v python3 >/dev/null; then
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq binutils python3 >/dev/null \
        || fail "the stack depth check needs objdump (binutils) and python3"
fi
depth_dir=$(mktemp -d)
for prog in tests/programs/*.go bench/programs/*.go; do
    exe="$depth_dir/$(basename "$prog" .go)"
    target/release/rgo build -o "$exe" "$prog" >/dev/null 2>&1 || continue
    python3 scripts/runtime_stack_depth.py "$exe" >"$exe.depth" \
        || { cat "$exe.depth"; fail "runtime code too deep for a goroutine stack ($prog)"; }
done
rm -rf "$depth_dir"

step "Go test suite (regressions against tests/gosuite/passing.txt)"
target/release/rgo-gosuite \
    --compiler target/release/rgo \
    --root "$GO_TEST_ROOT" \
    --list tests/gosuite/passing.txt \
    || fail "Go test suite: a test in tests/gosuite/passing.txt no longer passes"

# A few seconds: errorcheck tests only type-check, nothing is linked or run.
step "Go test suite, errorcheck (regressions against tests/gosuite/errorcheck_passing.txt)"
target/release/rgo-gosuite \
    --mode errorcheck \
    --compiler target/release/rgo \
    --root "$GO_TEST_ROOT" \
    --list tests/gosuite/errorcheck_passing.txt \
    || fail "Go test suite: a test in tests/gosuite/errorcheck_passing.txt no longer passes"

# The collector's stress mode (GODEBUG=gcstress=N: a collection at every N-th
# allocation when the world can stop). CI-sized sample: chan/, ken/ and interface/ at
# every allocation, the whole list at every 200th allocation (peano.go, whose live set
# is a 360000-node list, then makes 2300 full collections).
step "Go test suite under GODEBUG=gcstress=1 (chan/, ken/, interface/)"
GODEBUG=gcstress=1 target/release/rgo-gosuite \
    --compiler target/release/rgo \
    --root "$GO_TEST_ROOT" \
    --list tests/gosuite/passing.txt \
    --filter chan/ --filter ken/ --filter interface/ \
    || fail "Go test suite under gcstress=1: a listed test no longer passes"

step "Go test suite under GODEBUG=gcstress=200"
GODEBUG=gcstress=200 target/release/rgo-gosuite \
    --compiler target/release/rgo \
    --root "$GO_TEST_ROOT" \
    --list tests/gosuite/passing.txt \
    --run-timeout 30 \
    || fail "Go test suite under gcstress=200: a listed test no longer passes"
