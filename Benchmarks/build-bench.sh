#!/usr/bin/env bash
# Build-speed benchmark: times a whole `infrabook build` of Content/ and of a generated 1,000-page
# knowledge base with the release binary, and in the same run Debian's cmark-gfm over the same
# Markdown files as the floor. Reports the median of several runs and the ratio to the floor.
#
#   usage: Benchmarks/build-bench.sh [RUNS]        (default 5; needs .build/release/infrabook)
#   env:   BIN=path/to/infrabook  CONTENT=Content  PAGES=1000  JOBS=<cores>
#
# Two floors are measured, both with every core in use (ratios are medians of per-run ratios):
#   cmark-gfm per file: one cmark-gfm process per page writing one HTML file (what converting the
#     pages with the CLI costs; the ratio is taken against this one);
#   cmark-gfm one process: all pages streamed through a single process (pure parse+render throughput,
#     split across JOBS processes).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BIN=${BIN:-.build/release/infrabook}
PAGES=${PAGES:-1000}
CONTENT=${CONTENT:-Content}
JOBS=${JOBS:-$(nproc)}
EXTENSIONS=(-e table -e strikethrough -e autolink -e tagfilter -e tasklist)

[ -x "$BIN" ] || { echo "no release binary at $BIN: run 'swift build -c release --product infrabook'" >&2; exit 2; }
command -v cmark-gfm >/dev/null || { echo "cmark-gfm is missing: run 'make setup'" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/infrabook-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 Benchmarks/generate-synthetic.py --pages "$PAGES" --out "$WORK/synthetic" --data "$(cd "$CONTENT/data" && pwd)"

now() { date +%s.%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f", m }'; }

# Seconds one command takes (its output discarded).
seconds() {
  local start end
  start=$(now)
  "$@" >/dev/null 2>&1
  end=$(now)
  echo "$end - $start" | bc -l
}

build_book() { # content output
  "$BIN" build --content "$1" --output "$2" --templates Templates
}

cmark_per_file() { # pages-folder output-folder
  (cd "$1" && find . -type d -exec mkdir -p "$2/{}" \;)
  (cd "$1" && find . -name '*.md' -print0 | sort -z) |
    OUT="$2" SRC="$1" xargs -0 -P "$JOBS" -n 64 sh -c 'for f; do cmark-gfm '"${EXTENSIONS[*]}"' "$SRC/$f" > "$OUT/${f%.md}.html"; done' sh
}

cmark_one_process() { # pages-folder
  (cd "$1" && find . -name '*.md' -print0 | sort -z) | xargs -0 -P "$JOBS" -n 100000 sh -c 'cd "$0" && cat "$@" | cmark-gfm '"${EXTENSIONS[*]}"' > /dev/null' "$1"
}

report() { # name content-folder
  local name=$1 content=$2 pages bytes
  pages=$(find "$content/pages" -name '*.md' | wc -l)
  bytes=$(find "$content/pages" -name '*.md' -print0 | xargs -0 cat | wc -c)
  rm -rf "$WORK/out-$name"
  if ! build_book "$content" "$WORK/out-$name" >"$WORK/log-$name" 2>&1; then
    echo "infrabook build of $name failed:" >&2; tail -20 "$WORK/log-$name" >&2; return 1
  fi
  # Interleaved: each run times the build and both floors back to back, so a change in the machine's
  # load touches both sides of that run's ratio. Medians of the times and of the per-run ratios.
  local builds=() per_files=() ones=() ratios=() ratios_one=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out-$name" "$WORK/cmark-$name"; mkdir -p "$WORK/cmark-$name"
    local build per_file one
    build=$(seconds build_book "$content" "$WORK/out-$name")
    per_file=$(seconds cmark_per_file "$content/pages" "$WORK/cmark-$name")
    one=$(seconds cmark_one_process "$content/pages")
    builds+=("$build"); per_files+=("$per_file"); ones+=("$one")
    ratios+=("$(echo "$build / $per_file" | bc -l)"); ratios_one+=("$(echo "$build / $one" | bc -l)")
  done
  printf '%-22s %6d pages %9d bytes | infrabook build %7.3f s | cmark-gfm per file %7.3f s (ratio %.2f) | cmark-gfm one process %7.3f s (ratio %.1f)\n' \
    "$name" "$pages" "$bytes" "$(printf '%s\n' "${builds[@]}" | median)" "$(printf '%s\n' "${per_files[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${ones[@]}" | median)" "$(printf '%s\n' "${ratios_one[@]}" | median)"
}

echo "infrabook build-bench: median of $RUNS runs, $JOBS cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
report "$(basename "$CONTENT")" "$CONTENT" || true
report "synthetic-$PAGES" "$WORK/synthetic"
