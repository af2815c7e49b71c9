#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests (issue 17), from Debian's
# postgresql-15: a cluster made by initdb in DIR, serving on 127.0.0.1 on a
# free port and on a socket in DIR, trusting local connections (nothing
# else can reach it), stopped and removed by `stop`. Run as root, it runs
# as a system user made for it (PostgreSQL refuses root).
#   start DIR  writes DIR/url (postgresql://clicfleet@127.0.0.1:PORT/clicfleet)
#   stop DIR   stops the server and removes DIR
# Usage: tests/postgres/pg_instance.sh start|stop DIR
set -euo pipefail

usage="usage: tests/postgres/pg_instance.sh start|stop DIR"
[[ $# -eq 2 ]] || { echo "$usage" >&2; exit 2; }
action=$1
dir=$(realpath -m "$2")
bin=/usr/lib/postgresql/15/bin
user=clicfleet-pgtest
[[ -x $bin/initdb ]] || { echo "pg_instance: no $bin/initdb (scripts/install-deps.sh installs postgresql-15)" >&2; exit 1; }

as_owner() {  # runs a command as the cluster's owner
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

case $action in
  start)
    "$0" stop "$dir" 2>/dev/null || true
    if [[ $(id -u) -eq 0 ]] && ! id "$user" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$user" "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=clicfleet --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port on loopback, asked of the kernel (PostgreSQL cannot listen on port 0).
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" --host="$dir" --port="$port" --username=clicfleet clicfleet
    echo "postgresql://clicfleet@127.0.0.1:$port/clicfleet" >"$dir/url"
    echo "pg_instance: PostgreSQL 15 on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
