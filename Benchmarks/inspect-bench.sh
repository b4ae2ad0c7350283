#!/usr/bin/env bash
# Sizing from a header: times `infrabook inspect` on a DeepSeek-V3-shaped GGUF header (a ~380 GB
# sparse file; see generate-gguf-header.py) and, in the same run, the process start alone
# (`infrabook --help`), and prints the medians. Reading the header should cost little beyond start.
#
#   usage: Benchmarks/inspect-bench.sh [RUNS]      (default 9)
#   env:   BIN=path/to/infrabook (default .build/debug/infrabook)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-9}
BIN=${BIN:-.build/debug/infrabook}
[ -x "$BIN" ] || { echo "no binary at $BIN: run 'swift build'" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/infrabook-inspect.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 Benchmarks/generate-gguf-header.py "$WORK/deepseek-v3.gguf"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_one() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }

start=(); inspect=(); size=()
for _ in $(seq "$RUNS"); do
  start+=("$(time_one "$BIN" --help)")
  inspect+=("$(time_one "$BIN" inspect "$WORK/deepseek-v3.gguf")")
  size+=("$(time_one "$BIN" size --model "$WORK/deepseek-v3.gguf" --gpu h200 --format json)")
done
s=$(printf '%s\n' "${start[@]}" | median); i=$(printf '%s\n' "${inspect[@]}" | median); z=$(printf '%s\n' "${size[@]}" | median)
echo "process start (--help):        ${s} us"
echo "inspect 380 GB GGUF header:    ${i} us"
echo "size --model the same file:    ${z} us (loads the catalog too)"
"$BIN" inspect "$WORK/deepseek-v3.gguf" --format json | /usr/bin/python3 -c \
  'import json,sys; d=json.load(sys.stdin); print("bytes read:", d["bytes_read"], "of a", d["weights_bytes"], "byte model")'
