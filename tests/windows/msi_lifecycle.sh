#!/usr/bin/env bash
# The agent's MSI under wine against a real clicfleet-server on loopback
# (issue 16), in a wine prefix of its own, as a school's IT service would
# deploy it:
# - a silent install with a bad SERVER_URL fails and leaves nothing;
# - a silent install with SERVER_URL, CA_FILE and ENROLL_SECRET_FILE
#   configures the agent and starts its service, which enrolls and reports;
#   the service stops and starts again cleanly; « Vérifier ma connexion »
#   shows the check and waits for Enter;
# - an upgrade keeps the laptop's token, settings and queue;
# - removal leaves no service, no program, no setting and no secret;
# - the site package `clicfleet-server agent-package --windows` makes
#   installs with no property at all, reports, and is removed as cleanly.
# Wine's RemoveExistingProducts removes the old version without setting
# UPGRADINGPRODUCTCODE (its dlls/msi/action.c), which Windows sets and the
# MSI's `forget` relies on; so the test runs the two halves of the major
# upgrade itself, passing UPGRADINGPRODUCTCODE as Windows does.
# Usage: tests/windows/msi_lifecycle.sh SERVER_BIN_DIR WINDOWS_BUILD_DIR AGENT_MSI
set -euo pipefail

server_bin=$(realpath "$1")
windows_build=$(realpath "$2")
msi=$(realpath "$3")
work=$(mktemp -d)
export WINEPREFIX=$work/prefix
# shellcheck source=tests/windows/lib.sh
source "$(dirname "$0")/lib.sh"
wineserver=/usr/lib/wine/wineserver64
cleanup() {
  "$wineserver" -k 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

run() { "$wine" "$@" 2> >(grep -v '^wine: ' >&2); }
msiexec() { run msiexec "$@" /qn /l*v "$(winpath "$work/msiexec.log")"; }
service_state() { run sc query clicfleet-agent | sed -n 's/^ *STATE *: [0-9]*  *\([A-Z_]*\).*/\1/p'; }
program_data=$work/prefix/drive_c/ProgramData/clicfleet
program_files="$work/prefix/drive_c/Program Files/clicfleet"
property() { msiinfo export "$1" Property | awk -F'\t' -v p="$2" '$1 == p { print $2 }' | tr -d '\r'; }
reports() { sql "SELECT count(*) FROM reports"; }
# Waits (at most 30 s) for the server to hold more than $1 reports.
wait_for_reports_beyond() {
  for _ in $(seq 150); do
    (($(reports) > $1)) && return 0
    sleep 0.2
  done
  cat "$program_data/agent.log" >&2 || true
  fail "no report beyond the first $1 arrived"
}
# Restarts the service with no random start delay (a test does not wait).
restart_at_once() {
  echo "start_delay_max_s = 0" >>"$program_data/agent.toml"
  run sc stop clicfleet-agent >/dev/null
  for _ in $(seq 50); do [[ $(service_state) == STOPPED ]] && break; sleep 0.2; done
  [[ $(service_state) == STOPPED ]] || fail "the service did not stop"
  run sc start clicfleet-agent >/dev/null
}
# Removes the product, and checks that nothing of it is left.
remove_and_check() {  # PACKAGE_OR_PRODUCT_CODE
  msiexec /x "$1" || fail "msiexec /x $1"
  [[ -z $(service_state) ]] || fail "the service is still there: $(service_state)"
  [[ ! -e $program_files ]] || fail "left: $(ls -R "$program_files")"
  [[ ! -e $program_data ]] || fail "left in ProgramData: $(ls -R "$program_data")"
  ! find "$work/prefix/drive_c" -name 'Vérifier ma connexion.lnk' | grep -q . ||
    fail "the shortcut is still there"
}

echo "msi: a wine prefix, a server on loopback"
"$wine" wineboot -i >/dev/null 2>&1
# A wine server that stays, so that the service outlives each wine command.
"$wineserver" -k
"$wineserver" -p
"$server_bin/clicfleet-server" init --data-dir "$work/data" >/dev/null
start_server 0
url="https://127.0.0.1:$(cat "$work/port")"
settings=(SERVER_URL="$url" CA_FILE="$(winpath "$work/data/tls/ca.pem")"
          ENROLL_SECRET_FILE="$(winpath "$work/data/enroll_secret")")

echo "msi: a bad SERVER_URL fails the install and leaves nothing"
if msiexec /i "$(winpath "$msi")" SERVER_URL=http://parc.ville.fr "${settings[@]:1}"; then
  fail "installed with an http:// server"
fi
[[ ! -e $program_files/clicfleet-agent.exe ]] || fail "the failed install left the program"
[[ -z $(service_state) ]] || fail "the failed install left the service"
[[ ! -e $program_data/enroll_secret ]] || fail "the failed install left the secret"

echo "msi: a silent install configures the agent and starts its service"
msiexec /i "$(winpath "$msi")" "${settings[@]}" || fail "msiexec /i (see $work/msiexec.log)"
[[ $(service_state) == RUNNING ]] || fail "the service is $(service_state), not RUNNING"
grep -qx "server = \"$url\"" "$program_data/agent.toml" || fail "agent.toml: $(cat "$program_data/agent.toml")"
cmp -s "$program_data/enroll_secret" <(tr -d '\n' <"$work/data/enroll_secret"; echo) ||
  fail "the enroll secret was not copied"
cmp -s "$program_data/fleet-ca.pem" "$work/data/tls/ca.pem" || fail "the CA was not copied"
find "$work/prefix/drive_c" -name 'Vérifier ma connexion.lnk' | grep -q . ||
  fail "no Start menu shortcut « Vérifier ma connexion »"

echo "msi: the service stops cleanly, starts again and reports"
restart_at_once
grep -q "service stopped" "$program_data/agent.log" || fail "no clean stop in the log"
wait_for_reports_beyond 0
device=$(sql "SELECT id FROM devices")
echo "msi: device $device reported"
token=$(md5sum <"$program_data/token")

echo "msi: « Vérifier ma connexion » shows the check and waits for Enter"
# In French, as a family in the city sees it (the agent reads LC_ALL first).
out=$(printf '\n' | env LC_ALL=fr_FR.UTF-8 "$wine" "C:\\Program Files\\clicfleet\\clicfleet-agent.exe" \
        diagnose --pause 2>/dev/null || true)
grep -q "Vérification de la connexion" <<<"$out" || fail "diagnose --pause: $out"
grep -q "Appuyez sur Entrée pour fermer cette fenêtre." <<<"$out" || fail "no prompt: $out"

echo "msi: an upgrade keeps the token, the settings and the queue"
version=$(property "$msi" ProductVersion)
next=${version%.*}.$((${version##*.} + 1))
"$(dirname "$0")/../../installer/windows/build-msi.sh" \
  "$windows_build/installer/windows/clicfleet-agent.exe" "$next" "$work/next.msi"
reports_before=$(reports)
msiexec /x "$(property "$msi" ProductCode)" UPGRADINGPRODUCTCODE="$(property "$work/next.msi" ProductCode)" ||
  fail "removing $version for the upgrade"
msiexec /i "$(winpath "$work/next.msi")" || fail "installing $next"
[[ $(service_state) == RUNNING ]] || fail "after the upgrade the service is $(service_state)"
[[ $(md5sum <"$program_data/token") == "$token" ]] || fail "the upgrade changed the token"
grep -q "start_delay_max_s = 0" "$program_data/agent.toml" || fail "the upgrade lost the settings"
wait_for_reports_beyond "$reports_before"
[[ $(sql "SELECT count(*) FROM devices") == 1 ]] || fail "the upgrade made another device"

echo "msi: removal leaves no service, program, setting or secret"
remove_and_check "$(winpath "$work/next.msi")"

echo "msi: the site package agent-package --windows makes installs with no property"
agent_dir=$work/windows-agent
mkdir "$agent_dir"
ln -s "$windows_build/installer/windows/clicfleet-agent.exe" "$agent_dir/"
ln -s "$(realpath "$(dirname "$0")/../../installer/windows")"/{build-msi.sh,clicfleet-agent.wxs} \
  "$agent_dir/"
"$server_bin/clicfleet-server" agent-package --data-dir "$work/data" --server-url "$url" \
  --out "$work/site" --windows --windows-agent "$agent_dir" >/dev/null
site_msi=$(echo "$work"/site/clicfleet-agent-site_*_x64.msi)
[[ -f $site_msi ]] || fail "agent-package --windows wrote no MSI: $(ls "$work/site")"
tests_dir=$(dirname "$0")
"$tests_dir/msi_tables.sh" "$site_msi" --site >/dev/null || fail "the site MSI's tables"
msiexec /i "$(winpath "$site_msi")" || fail "msiexec /i the site package"
[[ $(service_state) == RUNNING ]] || fail "the site package's service is $(service_state)"
grep -qx 'ca = "fleet-ca.pem"' "$program_data/agent.toml" || fail "not the site's agent.toml"
reports_before=$(reports)
restart_at_once
wait_for_reports_beyond "$reports_before"
[[ $(sql "SELECT count(*) FROM devices") == 1 ]] || fail "the site package made another device"
remove_and_check "$(winpath "$site_msi")"
echo "msi: passed (failed install, install, service stop and start, shortcut, upgrade, removal, site package)"
