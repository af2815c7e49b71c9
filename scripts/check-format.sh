#!/usr/bin/env bash
# Fails, listing the files, when a C++ source differs from .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find common agent server tests -name '*.cpp' -o -name '*.hpp' | sort)
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "clang-format would change ${#bad[@]} file(s); run: clang-format -i ${bad[*]}" >&2
  exit 1
fi
echo "format: ${#files[@]} files conform to .clang-format"
