#!/usr/bin/env bash
# Known incidents at scale (issue 12): 300 simulated laptops whose runs fail
# T2 against the portal, all within a few seconds, open exactly one incident
# counting the 300; then 5 more failing against another target open none.
# Usage: incident_test.sh SERVER LOADGEN
set -uo pipefail
server=$1 loadgen=$2
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill -KILL "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; cat "$tmp"/*.err 2>/dev/null | tail -n 20; exit 1; }
wait_for() {  # tries, command...: a bounded poll, the server runs on its own
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.05; done
  return 1
}
incidents() {  # SQL: what the database says
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
    "$tmp/data/clicfleet.db" "$1"
}

"$server" init --data-dir "$tmp/data" >/dev/null || fail "init"
printf '[limits]\nenrollments_per_minute = 100000\n' >"$tmp/server.toml"
"$server" serve --data-dir "$tmp/data" --config "$tmp/server.toml" --listen 127.0.0.1:0 \
  --port-file "$tmp/port" --log-level warn 2>>"$tmp/server.err" &
server_pid=$!
wait_for 400 test -s "$tmp/port" || fail "the server did not start"
url="https://127.0.0.1:$(cat "$tmp/port")"

"$loadgen" --server "$url" --data-dir "$tmp/data" --mode storm --agents 300 --window 5 \
  --failing-run T2@portal.example:443 --serial-prefix OUT >"$tmp/outage.out" 2>"$tmp/outage.err" ||
  fail "the outage's loadgen run failed"
open=$(incidents "SELECT count(*) FROM incidents WHERE resolved_at IS NULL")
laptops=$(incidents "SELECT coalesce(max(laptops), 0) FROM incidents")
target=$(incidents "SELECT coalesce(max(code || '@' || target), '') FROM incidents")
echo "300 laptops failing T2 at the portal: $open incident(s), $laptops laptops, $target"
[[ $open == 1 && $laptops == 300 && $target == "T2@portal.example:443" ]] || fail "expected one incident of 300 laptops"

"$loadgen" --server "$url" --data-dir "$tmp/data" --mode storm --agents 5 --window 2 \
  --failing-run T2@other.example:443 --serial-prefix FEW >"$tmp/few.out" 2>"$tmp/few.err" ||
  fail "the second loadgen run failed"
open=$(incidents "SELECT count(*) FROM incidents")
echo "5 more failing against another target: $open incident(s) in all"
[[ $open == 1 ]] || fail "5 failures opened an incident"
echo "known incidents at scale: one for the outage, none for a few"
