#!/usr/bin/env bash
# What the server offers over TLS, checked by an outside tool (issue 11):
# Debian's testssl.sh against a fresh server on 127.0.0.1. Fails unless only
# TLS 1.2 and 1.3 are offered, and TLS 1.2 only with forward-secret AEAD
# suites. On demand, not part of CI (about a minute); the same rule is a unit
# test (tests/integration/hostile_http_test.cpp).
# Usage: scripts/tls-check.sh [BUILD_DIR]   (default build/debug, built if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh testssl.sh
build=${1:-build/debug}
if [[ ! -x $build/bin/clicfleet-server ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target clicfleet-server
fi
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$build/bin/clicfleet-server" init --data-dir "$tmp/data" >/dev/null
"$build/bin/clicfleet-server" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 \
  --port-file "$tmp/port" --log-level warn 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 1 200); do [[ -s $tmp/port ]] && break; sleep 0.05; done
[[ -s $tmp/port ]] || { echo "tls-check: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
port=$(cat "$tmp/port")

echo "== testssl.sh $(testssl --version 2>/dev/null | grep -m1 -o 'testssl.sh *[0-9.a-z-]*' || true) against 127.0.0.1:$port"
# -p protocols, -E every cipher per protocol; --ip one: no DNS.
testssl --quiet --color 0 --warnings off --ip one -p -E "127.0.0.1:$port" | tee "$tmp/report.txt"

failures=()
for old in "SSLv2" "SSLv3" "TLS 1 " "TLS 1.1"; do
  grep -E "^ *${old} +offered" "$tmp/report.txt" >/dev/null && failures+=("$old is offered")
done
grep -E "^ *TLS 1.2 +offered" "$tmp/report.txt" >/dev/null || failures+=("TLS 1.2 is not offered")
grep -E "^ *TLS 1.3 +offered" "$tmp/report.txt" >/dev/null || failures+=("TLS 1.3 is not offered")
# The cipher lines of -E: any CBC, SHA-1 MAC or non-ECDHE key exchange fails.
if grep -E '^ *x[0-9a-f]+ ' "$tmp/report.txt" | grep -Ev 'GCM|CHACHA20|TLS_AES|TLS_CHACHA' >/dev/null; then
  failures+=("a suite without AEAD is offered")
fi
if grep -E '^ *x[0-9a-f]+ ' "$tmp/report.txt" | grep -E 'TLSv1.2|^ *xc0|^ *xcc' | grep -Ev 'ECDH' >/dev/null; then
  failures+=("a TLS 1.2 suite without ECDHE is offered")
fi
if [[ ${#failures[@]} -gt 0 ]]; then
  printf 'tls-check: FAIL: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "tls-check: OK: TLS 1.2 and 1.3 only; TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305 only"
