#!/usr/bin/env bash
# The server's figures against SPEC §9, on this machine (issue 6): a release
# build, a fresh server on 127.0.0.1, then clicfleet-loadgen in each mode.
# On demand, not part of CI. Usage: scripts/bench.sh [--quick]
#   --quick  smaller runs (a minute in all) to try the script itself
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[[ ${1:-} == --quick ]] && quick=true

scripts/install-deps.sh
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target clicfleet-server clicfleet-loadgen
server_bin=$build/bin/clicfleet-server
loadgen=$build/bin/clicfleet-loadgen

# 10,000 idle connections need as many descriptors on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d)
server_pid=""
stop_server() {
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  server_pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT

start_server() {  # a fresh data directory each time
  stop_server
  rm -rf "$tmp/data" "$tmp/port"
  "$server_bin" init --data-dir "$tmp/data" >/dev/null
  cat >"$tmp/server.toml" <<TOML
[server]
threads = 2
[limits]
max_connections = 30000
idle_timeout_ms = 600000
TOML
  "$server_bin" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 --port-file "$tmp/port" \
    --config "$tmp/server.toml" --log-level warn 2>"$tmp/server.log" &
  server_pid=$!
  for _ in $(seq 1 200); do [[ -s $tmp/port ]] && break; sleep 0.05; done
  [[ -s $tmp/port ]] || { echo "the server did not start" >&2; exit 1; }
  url=https://127.0.0.1:$(cat "$tmp/port")
}
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status"; }
loadgen() {  # title, loadgen arguments...
  local title=$1; shift
  echo
  echo "== $title"
  echo "   $loadgen --server URL --data-dir DIR $*"
  "$loadgen" --server "$url" --data-dir "$tmp/data" "$@" 2>/dev/null | sed 's/^/   /'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "command: scripts/bench.sh ${*:-}"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

if $quick; then
  steady=(--agents 300 --interval 0.1 --duration 10)
  storm=(--agents 1000 --window 10)
  idle=2000
else
  steady=(--agents 2000 --interval 0.2 --duration 30)
  storm=(--agents 7600 --window 60)
  idle=10000
fi

start_server
echo
echo "== server RSS idle: $(rss_mb) MB (target: none; SPEC §9 sets the agent's)"

loadgen "ingest: heartbeats over keep-alive, durable (target ≥ 5,000 reports/s)" \
  --mode steady "${steady[@]}"
echo "   server RSS under this load, at its end: $(rss_mb) MB"

start_server
loadgen "enrollment day (not a target): every laptop enrolls and sends its full inventory" \
  --mode storm "${storm[@]}"
loadgen "boot storm: the enrolled laptops all report within the window, each on fresh TLS connections (target: p99 < 1 s, none lost)" \
  --mode storm "${storm[@]}"
loadgen "full TLS handshakes (ECDSA P-256), as fast as they come (target ≥ 1,500/s; the client's handshakes share the 2 cores)" \
  --mode storm --agents "${storm[1]}" --window 0 --no-check
loadgen "the same with TLS session resumption (each agent's second connection resumes)" \
  --mode storm --agents "${storm[1]}" --window 0 --resume --no-check

start_server
loadgen "backlog: 500 agents upload 200 queued reports each after an outage" \
  --mode backlog --agents 500 --backlog 200

start_server
"$loadgen" --server "$url" --data-dir "$tmp/data" --mode connections --agents "$idle" \
  --duration 20 --no-check >"$tmp/idle.out" 2>/dev/null &
idle_pid=$!
for _ in $(seq 1 300); do
  [[ $(ls "/proc/$server_pid/fd" | wc -l) -gt $idle ]] && break
  sleep 0.1
done
echo
echo "== $idle idle keep-alive connections: server RSS $(rss_mb) MB," \
  "$(ls "/proc/$server_pid/fd" | wc -l) descriptors open"
wait "$idle_pid" || true
sed 's/^/   /' "$tmp/idle.out"
