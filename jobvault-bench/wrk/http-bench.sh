#!/usr/bin/env bash
# The HTTP benchmark: a fresh server on a temporary data directory, a submit+read+work token that declares the
# job type bench.http (as its worker would), then wrk with 50
# connections against POST /v1/jobs and GET /v1/jobs/{id}, each after a warm-up. Needs wrk (apt-get install wrk).
# Then, with the server stopped, the in-process figure POST is held against (`jobvault bench`'s 16-thread concurrent
# submit on the same filesystem) and the ratio of the two, so one run tells how much the HTTP path costs on this machine.
# Usage: jobvault-bench/wrk/http-bench.sh [seconds-per-run]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-15}"
port="${JOBVAULT_BENCH_PORT:-18765}" # another free port when several people bench on one machine
data="$(mktemp -d)"
command -v wrk >/dev/null || { echo "http-bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
JOBVAULT_ADMIN_TOKEN=unused-admin "$root/jobvault" server --port "$port" --data "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/health/live" && break; sleep 0.5; done
export JOBVAULT_TOKEN
JOBVAULT_TOKEN=$("$root/jobvault" token create --data "$data" --scopes submit,read,work --name bench | awk '{print $1}')
# as a worker that runs bench.http would: the server accepts submits only of types something runs
curl -s -o /dev/null -X POST "http://127.0.0.1:$port/v1/workers/types" -H "Authorization: Bearer $JOBVAULT_TOKEN" \
  -d '{"types": ["bench.http"]}'
run() { # label, wrk args…
  local out; out=$(wrk -t2 -c50 -d"${secs}s" --latency "$@")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx: %s\n' "$label" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" "$(awk '$1=="50%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" "$(awk '/Non-2xx/{print $NF}' <<<"$out" | grep . || echo 0)"
}
label="warm-up" run -s "$root/jobvault-bench/wrk/submit.lua" "http://127.0.0.1:$port/v1/jobs" >/dev/null
label="POST /v1/jobs (durable)" run -s "$root/jobvault-bench/wrk/submit.lua" "http://127.0.0.1:$port/v1/jobs" | tee "$data/post.txt"
export JOBVAULT_JOB_ID
JOBVAULT_JOB_ID=$(curl -s -X POST "http://127.0.0.1:$port/v1/jobs" -H "Authorization: Bearer $JOBVAULT_TOKEN" \
  -d '{"type": "bench.http", "queue": "bench"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
label="warm-up" run -s "$root/jobvault-bench/wrk/get.lua" "http://127.0.0.1:$port" >/dev/null
label="GET /v1/jobs/{id}" run -s "$root/jobvault-bench/wrk/get.lua" "http://127.0.0.1:$port"
kill $server; wait $server 2>/dev/null || true
# the same durability in-process, in the same filesystem: 16 threads each submitting one job at a time
inproc=$("$root/jobvault" bench --store "$data/inproc.db" --jobs 20000 --retained 0 --pickup-samples 1 2>/dev/null | grep -E '^(calibration|submit concurrent):')
echo "$inproc"
awk -v post="$(awk '{print $4}' "$data/post.txt")" '/^submit concurrent:/ {gsub(",", "", $3); if ($3 > 0) printf "POST / in-process concurrent submit: %.2f\n", post / $3}' <<<"$inproc"
