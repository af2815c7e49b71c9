#!/usr/bin/env bash
# ctest fleet_db_small: clicfleet-fleetgen then clicfleet-dbbench --check at a
# scale that takes seconds, even in a Debug+ASan build.
# Usage: fleet_db_check.sh FLEETGEN DBBENCH
set -euo pipefail
fleetgen=$1
dbbench=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$fleetgen" --db "$tmp/fleet.db" --devices 200 --days 1 --packages 100 --seed 7 --runs-every 5 --keep-free-gb 0
# It never overwrites a database.
if "$fleetgen" --db "$tmp/fleet.db" --devices 10 --days 1 --keep-free-gb 0 2>"$tmp/refused"; then
  echo "clicfleet-fleetgen overwrote an existing database" >&2
  exit 1
fi
grep -q "refusing to overwrite" "$tmp/refused"
"$dbbench" --db "$tmp/fleet.db" --check --runs 2
# It never migrates a database of another schema version (here an empty file, version 0).
: >"$tmp/other.db"
if "$dbbench" --db "$tmp/other.db" 2>"$tmp/refused"; then
  echo "clicfleet-dbbench ran on a database of another schema version" >&2
  exit 1
fi
grep -q "schema version 0" "$tmp/refused"
[[ ! -s $tmp/other.db ]] || { echo "clicfleet-dbbench changed the database it refused" >&2; exit 1; }
