#!/usr/bin/env bash
# The server's figures against SPEC §9, on this machine (issue 6): a release
# build, a fresh server on 127.0.0.1, then clicfleet-loadgen in each mode; the
# same client against nginx (Debian package) answering a fixed 200 over the
# same TLS, and the ratio of the two, the figure that survives a noisy machine.
# Then the admin queries on a fleet database of 100,000 devices.
# On demand, not part of CI. Usage: scripts/bench.sh [--quick] [--pin] [--fleet-db FILE]
#   --quick  smaller runs (about three minutes in all) to try the script itself
#   --pin    the server (and nginx) on CPU 0 with one thread, the loadgen on
#            CPU 1 (taskset): the server's own figures on one core, without
#            the client's work on that core
#   --fleet-db FILE  time the admin queries on this clicfleet-fleetgen database
#            instead of generating one (100,000 devices x 1 day; 10,000 with --quick)
set -euo pipefail

command_line="scripts/bench.sh $*"
quick=false
pin=false
fleet_db=""
usage="usage: scripts/bench.sh [--quick] [--pin] [--fleet-db FILE]"
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=true ;;
    --pin) pin=true ;;
    --fleet-db)
      [[ $# -ge 2 && -f $2 ]] || { echo "bench.sh: --fleet-db needs an existing database file ($usage)" >&2; exit 2; }
      fleet_db=$(realpath "$2")  # as given from where the script was started
      shift ;;
    *) echo "bench.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/.."

scripts/install-deps.sh nginx
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target clicfleet-server clicfleet-loadgen \
  clicfleet-fleetgen clicfleet-dbbench
server_bin=$build/bin/clicfleet-server
loadgen=$build/bin/clicfleet-loadgen
nginx=$(command -v nginx || echo /usr/sbin/nginx)

# Where each side runs. By default client and server share every core, so the
# server's figures are a floor for the server alone; --pin splits them.
on_server_cpu=()
on_client_cpu=()
client_args=()
threads=2  # the server's I/O threads, and nginx's worker processes
placement="client and server share the machine's $(nproc) cores: the client's TLS and gzip take CPU from the server, so its figures are a floor for the server alone"
if $pin; then
  [[ $(nproc) -ge 2 ]] || { echo "bench.sh: --pin needs 2 cores or more, this machine has $(nproc)" >&2; exit 2; }
  on_server_cpu=(taskset -c 0)
  on_client_cpu=(taskset -c 1)
  client_args=(--threads 1)
  threads=1
  placement="pinned (--pin): the server, or nginx, on CPU 0 with 1 thread (1 worker), the loadgen on CPU 1 with 1 thread: the server's own figures on one core; the loadgen may now be the limit, which nginx's figures show"
fi

# 10,000 idle connections need as many descriptors on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d)
server_pid=""  # whichever serves $url: clicfleet-server, or nginx's master process
client_pid=""  # the loadgen running, if any
stop() {  # pid: TERM, then wait for it, whatever its exit status (set -e must not stop the cleanup)
  [[ -n $1 ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_server() { stop "$server_pid"; server_pid=""; }
stop_client() { stop "$client_pid"; client_pid=""; }
trap 'stop_client; stop_server; rm -rf "$tmp"' EXIT
# The loadgen runs in the background while the script waits for it, so that
# an interrupt reaches this trap at once, and the EXIT trap stops everything.
trap 'exit 130' INT TERM

fresh_data_dir() {  # the server's PKI (ECDSA P-256, server/init/pki.cpp) and enrollment secret
  rm -rf "$tmp/data"
  "$server_bin" init --data-dir "$tmp/data" >/dev/null
}

start_server() {  # a fresh data directory each time
  stop_server
  fresh_data_dir
  rm -f "$tmp/port"
  cat >"$tmp/server.toml" <<TOML
[server]
threads = $threads
[limits]
max_connections = 30000
max_connections_per_address = 30000  # every simulated laptop comes from 127.0.0.1
enrollments_per_minute = 100000
idle_timeout_ms = 600000
TOML
  "${on_server_cpu[@]}" "$server_bin" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 \
    --port-file "$tmp/port" --config "$tmp/server.toml" --log-level warn 2>"$tmp/server.log" &
  server_pid=$!
  for _ in $(seq 1 200); do [[ -s $tmp/port ]] && break; sleep 0.05; done
  [[ -s $tmp/port ]] || { echo "the server did not start" >&2; exit 1; }
  url=https://127.0.0.1:$(cat "$tmp/port")
}

free_port() {  # one nobody listens on, below the ephemeral range the loadgen connects from
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    [[ -z $(ss -Hltn "sport = :$port") ]] && { echo "$port"; return; }
  done
}

# nginx's configuration: private (its own pid, logs and temp paths in $1, not
# the system's service), the server's certificate chain and key, TLS 1.2 or
# newer with OpenSSL's default ciphers and groups as the server has, and fixed
# answers the loadgen accepts. `return` reads and discards a request body, and
# the connection stays open for the next request.
write_nginx_conf() {  # dir, port, next_seq
  local dir=$1 port=$2 next_seq=$3 files
  files=$(ulimit -n)
  cat >"$dir/nginx.conf" <<NGINX
daemon off;
worker_processes $threads;
worker_rlimit_nofile $files;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections $((files - 64)); }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 600s;
  client_max_body_size 16m;
  default_type application/json;
  server {
    # The server listens with a backlog of SOMAXCONN; nginx's default is 511.
    listen 127.0.0.1:$port ssl backlog=4096;
    ssl_certificate $tmp/data/tls/server.pem;
    ssl_certificate_key $tmp/data/tls/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers DEFAULT;
    location = /api/v1/agent/enroll {
      return 200 '{"device_id":"nginx-fixed-200","device_token":"fixed","next_seq":$next_seq}';
    }
    # An ack that covers any upload: the loadgen, told --fixed-answers, counts what it sent.
    location = /api/v1/agent/report {
      return 200 '{"ack_seq":9223372036854775807,"server_time":"2026-01-01T00:00:00Z"}';
    }
    location = /healthz { return 200 '{"status":"ok"}'; }
  }
}
NGINX
}

nginx_answers() {  # up to 5 s: /healthz over TLS, verified with the fleet's CA
  for _ in $(seq 1 50); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    curl -sf --max-time 2 --cacert "$tmp/data/tls/ca.pem" "$url/healthz" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# next_seq of the enrollment answer: 1 for laptops new to the server (their
# first report carries the full inventory), 2 for laptops it knows (health
# only), so that the client sends what it sends to clicfleet in the same run.
start_nginx() {  # next_seq
  stop_server
  fresh_data_dir
  local dir=$tmp/nginx port
  for _ in 1 2 3 4 5; do  # again on another port if this one was taken meanwhile
    rm -rf "$dir"
    mkdir -p "$dir"
    port=$(free_port)
    write_nginx_conf "$dir" "$port" "$1"
    if ! "$nginx" -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/test.log"; then
      echo "bench.sh: nginx refuses the configuration $dir/nginx.conf:" >&2
      sed 's/^/  /' "$dir/test.log" >&2
      exit 1
    fi
    "${on_server_cpu[@]}" "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    server_pid=$!
    url=https://127.0.0.1:$port
    nginx_answers && return 0
    stop_server
  done
  echo "bench.sh: nginx did not start or did not answer https://127.0.0.1:$port/healthz; its log:" >&2
  sed 's/^/  /' "$dir/error.log" >&2
  exit 1
}

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status"; }

# CPU seconds the server (nginx: its master and workers) has used so far.
server_cpu_s() {
  local ticks=0 p
  for p in "$server_pid" $(pgrep -P "$server_pid" || true); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

failed_runs=()
loadgen() {  # title, loadgen arguments...: prints the run's summary, keeps it in $tmp/last.out
  local title=$1 status=0 cpu_before cpu_used requests
  shift
  local args=("${client_args[@]}" "$@")
  echo
  echo "== $title"
  echo "   $loadgen --server URL --data-dir DIR ${args[*]}"
  cpu_before=$(server_cpu_s)
  timeout 600 "${on_client_cpu[@]}" "$loadgen" --server "$url" --data-dir "$tmp/data" "${args[@]}" \
    >"$tmp/last.out" 2>"$tmp/last.err" &
  client_pid=$!
  wait "$client_pid" || status=$?
  client_pid=""
  # A server that died during the run has no /proc entry left to read.
  if [[ -d /proc/$server_pid ]]; then
    cpu_used=$(awk -v a="$cpu_before" -v b="$(server_cpu_s)" 'BEGIN {printf "%.2f", b - a}')
  else
    cpu_used=""
  fi
  sed 's/^/   /' "$tmp/last.out"
  # What the server itself spent, whoever else shares the cores: per request it
  # gives the requests one core could take, were the client elsewhere (in the
  # handshake runs, one request a connection: the handshakes a core could take).
  requests=$(sed -n 's/^requests \([0-9]*\) .*/\1/p' "$tmp/last.out")
  awk -v c="$cpu_used" -v n="${requests:-0}" 'BEGIN {
    if (c == "") { print "   server CPU: n/a (the server is gone)"; exit }
    printf "   server CPU: %.2f s", c
    if (n > 0 && c > 0) printf ", %.3f ms a request: %.0f requests per core-second", 1000 * c / n, n / c
    printf "\n" }'
  if [[ $status -ne 0 ]]; then
    echo "   FAILED: the loadgen exited with status $status"
    grep -v '^t=' "$tmp/last.err" | tail -5 | sed 's/^/   /'
    failed_runs+=("$title")
  fi
}
keep() { cp "$tmp/last.out" "$tmp/$1.out"; }  # the last run's summary, for the comparison

# Figures read back from a kept summary; nothing if the run is missing.
reports_per_s() { sed -n 's/.*reports acknowledged [0-9]* (\([0-9]*\)\/s).*/\1/p' "$tmp/$1.out" 2>/dev/null; }
connections_per_s() { sed -n 's/^connections [0-9]* (\([0-9]*\)\/s).*/\1/p' "$tmp/$1.out" 2>/dev/null; }
thousands() { [[ -n $1 ]] && echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' || echo "n/a"; }
ratio() { [[ -n $1 && -n $2 && $2 -gt 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}' || echo "n/a"; }
compare() {  # label, unit, figure function, kept run, [offered rate]
  local label=$1 unit=$2 ours theirs note=""
  ours=$($3 "$4.clicfleet")
  theirs=$($3 "$4.nginx")
  # A run that kept up with what was offered shows the offer, not the limit.
  if [[ -n ${5:-} && -n $theirs ]] && ((theirs * 10 >= $5 * 9)); then
    note=" (nginx kept up with the offered $(thousands "$5")/s: its limit is higher, so the ratio is an upper bound)"
  fi
  printf '   %-16s clicfleet %s %s, nginx fixed 200: %s %s, ratio %s%s\n' "$label:" \
    "$(thousands "$ours")" "$unit" "$(thousands "$theirs")" "$unit" "$(ratio "$ours" "$theirs")" "$note"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "command: $command_line"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "placement: $placement"
echo "nginx:   $("$nginx" -v 2>&1 | sed 's/^nginx version: //'), $threads worker(s), fixed answers"

if $quick; then
  steady=(--agents 300 --interval 0.1 --duration 10)
  storm=(--agents 1000 --window 10)
  idle=2000
else
  steady=(--agents 2000 --interval 0.2 --duration 30)
  storm=(--agents 7600 --window 60)
  idle=10000
fi
offered=$(awk -v n="${steady[1]}" -v i="${steady[3]}" 'BEGIN {printf "%.0f", n / i}')  # reports/s

start_server
echo
echo "== server RSS idle: $(rss_mb) MB (target: none; SPEC §9 sets the agent's)"

loadgen "ingest: heartbeats over keep-alive, durable (target ≥ 5,000 reports/s)" \
  --mode steady "${steady[@]}"
keep ingest.clicfleet
echo "   server RSS under this load, at its end: $(rss_mb) MB"

start_nginx 1
loadgen "the same ingest against nginx answering a fixed 200 (new laptops: a full inventory first)" \
  --mode steady "${steady[@]}" --no-check --fixed-answers
keep ingest.nginx

start_server
loadgen "enrollment day (not a target): every laptop enrolls and sends its full inventory" \
  --mode storm "${storm[@]}"
loadgen "boot storm: the enrolled laptops all report within the window, each on fresh TLS connections (target: p99 < 1 s, none lost)" \
  --mode storm "${storm[@]}"
loadgen "full TLS handshakes (ECDSA P-256), as fast as they come (target ≥ 1,500/s on 2 cores; see placement above)" \
  --mode storm --agents "${storm[1]}" --window 0 --no-check
keep handshakes.clicfleet
loadgen "the same with TLS session resumption (each agent's second connection resumes)" \
  --mode storm --agents "${storm[1]}" --window 0 --resume --no-check
keep resumed.clicfleet

start_nginx 2
loadgen "full TLS handshakes against nginx answering a fixed 200 (laptops it knows: health only)" \
  --mode storm --agents "${storm[1]}" --window 0 --no-check --fixed-answers
keep handshakes.nginx
loadgen "the same against nginx with TLS session resumption" \
  --mode storm --agents "${storm[1]}" --window 0 --resume --no-check --fixed-answers
keep resumed.nginx

start_server
loadgen "backlog: 500 agents upload 200 queued reports each after an outage" \
  --mode backlog --agents 500 --backlog 200

start_server
"${on_client_cpu[@]}" "$loadgen" --server "$url" --data-dir "$tmp/data" "${client_args[@]}" \
  --mode connections --agents "$idle" --duration 20 --no-check >"$tmp/idle.out" 2>/dev/null &
client_pid=$!
for _ in $(seq 1 300); do
  [[ $(ls "/proc/$server_pid/fd" | wc -l) -gt $idle ]] && break
  sleep 0.1
done
echo
echo "== $idle idle keep-alive connections: server RSS $(rss_mb) MB," \
  "$(ls "/proc/$server_pid/fd" | wc -l) descriptors open"
wait "$client_pid" || true
client_pid=""
sed 's/^/   /' "$tmp/idle.out"
stop_server

# The admin queries read devices, holders, pupils, schools and alerts, never the
# samples: one day of samples times them as fourteen would (docs/performance.md
# has both). The generated database goes with $tmp at exit.
echo
if [[ -n $fleet_db ]]; then
  echo "== the admin queries on $fleet_db (target: fleet summary < 100 ms at 100,000 devices)"
  db=$fleet_db
else
  devices=100000
  $quick && devices=10000
  echo "== the admin queries on a generated fleet of $devices devices, 1 day of 15-minute samples" \
    "(target: fleet summary < 100 ms at 100,000 devices)"
  db=$tmp/fleet.db
  if ! "$build/bin/clicfleet-fleetgen" --db "$db" --devices "$devices" --days 1 --seed 1 \
    --keep-free-gb 5 >"$tmp/fleetgen.out" 2>&1; then
    tail -3 "$tmp/fleetgen.out" | sed 's/^/   /'
    failed_runs+=("clicfleet-fleetgen --devices $devices")
    db=""
  fi
  grep -E '^(seconds|database):' "$tmp/fleetgen.out" | sed 's/^/   generated: /' || true
fi
if [[ -n $db ]]; then
  "$build/bin/clicfleet-dbbench" --db "$db" --runs 20 | sed 's/^/   /' ||
    failed_runs+=("clicfleet-dbbench --db $db")
  [[ -z $fleet_db ]] && rm -f "$db" "$db-wal" "$db-shm"
fi

echo
echo "== clicfleet against nginx answering a fixed 200, same client, certificate and placement"
echo "   (the ratio clicfleet / nginx is the figure that survives a noisy machine)"
compare "ingest" "reports/s" reports_per_s ingest "$offered"
compare "full handshakes" "connections/s" connections_per_s handshakes
compare "resumed" "connections/s" connections_per_s resumed

if [[ ${#failed_runs[@]} -gt 0 ]]; then
  echo
  echo "FAILED runs:" >&2
  printf '  %s\n' "${failed_runs[@]}" >&2
  exit 1
fi
