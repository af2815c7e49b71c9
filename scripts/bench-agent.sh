#!/usr/bin/env bash
# The agent's footprint against SPEC §9, on this machine: builds a release,
# starts a local server on 127.0.0.1, runs tests/bench/agent_footprint
# against it and prints the figures. On demand, not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target clicfleet-server agent_footprint

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$build/bin/clicfleet-server" init --data-dir "$tmp/data" >/dev/null
"$build/bin/clicfleet-server" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 \
  --port-file "$tmp/port" --log-level warn &
server_pid=$!
for _ in $(seq 1 100); do [[ -s $tmp/port ]] && break; sleep 0.1; done
[[ -s $tmp/port ]] || { echo "the server did not start" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "command: scripts/bench-agent.sh ${*:-}"
"$build/tests/bench/agent_footprint" --server "https://127.0.0.1:$(cat "$tmp/port")" \
  --ca "$tmp/data/tls/ca.pem" --enroll-secret-file "$tmp/data/enroll_secret" \
  --sysroot tests/fixtures/sysroots/laptop-battery "$@"
