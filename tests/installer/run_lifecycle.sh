#!/usr/bin/env bash
# CI's run of package_lifecycle.sh: the agent's package as it ships (the
# static build, scripts/package.sh --agent-only, cached in build/package-agent)
# and the server's package made by CPack over this test build (the same
# package, with this build's binaries: a release build of the server would
# double CI's compile time). Usage: run_lifecycle.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$(realpath "${1:?usage: run_lifecycle.sh SOURCE_DIR BUILD_DIR}")
build=$(realpath "${2:?}")
[[ $(id -u) -eq 0 ]] || { echo "run_lifecycle: needs root for chroot and mount; skipped"; exit 77; }

echo "== the agent's package (scripts/package.sh --agent-only)"
rm -f "$src"/build/packages/clicfleet-agent_*.deb
"$src/scripts/package.sh" --agent-only | tail -3
agent_deb=$(echo "$src"/build/packages/clicfleet-agent_*_amd64.deb)
echo "== the server's package, CPack over $build"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >/dev/null)
server_deb=$(echo "$build"/packages/clicfleet-server_*_amd64.deb)
exec bash "$src/tests/installer/package_lifecycle.sh" "$agent_deb" "$server_deb" \
  "$src/tests/fixtures/sysroots/laptop-battery" "$build/installer-root"
