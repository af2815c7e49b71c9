#!/usr/bin/env bash
# Builds the Windows agent's code and tests with Debian's mingw-w64 g++ 12
# (cmake/mingw-w64-x86_64.cmake) into build/windows, then runs the tests
# under wine (issue 16; docs/agent.md). Installs what is missing first: the
# cross compiler, wine, msitools and wixl, and the sources Debian packages
# for no mingw (scripts/windows-deps.sh).
# With --server-bin DIR (a Linux build's bin/, as scripts/test.sh gives),
# the end-to-end tests run too, against that clicfleet-server on loopback:
# the Windows agent's code (tests/windows/end_to_end.sh), and its MSI
# installed, upgraded and removed (tests/windows/msi_lifecycle.sh).
# Usage: scripts/build-windows.sh [--no-tests] [--server-bin DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/build-windows.sh [--no-tests] [--server-bin DIR]"
run_tests=1
server_bin=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-tests) run_tests=0 ;;
    --server-bin)
      [[ $# -ge 2 ]] || { echo "build-windows: --server-bin needs a folder ($usage)" >&2; exit 2; }
      server_bin=$2
      shift
      ;;
    *) echo "build-windows: unknown argument '$1' ($usage)" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps.sh --windows
build_dir=${CLICFLEET_WINDOWS_BUILD_DIR:-build/windows}

echo "== configure ($build_dir: mingw-w64, Debug, -Werror)"
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCLICFLEET_WERROR=ON >/dev/null

echo "== build (Windows)"
cmake --build "$build_dir" -j "$(nproc)"
[[ $run_tests == 1 ]] || exit 0

echo "== test (Windows, under wine)"
# A wine prefix of the build's own, made on first use; no window, no noise.
export WINEPREFIX=${WINEPREFIX:-$PWD/$build_dir/wineprefix}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
ctest --test-dir "$build_dir" --output-on-failure --timeout 300

if [[ -n $server_bin ]]; then
  echo "== end to end (Windows agent code under wine, clicfleet-server from $server_bin)"
  tests/windows/end_to_end.sh "$server_bin" "$build_dir"
  echo "== the MSI under wine (a failed install, install, service, upgrade, removal)"
  version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
  tests/windows/msi_lifecycle.sh "$server_bin" "$build_dir" \
    "$build_dir/clicfleet-agent-$version-x64.msi"
else
  echo "== end to end: not run (give --server-bin DIR, a Linux build's bin/; scripts/test.sh does)"
fi
