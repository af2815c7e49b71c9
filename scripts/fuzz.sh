#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build/fuzz) and runs each for its
# share of the time, starting from the seeds in tests/fuzz/corpus/NAME/.
# Fails on the first crash, leak or sanitizer report, leaving the input that
# caused it in build/fuzz/artifacts/ (make it a unit test, then a seed).
# Usage: scripts/fuzz.sh [--minutes N | --seconds-each N] [TARGET...]
#   default: 1 minute in all; scripts/test.sh runs --seconds-each 20.
set -euo pipefail
cd "$(dirname "$0")/.."

total_seconds=60
seconds_each=""
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --minutes) total_seconds=$(( $2 * 60 )); shift ;;
    --seconds-each) seconds_each=$2; shift ;;
    -*) echo "fuzz.sh: unknown option $1 (use --minutes N, --seconds-each N, TARGET...)" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done

scripts/install-deps.sh clang libclang-rt-14-dev
build=build/fuzz
echo "== fuzz build ($build: clang, libFuzzer, ASan, UBSan)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCLICFLEET_FUZZ=ON -DCLICFLEET_BUILD_TESTS=OFF \
  -DCLICFLEET_SANITIZE=fuzzer-no-link,address >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzzers

if [[ ${#targets[@]} -eq 0 ]]; then
  for t in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$t" | sed 's/^fuzz_//')"); done
fi
[[ -n $seconds_each ]] || seconds_each=$(( total_seconds / ${#targets[@]} > 0 ? total_seconds / ${#targets[@]} : 1 ))

mkdir -p "$build/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for name in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$name
  [[ -x $binary ]] || { echo "fuzz.sh: no target $name" >&2; exit 2; }
  # New inputs go to a working corpus; the seeds in the repo stay as they are.
  work=$build/corpus/$name
  mkdir -p "$work"
  echo "== fuzz_$name for ${seconds_each}s"
  if ! "$binary" -max_total_time="$seconds_each" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/${name}-" \
      "$work" "tests/fuzz/corpus/$name" >"$build/fuzz_$name.log" 2>&1; then
    tail -60 "$build/fuzz_$name.log" >&2
    echo "fuzz.sh: fuzz_$name FAILED; the input is in $build/artifacts/" >&2
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/fuzz_$name.log" | tr '\n' ' '
  echo
done
echo "fuzz.sh: ${#targets[@]} targets, ${seconds_each}s each, no crash"
