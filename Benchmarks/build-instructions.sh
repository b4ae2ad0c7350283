#!/usr/bin/env bash
# Instruction count of one `infrabook build` of a generated synthetic book under valgrind's callgrind:
# unlike wall time on a shared machine, the count repeats to within a fraction of a percent, so it shows
# whether a change to the build made it cheaper. Prints the total and leaves the callgrind profile.
#
#   usage: Benchmarks/build-instructions.sh [PAGES]     (default 100; valgrind runs ~50x slower)
#   env:   BIN=path/to/infrabook  CONTENT=Content  PROFILE=/tmp/infrabook.callgrind
#   read:  callgrind_annotate --inclusive=yes "$PROFILE" | swift demangle --simplified | less
#
# valgrind 3.19 gives up on the DWARF of a Swift 6 release binary, so a copy without debug sections
# (symbols kept) is profiled.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-100}
BIN=${BIN:-.build/release/infrabook}
CONTENT=${CONTENT:-Content}
PROFILE=${PROFILE:-/tmp/infrabook.callgrind}
[ -x "$BIN" ] || { echo "no release binary at $BIN: run 'swift build -c release --product infrabook'" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is missing" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/infrabook-instructions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 Benchmarks/generate-synthetic.py --pages "$PAGES" --out "$WORK/synthetic" --data "$(cd "$CONTENT/data" && pwd)"
objcopy --strip-debug "$BIN" "$WORK/infrabook"
valgrind --tool=callgrind --callgrind-out-file="$PROFILE" "$WORK/infrabook" build --content "$WORK/synthetic" \
  --output "$WORK/out" --templates Templates >/dev/null 2>"$WORK/valgrind.log" || { tail -20 "$WORK/valgrind.log" >&2; exit 1; }
echo "synthetic-$PAGES: $(grep -o 'Collected : [0-9]*' "$WORK/valgrind.log" | awk '{print $3}') instructions (profile: $PROFILE)"
