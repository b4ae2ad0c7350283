#!/usr/bin/env bash
# How long `infrabook serve` takes to bring the served book up to date after an edit, against a full
# build of the same book: serves a temporary copy of Content/ and Templates/, waits for the first
# (full) build, then makes one-page edits, a price edit and a template edit one at a time and prints
# the server's own line for each rebuild (pages evaluated and seconds). Always stops the server.
# Usage: serve-rebuild.sh BINARY [EDITS]
set -euo pipefail
binary=$(realpath "${1:-.build/release/infrabook}")
edits=${2:-3}
copy=$(mktemp -d)
cp -r Content Templates "$copy"/
log="$copy/serve.log"
trap 'kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$copy"' EXIT

builds() { grep -c '^built' "$log" || true; }
wait_for_build() { # waits for build number $1 (at most 120 s), then prints its line
  for _ in $(seq 1 1200); do
    [ "$(builds)" -ge "$1" ] && { grep '^built' "$log" | sed -n "${1}p"; return; }
    sleep 0.1
  done
  echo "no build $1 within 120 s"; cat "$log"; exit 1
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
SOURCE_DATE_EPOCH=1795910400 "$binary" serve --content "$copy/Content" --templates "$copy/Templates" --port 0 >"$log" 2>&1 &
server=$!
echo "full build:    $(wait_for_build 1)"
n=1
for i in $(seq 1 "$edits"); do
  sleep 1
  sed -i "0,/^# /s//Edited while serving, pass $i.\n\n# /" "$copy/Content/pages/core-terms.md"
  n=$((n + 1)); echo "one page:      $(wait_for_build $n)"
done
sleep 1
sed -i 's/on_demand: { price: 2.99, range: \[1.99, 5\]/on_demand: { price: 4.44, range: [1.99, 5]/' "$copy/Content/data/prices.yaml"
n=$((n + 1)); echo "one price:     $(wait_for_build $n)"
sleep 1
printf '<!-- edited -->\n' >> "$copy/Templates/layout.mustache"
n=$((n + 1)); echo "one template:  $(wait_for_build $n)"
