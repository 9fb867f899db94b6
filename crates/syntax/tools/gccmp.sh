#!/bin/bash
# Compares rgo-syntax's diagnostics with gc's on every file of Go's test suite
# (/usr/share/go-1.19/test). For files where gc reports a syntax error, the outputs
# must be identical; elsewhere every rgo diagnostic must also be one of gc's.
# Needs `go` (gc 1.19); a development check, not part of `cargo test`.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
(cd "$root" && cargo build -q --release -p rgo-syntax --example parse) || exit 1
parse="$root/target/release/examples/parse"
tmp=$(mktemp -d)
cd /usr/share/go-1.19/test || exit 1
same=0; differ=0; extra=0
while IFS= read -r f; do
  go tool compile -p p -o "$tmp/x.o" "$f" > "$tmp/gc" 2>&1
  "$parse" "$f" > "$tmp/me"
  if grep -q "syntax error" "$tmp/gc"; then
    if cmp -s "$tmp/gc" "$tmp/me"; then same=$((same+1)); else differ=$((differ+1)); echo "DIFF $f"; fi
  elif [ -s "$tmp/me" ] && grep -vxqF -f "$tmp/gc" "$tmp/me"; then
    extra=$((extra+1)); echo "EXTRA $f"
  fi
done < <(find . -name '*.go' | sort)
echo "gccmp: syntax-error files: $same identical, $differ different; other files with extra diagnostics: $extra"
rm -rf "$tmp"
