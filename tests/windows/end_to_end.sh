#!/usr/bin/env bash
# The Windows agent against a real clicfleet-server on loopback, under wine
# (issue 16): what wine answers of this machine is captured, enrolled over
# WinHTTP with the fleet's CA, reported; a server with another CA is
# refused; a server outage queues the reports, which arrive once each when
# it is back; clicfleet-agent.exe itself enrolls, runs the probe ladder
# and reports. The server's database is read to check what it stored.
# Usage: tests/windows/end_to_end.sh SERVER_BIN_DIR WINDOWS_BUILD_DIR
set -euo pipefail

server_bin=$(realpath "$1")
windows_build=$(realpath "$2")
exchange="$windows_build/tests/windows/windows_server_exchange.exe"
export WINEPREFIX=${WINEPREFIX:-$windows_build/wineprefix}
work=$(mktemp -d)
# shellcheck source=tests/windows/lib.sh
source "$(dirname "$0")/lib.sh"
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Runs the exchange program under wine; its output, without wine's own notes.
exchange() { "$wine" "$exchange" "$@" 2> >(grep -v '^wine: ' >&2); }

echo "end-to-end: a server on loopback"
"$server_bin/clicfleet-server" init --data-dir "$work/data" >/dev/null
start_server 0
port=$(cat "$work/port")
url="https://127.0.0.1:$port"
ca=$(winpath "$work/data/tls/ca.pem")
secret=$(winpath "$work/data/enroll_secret")
state=$(winpath "$work/state")
capture=$(winpath "$work/capture")

echo "end-to-end: capture what wine answers, enroll and report over WinHTTP"
agent="$windows_build/bin/clicfleet-agent.exe"
run_agent() { "$wine" "$agent" "$@" 2> >(grep -v '^wine: ' >&2); }
run_agent capture "$capture" >/dev/null || fail "clicfleet-agent.exe capture"
out=$(exchange enroll "$url" "$ca" "$secret" "$state" "$capture") || fail "enroll: $out"
device=$(sed -n 's/^enrolled as device \(.*\)$/\1/p' <<<"$out" | tr -d '\r')
[[ -n $device ]] || fail "no device id in: $out"
out=$(exchange report "$url" "$ca" "$secret" "$state" "$capture") || fail "report: $out"
grep -q "acknowledged through seq 1" <<<"$out" || fail "first report: $out"
product=$(sed -n 's/^"productname"="\(.*\)"\r\?$/\1/p' "$work/capture/registry.reg")
[[ -n $product ]] || fail "no product name in the capture"
stored=$(sql "SELECT os_name, hostname FROM devices WHERE id = '$device'")
[[ $stored == "$product|"* ]] || fail "the server stored '$stored', not the OS '$product'"
sql "SELECT inventory_json FROM device_inventory WHERE device_id = '$device'" |
  grep -q '"agent_version"' || fail "no inventory stored"
echo "end-to-end: the server shows device $device as '$stored'"

echo "end-to-end: a server whose certificate another CA signed is refused"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=Another CA" -keyout "$work/other.key" -out "$work/other.pem" 2>/dev/null
if out=$(exchange enroll "$url" "$(winpath "$work/other.pem")" "$secret" \
  "$(winpath "$work/other-state")" "$capture"); then
  fail "enrolled with another CA: $out"
fi
grep -q "not issued by the fleet's CA" <<<"$out" || fail "refusal not explained: $out"

echo "end-to-end: an outage queues the reports; they arrive once each after it"
stop_server
for _ in 1 2; do
  if out=$(exchange report "$url" "$ca" "$secret" "$state" "$capture"); then
    fail "reported with the server down: $out"
  fi
done
start_server "$port"
out=$(exchange report "$url" "$ca" "$secret" "$state" "$capture") || fail "after the outage: $out"
grep -q "acknowledged through seq 4 (3 reports)" <<<"$out" || fail "after the outage: $out"
seqs=$(sql "SELECT group_concat(seq) FROM (SELECT seq FROM reports WHERE device_id = '$device' ORDER BY seq)")
[[ $seqs == "1,2,3,4" ]] || fail "the server holds seqs $seqs, not 1,2,3,4"
echo "end-to-end: clicfleet-agent.exe enrolls, runs the probe ladder and reports"
exe_state=$(winpath "$work/exe-state")
out=$(run_agent enroll --server "$url" --ca "$ca" --enroll-secret-file "$secret" \
  --state-dir "$exe_state") || fail "clicfleet-agent.exe enroll: $out"
out=$(run_agent once --state-dir "$exe_state") || fail "clicfleet-agent.exe once: $out"
grep -q "report acknowledged" <<<"$out" || fail "clicfleet-agent.exe once: $out"
runs=$(sql "SELECT count(*) FROM connectivity_runs WHERE device_id = '$device'")
[[ $runs -ge 1 ]] || fail "no connectivity run stored for the laptop"
out=$(run_agent diagnose --state-dir "$exe_state" --json || true)
grep -q '"support_code"' <<<"$out" || fail "diagnose --json: $out"
echo "end-to-end: passed (enroll, report, refusal of another CA, outage and recovery, the .exe's ladder)"
