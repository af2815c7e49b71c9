#!/usr/bin/env bash
# The systemd units' sandboxing (installer/systemd), as systemd scores it:
# `systemd-analyze security --offline=true`, 0 (locked down) to 10 (exposed).
# Issue 14's bar: the server at most 2.5, the agent at most 4.0. On failure,
# the settings that cost exposure are printed.
# Usage: unit_security.sh INSTALLER_SYSTEMD_DIR
set -euo pipefail
units=${1:?usage: unit_security.sh INSTALLER_SYSTEMD_DIR}
command -v systemd-analyze >/dev/null ||
  { echo "unit_security: systemd-analyze not found (Debian package systemd; scripts/install-deps.sh installs it)"; exit 1; }

failed=0
check() {  # unit, the most exposure allowed times ten
  local unit=$1 max=$2 out
  if out=$(systemd-analyze security --offline=true --no-pager --threshold="$max" "$units/$unit" 2>&1); then
    echo "$out" | tail -1
  else
    echo "$out" | grep -v '^✓'
    echo "unit_security: $unit is more exposed than $((max / 10)).$((max % 10)) allows"
    failed=1
  fi
}
check clicfleet-server.service 25
check clicfleet-server-backup.service 25
check clicfleet-agent.service 40
exit "$failed"
