#!/usr/bin/env bash
# The web console's speed on a large fleet (issue 13): a release build, a
# clicfleet-fleetgen database of 100,000 laptops x 1 day (about 2 minutes and
# 13 GB, removed at the end), clicfleet-server serving it on 127.0.0.1, then
# headless chromium timing the overview, the first page of devices and a
# laptop's page (server/web/test/perf/console-timing.mjs), and the size of the
# console's scripts and styles. Figures in docs/performance.md; screenshots of
# the pages timed in build/bench/console-timing-screenshots.
# On demand; CI runs it small on its debug build (ctest console_timing_small)
# to keep it working. Usage:
#   scripts/bench-console.sh [--devices N] [--runs N] [--fleet-db FILE] [--build DIR]
#   --devices N      laptops in the generated fleet (100000)
#   --runs N         warm visits of each page (10)
#   --fleet-db FILE  serve this clicfleet-fleetgen database (through a link, not
#                    a copy) instead of generating one; a user
#                    "console-timing-TIME" of role it is added to it
#   --build DIR      use this CMake build folder, already built (its bin/ and
#                    web/), instead of building a release in build/bench
set -euo pipefail

usage="usage: scripts/bench-console.sh [--devices N] [--runs N] [--fleet-db FILE] [--build DIR]"
devices=100000
runs=10
fleet_db=""
build=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --devices)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ && $2 -ge 1 ]] || { echo "bench-console.sh: --devices needs a number ($usage)" >&2; exit 2; }
      devices=$2; shift ;;
    --runs)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ && $2 -ge 1 && $2 -le 100 ]] || { echo "bench-console.sh: --runs needs a number from 1 to 100 ($usage)" >&2; exit 2; }
      runs=$2; shift ;;
    --fleet-db)
      [[ $# -ge 2 && -f $2 ]] || { echo "bench-console.sh: --fleet-db needs an existing database file ($usage)" >&2; exit 2; }
      fleet_db=$(realpath "$2"); shift ;;
    --build)
      [[ $# -ge 2 && -x $2/bin/clicfleet-server && -x $2/bin/clicfleet-fleetgen && -d $2/web/assets ]] ||
        { echo "bench-console.sh: --build needs a built CMake folder with bin/clicfleet-server, bin/clicfleet-fleetgen and web/ ($usage)" >&2; exit 2; }
      build=$(realpath "$2"); shift ;;
    *) echo "bench-console.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/.."

if [[ -z $build ]]; then
  scripts/install-deps.sh chromium
  build=$PWD/build/bench
  echo "== building (release, $build)"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=ON >/dev/null
  cmake --build "$build" -j "$(nproc)" --target clicfleet-server clicfleet-fleetgen >/dev/null
fi
server_bin=$build/bin/clicfleet-server

# The database lives in the build folder: /tmp may be a small tmpfs.
work=$(mktemp -d "$build/console-timing.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

data=$work/data
"$server_bin" init --data-dir "$data" --server-name localhost >/dev/null
rm -f "$data/clicfleet.db" "$data/clicfleet.db-wal" "$data/clicfleet.db-shm"
if [[ -n $fleet_db ]]; then
  ln -s "$fleet_db" "$data/clicfleet.db"
  echo "== serving $fleet_db"
else
  echo "== generating $devices laptops x 1 day (clicfleet-fleetgen, about 2.5 minutes for 100,000)"
  "$build/bin/clicfleet-fleetgen" --db "$data/clicfleet.db" --devices "$devices" --days 1 --seed 1 \
    --keep-free-gb 5 | grep -E '^(seconds|database|rows)' || true
  [[ -f $data/clicfleet.db ]] || { echo "bench-console.sh: clicfleet-fleetgen made no database" >&2; exit 1; }
fi
password="console timing $(date +%s) $RANDOM"
user=console-timing-$(date +%s)  # a new one each time, should --fleet-db be used again
printf '%s\n' "$password" | "$server_bin" user add "$user" --role it --data-dir "$data" >/dev/null

cat >"$work/server.toml" <<TOML
[retention]
interval_s = 86400  # one maintenance pass, at start; none during the timing
TOML
"$server_bin" serve --data-dir "$data" --listen 127.0.0.1:0 --port-file "$work/port" \
  --config "$work/server.toml" --log-level warn 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 600); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { echo "bench-console.sh: the server did not start; its log:" >&2; cat "$work/server.log" >&2; exit 1; }
url=https://127.0.0.1:$(cat "$work/port")

echo "== timing the console at $url (headless chromium, $(nproc) cores, $runs warm visits a page)"
printf '%s\n' "$password" | node server/web/test/perf/console-timing.mjs --url "$url" \
  --user "$user" --runs "$runs" --assets "$build/web" --screenshots "$build/console-timing-screenshots"
echo "screenshots of the pages timed: $build/console-timing-screenshots"
