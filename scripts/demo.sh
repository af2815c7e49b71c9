#!/usr/bin/env bash
# Builds a release, serves ./demo/data on https://127.0.0.1:8443 with three
# local agents (each with its own identity, state dir and fixture sysroot),
# shows the fleet and where the web console is, and stops everything on
# Ctrl-C. ./demo is kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh

echo "== build (release, build/release; a few minutes the first time; log in build/release/build.log)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLICFLEET_BUILD_TESTS=OFF >/dev/null
# The compiler's output goes to the log (at -O2 it warns about Boost's own
# headers); a failure shows its end.
if ! cmake --build build/release -j "$(nproc)" >build/release/build.log 2>&1; then
  tail -40 build/release/build.log
  echo "demo.sh: the build failed; the whole log is build/release/build.log" >&2
  exit 1
fi
server=$root/build/release/bin/clicfleet-server
agent=$root/build/release/bin/clicfleet-agent

demo=$root/demo
data=$demo/data
port=8443
url=https://127.0.0.1:$port
mkdir -p "$demo"

if [[ ! -f $data/clicfleet.db ]]; then
  "$server" init --data-dir "$data"
fi

# Agents report every minute in the demo (15 minutes by default).
cat > "$demo/server.toml" <<TOML
[agents]
report_interval_s = 60
[log]
file = "$demo/server.log"
TOML

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "== stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped; data kept in $demo (remove it to start afresh)"
}
trap stop_all INT TERM EXIT

rm -f "$demo/port"
"$server" serve --data-dir "$data" --listen 127.0.0.1:$port --port-file "$demo/port" \
  --config "$demo/server.toml" &
pids+=($!)
for _ in $(seq 1 100); do
  [[ -s $demo/port ]] && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the server did not start (is port $port in use?)" >&2; exit 1; }
  sleep 0.1
done
[[ -s $demo/port ]] || { echo "the server did not start listening" >&2; exit 1; }
echo "== server listening on $url (log: $demo/server.log)"

# Three laptops: copies of the fixture sysroots with identities of their own.
fixtures=$root/tests/fixtures/sysroots
make_sysroot() {  # name fixture serial uuid
  local dir=$demo/agents/$1/sysroot
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  cp -r "$fixtures/$2" "$dir"
  mkdir -p "$dir/sys/class/dmi/id"
  echo "$3" > "$dir/sys/class/dmi/id/product_serial"
  echo "$4" > "$dir/sys/class/dmi/id/product_uuid"
  echo "$1" > "$dir/etc/hostname"
  printf '%032x\n' "$RANDOM$RANDOM" > "$dir/etc/machine-id"
}
make_sysroot ecole-jaures-pc01 laptop-battery DEMO0001 6f1c1d0e-0001-4a6e-9d6b-0c1a2b3c4d01
make_sysroot ecole-jaures-pc02 laptop-battery DEMO0002 6f1c1d0e-0002-4a6e-9d6b-0c1a2b3c4d02
make_sysroot ecole-curie-pc01 debian12-vm DEMO0003 6f1c1d0e-0003-4a6e-9d6b-0c1a2b3c4d03

for name in ecole-jaures-pc01 ecole-jaures-pc02 ecole-curie-pc01; do
  "$agent" run --server "$url" --ca "$data/tls/ca.pem" \
    --enroll-secret-file "$data/enroll_secret" \
    --state-dir "$demo/agents/$name/state" --sysroot "$demo/agents/$name/sysroot" \
    --start-delay-max 0 --no-connectivity --log-file "$demo/agents/$name/agent.log" &
  pids+=($!)
done

# clicfleetctl, logged in once for the person trying the demo. The initial
# admin password is one-time: the demo changes it, as a first login must, and
# keeps the new one in ./demo/admin_password.
ctl=$PWD/build/release/bin/clicfleetctl
export CLICFLEET_CTL_SESSION=$demo/ctl-session.toml
password_file=$demo/admin_password
if [[ -f $data/initial_admin_password ]]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$password_file" && echo >>"$password_file")
  "$ctl" --server "$url" --ca "$data/tls/ca.pem" login admin <"$data/initial_admin_password" >/dev/null
  cat "$data/initial_admin_password" "$password_file" | "$ctl" password >/dev/null
elif [[ -f $password_file ]]; then
  "$ctl" --server "$url" --ca "$data/tls/ca.pem" login admin <"$password_file" >/dev/null
else
  echo "demo: no admin password in $password_file; remove $demo to start over" >&2
  exit 1
fi
password=$(cat "$password_file")
login() {
  curl -sf --cacert "$data/tls/ca.pem" "$url/api/v1/login" \
    -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" |
    sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p'
}
token=$(login)
summary=""
for _ in $(seq 1 100); do
  summary=$(curl -sf --cacert "$data/tls/ca.pem" -H "Authorization: Bearer $token" \
    "$url/api/v1/fleet/summary" || true)
  # Online from enrollment on; reported once their OS shows in the summary.
  by_os=${summary#*\"by_os\":}
  [[ $summary == *'"online":3'* && ${by_os%%\}*} != *unknown* ]] && break
  sleep 0.2
done

# Who holds each laptop, as the bursary office imports it (invented pupils); a
# fourth laptop is handed over but not yet enrolled. Importing again changes nothing.
handed=$(date -d '-20 days' +%d/%m/%Y)
printf '%s\r\n' "numero_serie;ref_eleve;nom;prenom;ecole;classe;date_remise;type" \
  "DEMO0001;E-0001;Martin;Léa;École Jaurès;CE2 A;$handed;initiale" \
  "DEMO0002;E-0002;Petit;Noé;École Jaurès;CE2 A;$handed;initiale" \
  "DEMO0003;E-0003;Moreau;Inès;École Curie;CE2 B;$handed;initiale" \
  "DEMO0004;E-0004;Durand;Tom;École Curie;CE2 B;$handed;initiale" >"$demo/handovers.csv"
"$ctl" import handovers "$demo/handovers.csv" >/dev/null
# Two applications, as the office keys them from the families' forms (once:
# a second run finds them): one with its proof, to pay; one awaiting it.
if [[ $("$ctl" --json bursary applications list --pupil E-0001) == *'"applications":[]'* ]]; then
  applied=$(date -d '-5 days' +%d/%m/%Y)
  subscribed=$(date -d '-10 days' +%d/%m/%Y)
  "$ctl" bursary applications add --pupil E-0001 --received-on "$applied" \
    --subscription-started-on "$subscribed" --isp Orange --connection-type fibre \
    --payee "Claire Martin" --iban "FR76 3000 6000 0112 3456 7890 189" \
    --proof-received-on "$applied" >/dev/null
  "$ctl" bursary applications add --pupil E-0003 --received-on "$applied" \
    --subscription-started-on "$subscribed" --isp Free --connection-type adsl \
    --payee "Karim Moreau" --iban "DE89 3704 0044 0532 0130 00" >/dev/null
fi
summary=$("$ctl" summary 2>&1 || true)
devices=$("$ctl" devices 2>&1 || true)
deadlines=$("$ctl" bursary deadlines 2>&1 || true)

cat <<TEXT

== clicfleetctl summary
$summary

== clicfleetctl devices
$devices

== clicfleetctl bursary deadlines
$deadlines

== look around
  web console:     $url/   (user admin, password in $password_file: $password)
                   the browser will warn about the demo's own certificate authority
                   ($data/tls/ca.pem); accept it for this address, or import that file
  admin password:  $password_file  (user admin)
  log in:          curl --cacert $data/tls/ca.pem $url/api/v1/login \\
                     -H 'Content-Type: application/json' \\
                     -d '{"username":"admin","password":"$password"}'
  then, with the token it returns:
                   curl --cacert $data/tls/ca.pem -H "Authorization: Bearer TOKEN" $url/api/v1/fleet/summary
                   curl --cacert $data/tls/ca.pem -H "Authorization: Bearer TOKEN" $url/api/v1/devices
  clicfleetctl:    export CLICFLEET_CTL_SESSION=$demo/ctl-session.toml  (logged in as admin)
                   $ctl devices | device ID | alerts | lookup SERIAL-OR-CODE
                   $ctl bursary deadlines | bursary applications list | bursary pay --preview
                   $ctl bursary report --cohort YEAR | import handovers FILE
                   $ctl users list | users add NAME --role ROLE | password
  metrics:         curl --cacert $data/tls/ca.pem -H "Authorization: Bearer \$(cat $data/metrics_token)" $url/metrics
  agent logs:      $demo/agents/*/agent.log

The agents report every minute. Press Ctrl-C to stop everything.
TEXT

if [[ ${CLICFLEET_DEMO_ONCE:-} == 1 ]]; then
  [[ $summary == *'en ligne 3 '* ]]  # the three agents, online
  curl -sf --cacert "$data/tls/ca.pem" "$url/" | grep -q '<div id="app">'
  exit
fi
wait
