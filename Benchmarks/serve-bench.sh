#!/usr/bin/env bash
# Load benchmark of `infrabook serve`'s POST /api/size on loopback: starts the server on a free port,
# runs wrk (Debian's package) for a bounded time, prints requests per second and latency percentiles
# (p99 among them), and always stops the server. Usage: serve-bench.sh BINARY [SECONDS] [CONNECTIONS]
set -euo pipefail
binary=${1:-.build/release/infrabook}
seconds=${2:-10}
connections=${3:-16}
log=$(mktemp)
lua=$(mktemp --suffix=.lua)
trap 'kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$log" "$lua"' EXIT

"$binary" serve --content Content --port 0 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  grep -q 'serving http' "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1)
[ -n "$url" ] || { echo "the server printed no address"; cat "$log"; exit 1; }

# The request of issue 22's example; checked once before the run so a refusal is not measured as speed.
body='{"model": "llama-3.1-8b", "precision": "fp8", "users": 10, "context": "8K", "gpu": ["h100-sxm"]}'
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "${url}api/size")
[ "$status" = 200 ] || { echo "POST /api/size answered $status"; exit 1; }
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
timeout $((seconds + 30)) wrk --latency -t2 -c"$connections" -d"${seconds}s" -s "$lua" "${url}api/size"
