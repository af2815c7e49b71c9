#!/usr/bin/env bash
# The agent's footprint against SPEC §9, on this machine: builds a release,
# starts a local server on 127.0.0.1, then
#  1. runs tests/bench/agent_footprint against it: report sizes and the CPU of
#     one collect + report cycle, the daemon's loop without its waits;
#  2. runs the packaged agent itself (the static binary scripts/package.sh
#     puts in its .deb, built the same way) as the daemon, reporting every
#     10 s, and reads its resident memory after each report.
# On demand, not part of CI. Usage:
#   scripts/bench-agent.sh [--cycles N] [--packages N] [--daemon-cycles N]
#   --cycles N         cycles of agent_footprint's loop (100)
#   --packages N       packages in the laptop's dpkg database (2000)
#   --daemon-cycles N  reports of the packaged daemon before its memory is read (12: 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/bench-agent.sh [--cycles N] [--packages N] [--daemon-cycles N]"
cycles=100
packages=2000
daemon_cycles=12
number() { [[ $2 =~ ^[0-9]+$ && $2 -ge 1 ]] || { echo "bench-agent.sh: $1 needs a number ($usage)" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --cycles) number "$1" "${2:-}"; cycles=$2; shift ;;
    --packages) number "$1" "${2:-}"; packages=$2; shift ;;
    --daemon-cycles) number "$1" "${2:-}"; daemon_cycles=$2; shift ;;
    *) echo "bench-agent.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps.sh
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target clicfleet-server agent_footprint
packaged=build/package-agent  # as scripts/package.sh builds it
cmake -S . -B "$packaged" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_STATIC_AGENT=ON >/dev/null
cmake --build "$packaged" -j "$(nproc)" --target clicfleet-agent
agent=$packaged/bin/clicfleet-agent

tmp=$(mktemp -d)
server_pid=""
agent_pid=""
stop() { [[ -n $1 ]] && kill -TERM "$1" 2>/dev/null && wait "$1" 2>/dev/null; return 0; }
cleanup() {
  stop "$agent_pid"
  stop "$server_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$build/bin/clicfleet-server" init --data-dir "$tmp/data" >/dev/null
printf '[agents]\nreport_interval_s = 10\n' >"$tmp/server.toml"
"$build/bin/clicfleet-server" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 \
  --port-file "$tmp/port" --config "$tmp/server.toml" --log-level warn &
server_pid=$!
for _ in $(seq 1 100); do [[ -s $tmp/port ]] && break; sleep 0.1; done
[[ -s $tmp/port ]] || { echo "the server did not start" >&2; exit 1; }
url="https://127.0.0.1:$(cat "$tmp/port")"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "command: scripts/bench-agent.sh --cycles $cycles --packages $packages --daemon-cycles $daemon_cycles"
echo "== the agent's loop without its waits (tests/bench/agent_footprint)"
"$build/tests/bench/agent_footprint" --server "$url" --ca "$tmp/data/tls/ca.pem" \
  --enroll-secret-file "$tmp/data/enroll_secret" --sysroot tests/fixtures/sysroots/laptop-battery \
  --cycles "$cycles" --packages "$packages"

echo "== the packaged agent as the daemon: $agent ($(du -k "$agent" | cut -f1) KiB; linked to: $(ldd "$agent" | awk '/=>/ {print $1}' | tr '\n' ' '))"
"$build/tests/bench/agent_footprint" --sysroot tests/fixtures/sysroots/laptop-battery \
  --packages "$packages" --make-sysroot "$tmp/sysroot"
"$agent" enroll --server "$url" --ca "$tmp/data/tls/ca.pem" --enroll-secret-file "$tmp/data/enroll_secret" \
  --state-dir "$tmp/state" --sysroot "$tmp/sysroot" >/dev/null
"$agent" run --server "$url" --ca "$tmp/data/tls/ca.pem" --enroll-secret-file "$tmp/data/enroll_secret" \
  --state-dir "$tmp/state" \
  --sysroot "$tmp/sysroot" --start-delay-max 0 --no-connectivity --log-level warn &
agent_pid=$!
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$agent_pid/status"; }
mb() { awk -v v="$1" 'BEGIN {printf "%.1f MB", v / 1024}'; }
printf '%-8s %-10s %-10s %-10s\n' "after" "RSS" "RssAnon" "RssFile"
for i in $(seq 1 "$daemon_cycles"); do
  sleep 10
  kill -0 "$agent_pid" 2>/dev/null || { echo "bench-agent.sh: the agent exited" >&2; exit 1; }
  printf '%-8s %-10s %-10s %-10s\n' "$((i * 10)) s" "$(mb "$(kb VmRSS)")" "$(mb "$(kb RssAnon)")" "$(mb "$(kb RssFile)")"
done
echo "steady RSS after $daemon_cycles report intervals: $(mb "$(kb VmRSS)") (target <= 12 MB); peak $(mb "$(kb VmHWM)")"
"$agent" status --state-dir "$tmp/state" | sed 's/^/  /'
