#!/usr/bin/env bash
# The command lines of SPEC §11 as an operator runs them: exit codes,
# messages, file modes, signals. Usage: cli_test.sh SERVER AGENT FIXTURES
set -uo pipefail
server=$1 agent=$2 fixtures=$3
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill -KILL "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
check() {  # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}
mode_of() { stat -c %a "$1"; }
# Waits for a condition in a bounded loop: the processes under test run on their own.
wait_for() {  # tries, command...
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.05; done
  return 1
}

data=$tmp/data
check "init succeeds" "$server" init --data-dir "$data" --server-name fleet.example.org >/dev/null
for f in clicfleet.db tls/ca.pem tls/server.pem; do
  check "init creates $f" test -f "$data/$f"
done
for f in tls/ca.key tls/server.key enroll_secret initial_admin_password; do
  check "$f is mode 600" test "$(mode_of "$data/$f")" = 600
done
check "data dir is mode 700" test "$(mode_of "$data")" = 700

before=$(cd "$data" && sha256sum clicfleet.db tls/* enroll_secret initial_admin_password)
out=$("$server" init --data-dir "$data" 2>&1); rc=$?
check "init on an existing dir fails" test $rc -ne 0
check "and says why" grep -q "already initialised" <<<"$out"
after=$(cd "$data" && sha256sum clicfleet.db tls/* enroll_secret initial_admin_password)
check "and changes nothing" test "$before" = "$after"

mkdir -p "$tmp/busy" && echo keep > "$tmp/busy/notes.txt"
out=$("$server" init --data-dir "$tmp/busy" 2>&1); rc=$?
check "init into a non-empty dir fails" test $rc -ne 0
check "and says why" grep -q "not empty" <<<"$out"
check "and leaves it alone" test "$(ls -A "$tmp/busy")" = notes.txt
check "and leaves no staging dir" test -z "$(ls -A "$tmp" | grep init-)"

out=$("$server" serve --data-dir "$tmp/nowhere" 2>&1); rc=$?
check "serve without a data dir fails" test $rc -ne 0
check "and names the fix" grep -q "clicfleet-server init" <<<"$out"

printf '[server]\nthreads = "many"\n' > "$tmp/bad.toml"
out=$("$server" serve --data-dir "$data" --config "$tmp/bad.toml" 2>&1); rc=$?
check "a bad config value is refused" test $rc -ne 0
check "naming the key" grep -q "server.threads" <<<"$out"

"$server" serve --data-dir "$data" --listen 127.0.0.1:0 --port-file "$tmp/port" \
  --log-level warn 2>"$tmp/server.log" &
server_pid=$!
check "serve writes its port" wait_for 200 test -s "$tmp/port"
url=https://127.0.0.1:$(cat "$tmp/port")

# Users: the password comes from standard input; the new user can log in at once.
out=$(printf 'a-long-desk-password\n' | "$server" user add desk.one --role support --data-dir "$data" 2>&1)
check "user add succeeds: $out" grep -q "added user desk.one (role support)" <<<"$out"
out=$(printf 'a-long-desk-password\n' | "$server" user add desk.one --role support --data-dir "$data" 2>&1); rc=$?
check "adding the same user again fails" test $rc -ne 0
check "saying it exists" grep -q "already exists" <<<"$out"
out=$(printf 'short\n' | "$server" user add desk.two --role support --data-dir "$data" 2>&1); rc=$?
check "a short password is refused" test $rc -ne 0
check "saying how long it must be" grep -q "12 to 1024 characters" <<<"$out"
out=$(printf 'a-long-desk-password\n' | "$server" user add desk.two --role root --data-dir "$data" 2>&1); rc=$?
check "an unknown role is refused" test $rc -ne 0
check "listing the roles" grep -q "admin, it, support, bursary, viewer" <<<"$out"
login=$(curl -s --cacert "$data/tls/ca.pem" "$url/api/v1/login" -H 'Content-Type: application/json' \
  -d '{"username":"desk.one","password":"a-long-desk-password"}')
token=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' <<<"$login")
check "the new user logs in" test -n "$token"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$data/tls/ca.pem" \
  -H "Authorization: Bearer $token" "$url/api/v1/devices")
check "and, as support, lists devices" test "$code" = 200

state=$tmp/agent
out=$("$agent" once --state-dir "$state" 2>&1); rc=$?
check "once before enroll fails" test $rc -ne 0
check "and says to enroll" grep -q "clicfleet-agent enroll" <<<"$out"

out=$("$agent" enroll --server "$url" --ca "$data/tls/ca.pem" \
  --enroll-secret-file "$data/enroll_secret" --state-dir "$state" \
  --sysroot "$fixtures/laptop-battery" 2>&1)
check "enroll succeeds: $out" grep -q "enrolled as device" <<<"$out"
check "the token is mode 600" test "$(mode_of "$state/token")" = 600

out=$("$agent" once --state-dir "$state" --sysroot "$fixtures/laptop-battery" --no-connectivity 2>&1); rc=$?
check "once exits 0 when acknowledged: $out" test $rc -eq 0
check "and says so" grep -q "report acknowledged (seq 1)" <<<"$out"

out=$("$agent" status --state-dir "$state" 2>&1); rc=$?
check "status exits 0 once enrolled" test $rc -eq 0
check "status shows the last report" grep -q "seq 1 acknowledged" <<<"$out"
check "status shows an empty queue" grep -q "queue: *empty" <<<"$out"
out=$("$agent" status --state-dir "$tmp/never" 2>&1); rc=$?
check "status of a never-enrolled dir exits 1" test $rc -eq 1
check "and says so" grep -q "enrolled: *no" <<<"$out"

out=$("$agent" enroll --server "https://127.0.0.1:1" --ca "$data/tls/ca.pem" \
  --enroll-secret-file "$data/enroll_secret" --state-dir "$tmp/agent2" 2>&1); rc=$?
check "enroll against a closed port fails" test $rc -ne 0
check "naming the address" grep -q "127.0.0.1:1" <<<"$out"

out=$("$agent" enroll --server "http://127.0.0.1:1" --ca "$data/tls/ca.pem" \
  --enroll-secret-file "$data/enroll_secret" --state-dir "$tmp/agent2" 2>&1); rc=$?
check "a plain-http URL is refused" test $rc -ne 0
check "with the expected form" grep -q "https://host:port" <<<"$out"

out=$("$agent" run --server "$url" --ca "$data/tls/ca.pem" --enroll-secret-file "$data/enroll_secret" \
  --state-dir "$tmp/daemon" --log-level loud 2>&1); rc=$?
check "run refuses an unknown log level with EX_CONFIG (78: systemd does not restart it)" test $rc -eq 78
check "naming it" grep -q "unknown log level 'loud'" <<<"$out"
out=$("$agent" run --config /dev/null --state-dir "$tmp/daemon" 2>&1); rc=$?
check "run without a server exits 78" test $rc -eq 78
check "naming the key" grep -q "server" <<<"$out"

# The daemon: starts, reports, stops promptly and cleanly on SIGTERM.
"$agent" run --server "$url" --ca "$data/tls/ca.pem" --enroll-secret-file "$data/enroll_secret" \
  --state-dir "$tmp/daemon" --sysroot "$fixtures/debian12-vm" --start-delay-max 0 --no-connectivity \
  --log-file "$tmp/daemon.log" &
agent_pid=$!
check "run enrolls and reports" wait_for 200 grep -qs "acknowledged" "$tmp/daemon.log"
kill -TERM "$agent_pid"
check "run stops on SIGTERM" wait_for 40 bash -c "! kill -0 $agent_pid 2>/dev/null"
wait "$agent_pid"; rc=$?
check "and exits 0" test $rc -eq 0

# kill -9 of the agent in the middle of an upload: the server is frozen
# (SIGSTOP), so the agent waits in the exchange when it is killed. Its report
# stays queued and arrives, once, with the next run.
kill -STOP "$server_pid"
"$agent" once --state-dir "$state" --sysroot "$fixtures/laptop-battery" --no-connectivity \
  >/dev/null 2>&1 &
once_pid=$!
check "the agent reaches the frozen server" \
  wait_for 200 bash -c "ss -Htn state established '( dport = :${url##*:} )' | grep -q ."
kill -KILL "$once_pid"; wait "$once_pid" 2>/dev/null
kill -CONT "$server_pid"
out=$("$agent" once --state-dir "$state" --sysroot "$fixtures/laptop-battery" --no-connectivity 2>&1); rc=$?
check "after kill -9 the next run succeeds: $out" test $rc -eq 0
check "and delivers the killed run's report with its own" grep -q "seq 3).*1 queued before it" <<<"$out"
out=$("$agent" status --state-dir "$state" 2>&1)
check "leaving the queue empty" grep -q "queue: *empty" <<<"$out"

kill -TERM "$server_pid"
check "serve stops on SIGTERM" wait_for 100 bash -c "! kill -0 $server_pid 2>/dev/null"
wait "$server_pid"; rc=$?
server_pid=""
check "and exits 0" test $rc -eq 0

# With the server gone, a report waits in the queue and status says why.
out=$("$agent" once --state-dir "$state" --sysroot "$fixtures/laptop-battery" --no-connectivity 2>&1); rc=$?
check "once fails while the server is down" test $rc -ne 0
out=$("$agent" status --state-dir "$state" 2>&1)
check "status shows the waiting report" grep -q "1 report(s) waiting" <<<"$out"
check "status shows the last error" grep -q "last error: .*refused" <<<"$out"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
