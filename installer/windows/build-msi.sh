#!/usr/bin/env bash
# Builds the Windows agent's MSI (clicfleet-agent.wxs beside this script)
# with wixl, then sets with msibuild what wixl 0.101 cannot say:
# - the settings' properties secure (SecureCustomProperties, beside the
#   ones its MajorUpgrade adds);
# - `configure`'s command line, which may hold the secret, hidden from the
#   installer's logs (msidbCustomActionTypeHideTarget);
# - a package of the same version replaces the one installed (a site
#   package made today replaces yesterday's);
# - with SITE_DIR (agent.toml, fleet-ca.pem, enroll_secret: a site package,
#   as `clicfleet-server agent-package --windows` makes), the settings'
#   component permanent, and each file's and the folder's access list
#   (MsiLockPermissionsEx, SDDL; the same lists as
#   common/util/windows/access_lists.hpp).
# Usage: installer/windows/build-msi.sh AGENT_EXE VERSION OUTPUT_MSI [SITE_DIR]
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: installer/windows/build-msi.sh AGENT_EXE VERSION OUTPUT_MSI [SITE_DIR]" >&2
  exit 2
fi
exe=$(realpath "$1")
version=$2
out=$(realpath -m "$3")
site=${4:+$(realpath "$4")}
here=$(dirname "$(realpath "$0")")
[[ -f $exe ]] || { echo "build-msi: no agent at $exe" >&2; exit 1; }
for tool in wixl msibuild msiinfo; do
  command -v "$tool" >/dev/null ||
    { echo "build-msi: $tool is missing (apt install wixl msitools)" >&2; exit 1; }
done
# An MSI's ProductVersion: major.minor.build, each a number.
[[ $version =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,5}$ ]] ||
  { echo "build-msi: version '$version' is not major.minor.build" >&2; exit 1; }

# wixl finds sources beside the .wxs. The folder is private: it may hold the secret.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/clicfleet-agent.wxs" "$stage/"
ln -s "$exe" "$stage/clicfleet-agent.exe"
with_site=0
if [[ -n $site ]]; then
  with_site=1
  mkdir "$stage/site"
  for file in agent.toml fleet-ca.pem enroll_secret; do
    [[ -f $site/$file ]] || { echo "build-msi: no $file in $site" >&2; exit 1; }
    cp "$site/$file" "$stage/site/"
  done
fi
(cd "$stage" && wixl --arch x64 -D Version="$version" -D Site="$with_site" -o agent.msi \
  clicfleet-agent.wxs)

secure="WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SERVER_URL;CA_FILE;ENROLL_SECRET;ENROLL_SECRET_FILE"
upgrade_code=$(msiinfo export "$stage/agent.msi" Property |
  awk -F'\t' '$1 == "UpgradeCode" { print $2 }' | tr -d '\r')
queries=(
  -q "UPDATE Property SET Value = '$secure' WHERE Property = 'SecureCustomProperties'"
  -q "UPDATE CustomAction SET Type = 11282 WHERE Action = 'Configure'"
  # 513: migrate feature states (1), the maximum version included (512);
  # Attributes is in the table's key, so the row is made again.
  -q "DELETE FROM Upgrade WHERE ActionProperty = 'WIX_UPGRADE_DETECTED'"
  -q "INSERT INTO Upgrade (UpgradeCode, VersionMax, Attributes, ActionProperty)
      VALUES ('$upgrade_code', '$version', 513, 'WIX_UPGRADE_DETECTED')"
)
if [[ -n $site ]]; then
  # 272: 64-bit (256), permanent (16).
  queries+=(-q "UPDATE Component SET Attributes = 272 WHERE Component = 'Site'")
  private_folder='D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
  public_file='D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)'
  private_file='D:P(A;;FA;;;SY)(A;;FA;;;BA)'
  {
    printf 'MsiLockPermissionsEx\tLockObject\tTable\tSDDL\tCondition\n'
    printf 's72\ts72\ts32\tl0\tS255\n'
    printf 'MsiLockPermissionsEx\tMsiLockPermissionsEx\n'
    printf 'LockDataDir\tDATADIR\tCreateFolder\t%s\t\n' "$private_folder"
    printf 'LockSettings\tSiteSettings\tFile\t%s\t\n' "$public_file"
    printf 'LockCa\tSiteCa\tFile\t%s\t\n' "$public_file"
    printf 'LockSecret\tSiteSecret\tFile\t%s\t\n' "$private_file"
  } >"$stage/MsiLockPermissionsEx.idt"
  queries+=(-i "$stage/MsiLockPermissionsEx.idt")
fi
msibuild "$stage/agent.msi" "${queries[@]}"
mv "$stage/agent.msi" "$out"
