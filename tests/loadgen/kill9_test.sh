#!/usr/bin/env bash
# Issue 6 "faults under load", at CI scale: during a steady loadgen run the
# server is killed with SIGKILL and restarted on the same port; the agents'
# retries must bring every report in, none twice, as the loadgen's final
# check of the database says. Usage: kill9_test.sh SERVER LOADGEN
set -uo pipefail
server=$1 loadgen=$2
tmp=$(mktemp -d)
server_pid="" loadgen_pid=""
cleanup() {
  [[ -n $loadgen_pid ]] && kill -KILL "$loadgen_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill -KILL "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; [[ -f $tmp/loadgen.out ]] && cat "$tmp/loadgen.out" "$tmp/loadgen.err"; exit 1; }
# Polls a condition in a bounded loop: the processes under test run on their own.
wait_for() {  # tries, command...
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.05; done
  return 1
}
serve() {  # listen address
  "$server" serve --data-dir "$tmp/data" --listen "$1" --port-file "$tmp/port" \
    --log-level warn 2>>"$tmp/server.log" &
  server_pid=$!
}
acked_at_least() {  # n: the loadgen's last progress line shows n acknowledged reports
  local line; line=$(grep -a 'reports' "$tmp/loadgen.err" | tail -n 1)
  [[ $line =~ reports\ +([0-9]+) ]] && (( BASH_REMATCH[1] >= $1 ))
}

"$server" init --data-dir "$tmp/data" >/dev/null || fail "init"
serve 127.0.0.1:0
wait_for 400 test -s "$tmp/port" || fail "the server did not start"
port=$(cat "$tmp/port")

"$loadgen" --server "https://127.0.0.1:$port" --data-dir "$tmp/data" --mode steady \
  --agents 40 --interval 0.25 --duration 8 >"$tmp/loadgen.out" 2>"$tmp/loadgen.err" &
loadgen_pid=$!
wait_for 400 acked_at_least 100 || fail "no reports acknowledged before the kill"

kill -KILL "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
rm -f "$tmp/port"
serve "127.0.0.1:$port"
wait_for 400 test -s "$tmp/port" || fail "the server did not restart on port $port"

wait "$loadgen_pid"; rc=$?; loadgen_pid=""
out=$(cat "$tmp/loadgen.out")
echo "$out"
[[ $rc -eq 0 ]] || fail "the loadgen's check failed (exit $rc)"
grep -q "lost 0, duplicated 0, unfinished agents 0" <<<"$out" || fail "reports lost or doubled"
grep -q "^errors" <<<"$out" || fail "no errors: the kill did not happen during the run"
echo "kill -9 under load: nothing lost, nothing doubled"
