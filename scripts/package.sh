#!/usr/bin/env bash
# Builds the Debian packages into build/packages/ (SPEC §8; docs/operations.md,
# "Install"): clicfleet-agent_VERSION_amd64.deb, the agent as one static
# binary (build/package-agent, CLICFLEET_STATIC_AGENT), and
# clicfleet-server_VERSION_amd64.deb, the server and clicfleetctl
# (build/package-server, release). Each package is a CPack run over its own
# build (installer/CMakeLists.txt).
# With --windows-agent EXE (a stripped clicfleet-agent.exe: build/windows's
# installer/windows/clicfleet-agent.exe, or a release build's), the server's
# package ships it in /usr/share/clicfleet/windows, for `clicfleet-server
# agent-package --windows` (installer/windows/).
# Usage: scripts/package.sh [--agent-only | --server-only] [--windows-agent EXE]
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/package.sh [--agent-only | --server-only] [--windows-agent EXE]"
agent=true
server=true
windows_agent=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --agent-only) server=false ;;
    --server-only) agent=false ;;
    --windows-agent)
      [[ $# -ge 2 && -f $2 ]] || { echo "package.sh: --windows-agent needs an .exe ($usage)" >&2; exit 2; }
      windows_agent=$(realpath "$2")
      shift
      ;;
    *) echo "package.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps.sh dpkg-dev  # dpkg-shlibdeps, for the packages' Depends
out=build/packages
mkdir -p "$out"

package() {  # build folder, targets (space-separated), cmake options...
  local build=$1 targets=$2; shift 2
  echo "== $build"
  # CPack installs what the package holds without building everything else first.
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=OFF \
    -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON "$@" >/dev/null
  # shellcheck disable=SC2086 # the targets are words
  cmake --build "$build" -j "$(nproc)" --target $targets
  (cd "$build" && cpack -G DEB >/dev/null)
  local deb
  for deb in "$build"/packages/*.deb; do
    mv -f "$deb" "$out/"
    echo "   $out/$(basename "$deb")"
  done
}

# (if, not &&: a failure inside the function must stop the script.)
if $agent; then package build/package-agent clicfleet-agent -DCLICFLEET_STATIC_AGENT=ON; fi
if $server; then
  package build/package-server "clicfleet-server clicfleetctl" -DCLICFLEET_STATIC_AGENT=OFF \
    -DCLICFLEET_WINDOWS_AGENT="$windows_agent"
fi
for deb in "$out"/*.deb; do
  echo "== $(basename "$deb")"
  dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Installed-Size | sed 's/^/   /'
done
