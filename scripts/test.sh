#!/usr/bin/env bash
# Installs what is missing, builds with sanitizers and -Werror, runs every
# test with ctest, then every fuzz target for 20 s (scripts/fuzz.sh, a clang
# build of its own). Exits non-zero on any failure.
# Then the Windows agent's build and tests under wine (scripts/build-windows.sh).
# CLICFLEET_SKIP_FUZZ=1 leaves the fuzzing out, CLICFLEET_SKIP_WINDOWS=1 the
# Windows build (quicker runs while working).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the web console's browser tests (server/web/test/browser).
# debootstrap, dpkg-dev, desktop-file-utils: the packages' tests (tests/installer).
# wixl, msitools: the Windows site package (agent-package --windows).
scripts/install-deps.sh chromium debootstrap dpkg-dev desktop-file-utils wixl msitools

build_dir=${CLICFLEET_TEST_BUILD_DIR:-build/debug}
jobs=$(nproc)

echo "== configure ($build_dir: Debug, address+undefined sanitizers, -Werror)"
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCLICFLEET_SANITIZE=address,undefined \
  -DCLICFLEET_WERROR=ON \
  -DCLICFLEET_BUILD_TESTS=ON >/dev/null

echo "== build"
cmake --build "$build_dir" -j "$jobs"

echo "== test"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build_dir" --output-on-failure --timeout 120 -j "$jobs"

if [[ ${CLICFLEET_SKIP_WINDOWS:-0} != 1 ]]; then
  # The Windows agent's code and tests, cross-compiled, run under wine.
  scripts/build-windows.sh --server-bin "$build_dir/bin"
fi

if [[ ${CLICFLEET_SKIP_FUZZ:-0} != 1 ]]; then
  echo "== fuzz (every target briefly; scripts/fuzz.sh --minutes N runs longer)"
  scripts/fuzz.sh --seconds-each 20
fi
