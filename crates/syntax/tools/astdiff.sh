#!/bin/bash
# Compares rgo-syntax's AST dump with go/parser's (tools/astdump) for Go files that
# gc accepts. Usage: tools/astdiff.sh [DIR...]  (default: the std sources).
# Needs `go`; a development check, not part of `cargo test`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
dirs=("$@")
[ ${#dirs[@]} -eq 0 ] && dirs=(/usr/lib/go-1.19/src)
tmp=$(mktemp -d)
(cd "$here/astdump" && go build -o "$tmp/astdump" main.go) || exit 1
(cd "$root" && cargo build -q --release -p rgo-syntax --example parse) || exit 1
parse="$root/target/release/examples/parse"
total=0; same=0; differ=0
while IFS= read -r f; do
  "$tmp/astdump" "$f" > "$tmp/want" 2>/dev/null || continue
  total=$((total+1))
  "$parse" -ast "$f" 2>&1 | grep -v "^$f:" > "$tmp/got"
  if cmp -s "$tmp/want" "$tmp/got"; then same=$((same+1)); else
    differ=$((differ+1)); echo "DIFF $f"
  fi
done < <(find -H "${dirs[@]}" -name '*.go' -not -path '*/testdata/*' | sort)
echo "astdiff: $total files, $same identical, $differ different"
rm -rf "$tmp"
