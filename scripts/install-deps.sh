#!/usr/bin/env bash
# Installs the Debian 12 packages clicfleet builds and tests with (SPEC §2).
# Skips everything already present, so it is cheap to call before every build.
# Usage: scripts/install-deps.sh [--windows] [PACKAGE...]: extra packages a
# script needs besides these (scripts/bench.sh asks for nginx, scripts/test.sh
# for chromium). --windows adds what the Windows agent is built and tested
# with (Debian's mingw-w64 g++, wine, msitools and wixl, tcl for SQLite's
# amalgamation) and fetches the sources scripts/windows-deps.sh lays out.
set -euo pipefail

windows=0
if [[ ${1:-} == --windows ]]; then
  windows=1
  shift
  set -- g++-mingw-w64-x86-64-posix wine64 msitools wixl tcl make "$@"
fi

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsqlite3-dev libspdlog-dev libfmt-dev libcli11-dev
  libtomlplusplus-dev zlib1g-dev
  libpq-dev postgresql-15
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format curl ca-certificates iproute2
  clang libclang-rt-14-dev
  nftables openssl python3 systemd
  "$@"
)
# The web console is built with Node.js 18 or later and npm: Debian's, unless
# the machine already has them (from NodeSource, say).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

windows_sources() {
  if [[ $windows == 1 ]]; then "$(dirname "$0")/windows-deps.sh"; fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  windows_sources
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
windows_sources
