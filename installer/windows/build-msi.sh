#!/usr/bin/env bash
# Builds the Windows agent's MSI (clicfleet-agent.wxs beside this script)
# with wixl, then sets with msibuild what wixl 0.101 cannot say: the
# settings' properties secure (SecureCustomProperties, beside the ones its
# MajorUpgrade adds), and `configure`'s command line, which holds the
# secret, hidden from the installer's logs (msidbCustomActionTypeHideTarget).
# Usage: installer/windows/build-msi.sh AGENT_EXE VERSION OUTPUT_MSI
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: installer/windows/build-msi.sh AGENT_EXE VERSION OUTPUT_MSI" >&2
  exit 2
fi
exe=$(realpath "$1")
version=$2
out=$(realpath -m "$3")
here=$(dirname "$(realpath "$0")")
[[ -f $exe ]] || { echo "build-msi: no agent at $exe" >&2; exit 1; }
# An MSI's ProductVersion: major.minor.build, each a number.
[[ $version =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,5}$ ]] ||
  { echo "build-msi: version '$version' is not major.minor.build" >&2; exit 1; }

# wixl finds sources beside the .wxs.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/clicfleet-agent.wxs" "$stage/"
ln -s "$exe" "$stage/clicfleet-agent.exe"
(cd "$stage" && wixl --arch x64 -D Version="$version" -o agent.msi clicfleet-agent.wxs)

secure="WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SERVER_URL;CA_FILE;ENROLL_SECRET;ENROLL_SECRET_FILE"
msibuild "$stage/agent.msi" \
  -q "UPDATE Property SET Value = '$secure' WHERE Property = 'SecureCustomProperties'" \
  -q "UPDATE CustomAction SET Type = 11282 WHERE Action = 'Configure'"
mv "$stage/agent.msi" "$out"
