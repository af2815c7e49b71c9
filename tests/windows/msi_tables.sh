#!/usr/bin/env bash
# The agent's MSI, read with msiinfo (issue 16): the file and where it goes,
# the service and how the installer drives it, the Start menu's shortcut,
# the settings' properties (secure, the secret hidden), `configure` and
# `forget` and when they run, the major upgrade. With --site, a site
# package's settings too: permanent, each with its access list, the same as
# the agent's own (common/util/windows/access_lists.hpp). What wine cannot
# show (an access list, UPGRADINGPRODUCTCODE) is checked here in the tables.
# Usage: tests/windows/msi_tables.sh AGENT_MSI [--site]
set -euo pipefail

msi=$1
site=${2:-}
access_lists=$(dirname "$0")/../../common/util/windows/access_lists.hpp
failures=0
check() {  # DESCRIPTION EXPECTED-LINE TABLE
  if grep -qxF -- "$2" <<<"$(table "$3")"; then
    echo "ok: $1"
  else
    echo "FAIL: $1: no row '$2' in $3:" >&2
    table "$3" >&2
    failures=$((failures + 1))
  fi
}
# A table's rows, without its three header lines, columns separated by tabs.
table() { msiinfo export "$msi" "$1" | tail -n +4 | tr -d '\r'; }
t=$'\t'

check "the agent goes in Program Files\\clicfleet" \
  "INSTALLDIR${t}ProgramFiles64Folder${t}clicfleet" Directory
same() {  # DESCRIPTION ACTUAL EXPECTED
  if [[ $2 == "$3" ]]; then
    echo "ok: $1"
  else
    echo "FAIL: $1: '$2', not '$3'" >&2
    failures=$((failures + 1))
  fi
}
files="AgentExe${t}Agent${t}clicfleet-agent.exe"
if [[ $site == --site ]]; then
  files+=$'\n'"SiteSettings${t}Site${t}agent.toml"$'\n'"SiteCa${t}Site${t}fleet-ca.pem"
  files+=$'\n'"SiteSecret${t}Site${t}enroll_secret"
fi
same "clicfleet-agent.exe${site:+ and the settings}, nothing else" "$(table File | cut -f1-3)" "$files"
check "the service: own process, automatic start, LocalSystem, \`clicfleet-agent.exe service\`" \
  "AgentService${t}clicfleet-agent${t}clicfleet agent${t}16${t}2${t}1${t}${t}${t}LocalSystem${t}${t}service${t}Agent${t}Inventaire, santé et connexion de l'ordinateur pour le service informatique de la ville" \
  ServiceInstall
# 163: started at install (1), stopped at install (2) and removal (32), deleted at removal (128).
check "started when installed, stopped and deleted when removed, waited for" \
  "AgentServiceControl${t}clicfleet-agent${t}163${t}${t}1${t}Agent" ServiceControl
same "the Start menu's « Vérifier ma connexion » runs diagnose --pause" \
  "$(table Shortcut | cut -f1-6)" \
  "CheckConnection${t}ProgramMenuFolder${t}Vérifier ma connexion${t}Agent${t}Main${t}diagnose --pause"
check "per machine" "ALLUSERS${t}1" Property
check "the settings reach the SYSTEM side of a managed install" \
  "SecureCustomProperties${t}WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SERVER_URL;CA_FILE;ENROLL_SECRET;ENROLL_SECRET_FILE" \
  Property
check "the secret stays out of the installer's logs" "MsiHiddenProperties${t}ENROLL_SECRET" Property
check "one upgrade code for every version" \
  "UpgradeCode${t}{51843077-B298-48A0-953A-77850B5C31D2}" Property
# 11282 = an .exe installed by the package (18), deferred (1024), as SYSTEM
# (2048), its command line hidden from the logs (8192).
check "configure runs as SYSTEM with the properties, its command line hidden" \
  "Configure${t}11282${t}AgentExe${t}configure --server \"[SERVER_URL]\" --ca \"[CA_FILE]\" --enroll-secret \"[ENROLL_SECRET]\" --enroll-secret-file \"[ENROLL_SECRET_FILE]\"${t}" \
  CustomAction
# 3154 = 18 + 1024 + 2048 + 64 (its exit status ignored: an uninstall goes on).
check "forget runs as SYSTEM" "Forget${t}3154${t}AgentExe${t}forget${t}" CustomAction

sequence() { table InstallExecuteSequence | awk -F'\t' -v a="$1" '$1 == a { print $3 }'; }
check "configure runs when SERVER_URL is given, not on removal" \
  "Configure${t}SERVER_URL AND NOT REMOVE~=\"ALL\"${t}$(sequence Configure)" InstallExecuteSequence
check "forget runs on removal, not on an upgrade's" \
  "Forget${t}REMOVE~=\"ALL\" AND NOT UPGRADINGPRODUCTCODE${t}$(sequence Forget)" InstallExecuteSequence
order() {  # FIRST SECOND: FIRST runs before SECOND
  if (($(sequence "$1") < $(sequence "$2"))); then
    echo "ok: $1 before $2"
  else
    echo "FAIL: $1 ($(sequence "$1")) is not before $2 ($(sequence "$2"))" >&2
    failures=$((failures + 1))
  fi
}
order InstallInitialize Forget
order InstallFiles Configure
order Configure StartServices
order DeleteServices Forget
order Forget RemoveFiles
# 513: migrate feature states (1), the maximum version included (512).
check "a newer version, or a later package of this one, replaces it" \
  "{51843077-B298-48A0-953A-77850B5C31D2}${t}${t}$(table Property | awk -F'\t' '$1 == "ProductVersion" { print $2 }')${t}${t}513${t}${t}WIX_UPGRADE_DETECTED" \
  Upgrade
same "a 64-bit package" "$(msiinfo suminfo "$msi" | sed -n 's/^Template: \([^;]*\);.*/\1/p')" x64

sddl() { sed -n "s/.*$1 = L\"\(.*\)\";/\1/p" "$access_lists"; }
if [[ $site == --site ]]; then
  check "the settings are in ProgramData\\clicfleet" \
    "DATADIR${t}CommonAppDataFolder${t}clicfleet" Directory
  check "which an upgrade keeps (64-bit, permanent)" \
    "Site${t}{2B0F8E3C-6D4A-4C55-9E61-3F7A1D2C9B84}${t}DATADIR${t}272${t}${t}SiteSettings" Component
  private_file=$(sddl kPublicFileAccess | sed 's/(A;;FR;;;BU)//')
  check "the folder is SYSTEM's and the Administrators' alone" \
    "LockDataDir${t}DATADIR${t}CreateFolder${t}$(sddl kPrivateFolderAccess)${t}" MsiLockPermissionsEx
  check "Users may read agent.toml" \
    "LockSettings${t}SiteSettings${t}File${t}$(sddl kPublicFileAccess)${t}" MsiLockPermissionsEx
  check "and the CA" "LockCa${t}SiteCa${t}File${t}$(sddl kPublicFileAccess)${t}" MsiLockPermissionsEx
  check "not the enroll secret" \
    "LockSecret${t}SiteSecret${t}File${t}${private_file}${t}" MsiLockPermissionsEx
else
  same "no settings in the plain package" "$(msiinfo tables "$msi" | grep -c MsiLockPermissionsEx)" 0
fi

if ((failures > 0)); then
  echo "msi_tables: $failures check(s) failed" >&2
  exit 1
fi
echo "msi_tables: passed"
