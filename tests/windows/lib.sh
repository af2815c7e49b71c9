# What the Windows end-to-end tests share (end_to_end.sh, msi_lifecycle.sh):
# wine's settings, a clicfleet-server on loopback in a work folder, and a
# read-only look into its database. Source it after setting server_bin,
# windows_build and work.
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # set here for, and by, the sourcing script

export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
wine=/usr/lib/wine/wine64
server_pid=""

fail() { echo "${0##*/}: FAIL: $*" >&2; exit 1; }
# The wine path of a Linux path (wine maps / to Z:).
winpath() { echo "Z:${1//\//\\}"; }
sql() { python3 -c 'import sqlite3,sys; db=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True); [print(*r, sep="|") for r in db.execute(sys.argv[2])]' "$work/data/clicfleet.db" "$1"; }

start_server() {  # [PORT]
  rm -f "$work/port"
  "$server_bin/clicfleet-server" serve --data-dir "$work/data" --listen "127.0.0.1:${1:-0}" \
    --port-file "$work/port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    [[ -s $work/port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/server.log" >&2
  fail "the server did not start"
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
