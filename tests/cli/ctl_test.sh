#!/usr/bin/env bash
# clicfleetctl as an administrator runs it against a real server on
# loopback: login, lists, errors a person will meet, imports and the
# bursary, logout.
# Usage: ctl_test.sh SERVER CTL [AGENT FIXTURES]  (with an agent, one laptop enrolls)
set -uo pipefail
server=$1 ctl=$2 agent=${3:-} fixtures=${4:-}
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
check() {  # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}
mode_of() { stat -c %a "$1"; }
is_json() { python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$1" 2>/dev/null; }
# Waits for a condition in a bounded loop: the server runs on its own.
wait_for() {  # tries, command...
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.05; done
  return 1
}

# The session file goes to its default place under a HOME of our own.
export HOME=$tmp/home
unset XDG_CONFIG_HOME CLICFLEET_CTL_SESSION
session=$HOME/.config/clicfleet/ctl-session.toml

data=$tmp/data
"$server" init --data-dir "$data" >/dev/null || { echo "FAILED: init"; exit 1; }
ca=$data/tls/ca.pem
"$server" serve --data-dir "$data" --listen 127.0.0.1:0 --port-file "$tmp/port" \
  --log-level warn 2>"$tmp/server.log" &
server_pid=$!
check "serve writes its port" wait_for 200 test -s "$tmp/port"
url=https://127.0.0.1:$(cat "$tmp/port")

out=$("$ctl" devices 2>&1); rc=$?
check "devices before login exits 1" test $rc -eq 1
check "and says how to log in: $out" grep -q "not logged in: run \`clicfleetctl --server URL --ca FILE login NAME\`" <<<"$out"

out=$("$ctl" alerts --state sideways 2>&1); rc=$?
check "a bad flag value is a usage error (exit 2): $rc" test $rc -eq 2
check "naming the flag" grep -q -- "--state" <<<"$out"

out=$(printf 'not-the-password\n' | "$ctl" --server "$url" --ca "$ca" login admin 2>&1); rc=$?
check "a wrong password exits 1" test $rc -eq 1
check "with the server's message: $out" grep -q "wrong user name or password" <<<"$out"
check "and keeps no session" test ! -e "$session"

out=$("$ctl" --server "$url" --ca "$ca" login admin <"$data/initial_admin_password" 2>&1); rc=$?
check "login exits 0: $out" test $rc -eq 0
check "and says who" grep -q "logged in as admin to $url" <<<"$out"
check "and that the initial password is one-time: $out" grep -q "choose your own with \`clicfleetctl password\`" <<<"$out"
out=$("$ctl" devices 2>&1); rc=$?
check "until it is changed, devices exits 1" test $rc -eq 1
check "saying what to run: $out" grep -q "you must change your password first: run \`clicfleetctl password\`" <<<"$out"
out=$({ cat "$data/initial_admin_password"; echo "short"; } | "$ctl" password 2>&1); rc=$?
check "a short new password exits 1: $out" test $rc -eq 1
check "saying how long: $out" grep -q "12 to 1024 characters" <<<"$out"
out=$({ cat "$data/initial_admin_password"; echo "the admin's own long phrase"; } | "$ctl" password 2>&1); rc=$?
check "password exits 0: $out" test $rc -eq 0
check "and says the other sessions ended" grep -q "password changed for admin; your other sessions have ended" <<<"$out"
check "and the initial password file is gone" test ! -e "$data/initial_admin_password"
out=$("$ctl" devices --status sideways 2>&1); rc=$?
check "a status the server does not know exits 1: $rc" test $rc -eq 1
check "with the server's list of statuses: $out" grep -q -- "the server refused --status: must be one of online, offline, stale, missing, never_seen" <<<"$out"
check "the session file is mode 600" test "$(mode_of "$session")" = 600
check "in a mode 700 directory" test "$(mode_of "$(dirname "$session")")" = 700
check "keeping the absolute CA path" grep -q "ca = '$ca'\|ca = \"$ca\"" "$session"

out=$("$ctl" devices 2>&1); rc=$?
check "devices on an empty fleet exits 0: $out" test $rc -eq 0
check "and says there are none" grep -qx "no devices" <<<"$out"
out=$("$ctl" devices --json 2>/dev/null); rc=$?
check "devices --json exits 0" test $rc -eq 0
check "and prints JSON: $out" is_json "$out"
check "with the devices list" grep -q '"devices":\[\]' <<<"$out"
out=$("$ctl" --json devices --all --limit 5 2>/dev/null); rc=$?
check "--json before the subcommand and --all work: $out" is_json "$out"

out=$("$ctl" device nosuchid 2>&1); rc=$?
check "device nosuchid exits 1" test $rc -eq 1
check "saying there is no such device: $out" grep -q "no device has the id, serial or host name 'nosuchid'" <<<"$out"

out=$("$ctl" alerts 2>&1); rc=$?
check "alerts on an empty fleet exits 0: $out" test $rc -eq 0
check "and says there are none" grep -qx "no alerts" <<<"$out"
out=$("$ctl" alerts --state all --json 2>/dev/null)
check "alerts --json prints JSON: $out" is_json "$out"
out=$(LC_ALL=fr_FR.UTF-8 "$ctl" lookup PF9NOTHERE 2>&1); rc=$?
check "lookup on an empty fleet exits 1: $out" test $rc -eq 1
check "and says nothing matches, in French" grep -q "Aucun ordinateur ne correspond à « PF9NOTHERE »" <<<"$out"
out=$(LC_ALL=en_GB.UTF-8 "$ctl" lookup PF9NOTHERE 2>&1)
check "or in English: $out" grep -q "Nothing matches 'PF9NOTHERE'" <<<"$out"
out=$("$ctl" --json lookup 'Léa Martin' 2>/dev/null)
check "lookup --json prints JSON: $out" is_json "$out"

# Connection problems, each named before or by the network layer.
out=$("$ctl" --server https://127.0.0.1:1 devices 2>&1); rc=$?
check "a closed port exits 1" test $rc -eq 1
check "naming the address: $out" grep -q "127.0.0.1:1" <<<"$out"
out=$("$ctl" --server "http://127.0.0.1:$(cat "$tmp/port")" devices 2>&1); rc=$?
check "a plain-http URL exits 1" test $rc -eq 1
check "showing the expected form: $out" grep -q "bad --server: .*https://host:port" <<<"$out"
out=$("$ctl" --ca "$tmp/nowhere.pem" devices 2>&1); rc=$?
check "a missing CA file exits 1" test $rc -eq 1
check "saying so: $out" grep -q "bad --ca: cannot read $tmp/nowhere.pem" <<<"$out"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=x \
  -keyout "$tmp/other.key" -out "$tmp/other.pem" -days 1 2>/dev/null
out=$("$ctl" --ca "$tmp/other.pem" devices 2>&1); rc=$?
check "another CA exits 1" test $rc -eq 1
check "with the verification error: $out" grep -q "certificate verify failed" <<<"$out"
check "and the hint" grep -q "is --ca the ca.pem of this server's data directory?" <<<"$out"

# Sessions that no longer work: expired by the clock, or unknown to the server.
sed 's/^expires_at = .*/expires_at = "2001-01-01T00:00:00Z"/' "$session" >"$tmp/expired.toml"
out=$(CLICFLEET_CTL_SESSION=$tmp/expired.toml "$ctl" devices 2>&1); rc=$?
check "an expired session exits 1" test $rc -eq 1
check "saying it expired: $out" grep -q "your session expired (at 2001-01-01T00:00:00Z): log in again with \`clicfleetctl login admin\`" <<<"$out"
sed "s/^token = .*/token = \"$(printf '0%.0s' $(seq 64))\"/" "$session" >"$tmp/unknown.toml"
out=$(CLICFLEET_CTL_SESSION=$tmp/unknown.toml "$ctl" devices 2>&1); rc=$?
check "a token the server does not know exits 1" test $rc -eq 1
check "as an expired session: $out" grep -q "your session expired" <<<"$out"
printf 'server = [\n' >"$tmp/corrupt.toml"
out=$(CLICFLEET_CTL_SESSION=$tmp/corrupt.toml "$ctl" devices 2>&1); rc=$?
check "a damaged session file exits 1" test $rc -eq 1
check "naming it: $out" grep -q "session file $tmp/corrupt.toml is damaged" <<<"$out"

# A role that may not list devices.
printf 'a-long-money-password\n' | "$server" user add money --role bursary --data-dir "$data" >/dev/null
export CLICFLEET_CTL_SESSION=$tmp/money.toml
out=$(printf 'a-long-money-password\n' | "$ctl" --server "$url" --ca "$ca" login money 2>&1)
check "a bursary user logs in: $out" grep -q "logged in as money" <<<"$out"
out=$("$ctl" devices 2>&1); rc=$?
check "and may not list devices (exit 1)" test $rc -eq 1
check "being told who and which role: $out" grep -q "user money (role bursary) may not list devices" <<<"$out"
unset CLICFLEET_CTL_SESSION

if [[ -n $agent ]]; then
  sysroot=$fixtures/laptop-battery
  "$agent" enroll --server "$url" --ca "$ca" --enroll-secret-file "$data/enroll_secret" \
    --state-dir "$tmp/agent" --sysroot "$sysroot" >/dev/null 2>&1
  out=$("$agent" once --state-dir "$tmp/agent" --sysroot "$sysroot" 2>&1)
  check "an enrolled laptop reports: $out" grep -q "report acknowledged" <<<"$out"
  out=$("$ctl" devices 2>&1)
  check "devices lists it: $out" grep -q "^[0-9a-f-]*  PF2XK4ZQ  clg-jaures-pc142  online" <<<"$out"
  id=$("$ctl" --json devices | python3 -c 'import json,sys; print(json.load(sys.stdin)["devices"][0]["id"])')
  out=$("$ctl" device "$id" 2>&1); rc=$?
  check "device ID exits 0: $out" test $rc -eq 0
  check "with its serial" grep -qx "  serial: *PF2XK4ZQ" <<<"$out"
  check "its health line" grep -q "  health: *disk / .* GiB free of .*, battery 73 %" <<<"$out"
  check "and its last run" grep -q "^  SUPPORT CODE  VERDICT  STARTED" <<<"$out"
  out=$("$ctl" device pf2xk4zq 2>&1); rc=$?
  check "device SERIAL finds it too: $out" grep -qx "  serial: *PF2XK4ZQ" <<<"$out"
  out=$("$ctl" alerts --device PF0NOSUCH 2>&1); rc=$?
  check "alerts for an unknown device exits 1: $out" test $rc -eq 1
  out=$(LC_ALL=fr_FR.UTF-8 "$ctl" lookup pf2xk4 2>&1); rc=$?
  check "lookup by part of the serial exits 0: $out" test $rc -eq 0
  check "and finds the laptop" grep -q "^Ordinateur 1 sur 1 (trouvé par numéro de série)" <<<"$out"
  check "with its last run's steps" grep -q "^    L  " <<<"$out"
  check "and what to tell the family, in French" grep -q "^  à dire à la famille : " <<<"$out"
  # The family's own check, before anything is uploaded: the code names the laptop.
  code=$("$agent" diagnose --state-dir "$tmp/agent" --sysroot "$sysroot" --json 2>/dev/null |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["support_code"])')
  out=$(LC_ALL=fr_FR.UTF-8 "$ctl" lookup "$code" 2>&1); rc=$?
  check "the code diagnose prints ($code) finds the laptop at once: $out" grep -q "PF2XK4ZQ  clg-jaures-pc142" <<<"$out"
  check "and says its run has not arrived yet" grep -q "pas encore reçue" <<<"$out"
  "$agent" once --state-dir "$tmp/agent" --sysroot "$sysroot" >/dev/null 2>&1
  out=$(LC_ALL=fr_FR.UTF-8 "$ctl" lookup "$code" 2>&1)
  check "once the next report went up, the family's run is there: $out" grep -q "(faite par la famille)" <<<"$out"
  bad=$(python3 -c 'import sys; c=sys.argv[1]; print(c[:3] + c[4] + c[3] + c[5:] if c[3] != c[4] else c[:3] + ("1" if c[3] != "1" else "2") + c[4:])' "$code")
  out=$("$ctl" lookup "$bad" 2>&1); rc=$?
  check "a misread code ($bad) exits 1: $out" test $rc -eq 1
  check "and asks to read it again" grep -q "read it again" <<<"$out"
  # The Start menu's "Vérifier ma connexion" keeps its window until Enter.
  out=$(printf '\n' | LC_ALL=fr_FR.UTF-8 "$agent" diagnose --state-dir "$tmp/agent" \
          --sysroot "$sysroot" --pause 2>&1 || true)
  check "diagnose --pause shows the check: $out" grep -q "Vérification de la connexion" <<<"$out"
  check "and ends asking for Enter, in French" grep -qx "Appuyez sur Entrée pour fermer cette fenêtre." <<<"$out"
fi

# Imports and the bursary, as the bursary office runs them (admin session).
# Invented pupil; handed a laptop ten days ago, so the deadline is open.
handed=$(date -d '-10 days' +%F)
today=$(TZ=Europe/Paris date +%F)  # the server's day
cohort=$(date -d "$handed" +%Y)
if (( 10#$(date -d "$handed" +%m) < 8 )); then cohort=$((cohort - 1)); fi
printf 'pupil_ref;nom;prenom;ecole;classe\r\nT-0001;Testard;Lina;Collège Imaginaire;4B\r\n' >"$tmp/pupils.csv"
printf 'serial,pupil_ref,handover_date\nTST00001,T-0001,%s\n' "$handed" >"$tmp/handovers.csv"

# The office works in French: this part reads clicfleetctl as it does.
export LC_ALL=fr_FR.UTF-8
out=$("$ctl" import pupils "$tmp/pupils.csv" --dry-run 2>&1); rc=$?
check "import pupils --dry-run exits 0: $out" test $rc -eq 0
check "and says nothing was written" grep -qx "Essai, rien n'est enregistré : 1 ligne lue, qui donneraient :" <<<"$out"
check "and what it would do, per pupil" grep -qx "Élèves : 1 créés, 0 modifiés, 0 inchangés" <<<"$out"
out=$("$ctl" import pupils "$tmp/pupils.csv" 2>&1); rc=$?
check "import pupils exits 0: $out" test $rc -eq 0
check "and creates the pupil the dry run did not" grep -qx "Élèves : 1 créés, 0 modifiés, 0 inchangés" <<<"$out"
out=$("$ctl" import pupils "$tmp/pupils.csv" 2>&1)
check "importing it again changes nothing: $out" grep -qx "Élèves : 0 créés, 0 modifiés, 1 inchangés" <<<"$out"
out=$("$ctl" import handovers "$tmp/handovers.csv" --dry-run 2>&1); rc=$?
check "import handovers --dry-run exits 0: $out" grep -qx "Remises : 1 créées, 0 déjà enregistrées" <<<"$out"
out=$("$ctl" import handovers "$tmp/handovers.csv" 2>&1); rc=$?
check "import handovers exits 0: $out" test $rc -eq 0
check "and creates the handover" grep -qx "Remises : 1 créées, 0 déjà enregistrées" <<<"$out"
out=$("$ctl" --json import handovers "$tmp/handovers.csv" 2>/dev/null)
check "import --json prints the server's JSON: $out" grep -q '"handovers":{"created":0,"unchanged":1}' <<<"$out"

printf 'serial,pupil_ref,handover_date\nTST00002,T-0001,%s\n' "$(date -d '+10 days' +%F)" >"$tmp/future.csv"
out=$("$ctl" import handovers "$tmp/future.csv" 2>&1); rc=$?
check "a handover in the future exits 1" test $rc -eq 1
check "with the server's message: $out" grep -q "$tmp/future.csv: 1 problem in the file; nothing was imported" <<<"$out"
check "and the line and column" grep -q "^line 2, handover_date: " <<<"$out"
printf 'pupil_ref,last_name,first_name,colour\nT-0002,Lenoir,Sam,blue\n' >"$tmp/colour.csv"
out=$("$ctl" import pupils --dry-run "$tmp/colour.csv" 2>&1); rc=$?
check "an unknown column is ignored (exit 0): $out" test $rc -eq 0
check "and named" grep -qx "Colonnes ignorées (inconnues de l'import) : colour" <<<"$out"
out=$("$ctl" import pupils "$tmp/nowhere.csv" 2>&1); rc=$?
check "a missing file exits 1" test $rc -eq 1
check "naming it: $out" grep -q "cannot read $tmp/nowhere.csv" <<<"$out"
head -c $((2 * 1024 * 1024 + 1)) /dev/zero | tr '\0' x >"$tmp/big.csv"
out=$("$ctl" import pupils "$tmp/big.csv" 2>&1); rc=$?
check "a file over 2 MiB is refused (exit 1): $out" test $rc -eq 1
check "saying why" grep -q "larger than 2 MiB" <<<"$out"

out=$("$ctl" bursary deadlines 2>&1); rc=$?
check "bursary deadlines exits 0: $out" test $rc -eq 0
check "and lists the pupil with its days left: $out" grep -q "^T-0001  Lina Testard  Collège Imaginaire  4B  *$handed  *[0-9]\{4\}-[0-9-]*  *[0-9][0-9]*  *non  *-$" <<<"$out"
out=$("$ctl" bursary deadlines --csv 2>&1); rc=$?
check "bursary deadlines --csv exits 0" test $rc -eq 0
check "with the pupil in the CSV: $out" grep -q "T-0001.Testard.Lina" <<<"$out"
out=$("$ctl" bursary deadlines --within-days 5 2>&1)
check "none ends within 5 days: $out" grep -qx "aucune date limite à venir" <<<"$out"
out=$("$ctl" bursary deadlines --csv --json 2>&1); rc=$?
check "--csv with --json is a usage error: $out" test $rc -eq 2
out=$("$ctl" bursary report --cohort "$cohort" 2>&1); rc=$?
check "bursary report --cohort $cohort exits 0: $out" test $rc -eq 0
check "and counts the handover" grep -Eqx "  Ordinateurs remis : +1" <<<"$out"
check "with the rejections by reason, in words" grep -Eqx "    Abonnement antérieur à la remise : +0" <<<"$out"
check "and a line per school" grep -Eq "^Collège Imaginaire +1 " <<<"$out"
out=$("$ctl" bursary pay 2>&1); rc=$?
check "bursary pay alone says preview, then confirm (exit 1): $out" grep -q -- "--preview" <<<"$out"
out=$("$ctl" bursary pay --preview 2>&1); rc=$?
check "a preview with nothing to pay says so: $out" grep -qx "Rien à payer : aucune demande accordée n'attend de paiement" <<<"$out"

iban=FR7630006000011234567890189
application=(bursary applications add --pupil t-0001 --received-on "$today" --subscription-started-on "$today"
             --isp Orange --connection-type Fibre --payee "Marie Testard" --iban "FR76 3000 6000 0112 3456 7890 189")
out=$("$ctl" "${application[@]}" --dry-run 2>&1); rc=$?
check "applications add --dry-run exits 0: $out" test $rc -eq 0
check "and gives the decision, saving nothing" grep -qx "Essai, rien n'est enregistré. Décision : En attente du justificatif" <<<"$out"
out=$("$ctl" bursary applications add --pupil T-0001 --received-on 31/02/2026 --subscription-started-on "$today" \
        --isp Orange --connection-type pigeon --payee "Marie Testard" --iban FR7630006000011234567890188 2>&1); rc=$?
check "an application with three bad fields exits 1: $out" test $rc -eq 1
check "naming each one" test "$(grep -cE '^(received_on|connection_type|iban): ' <<<"$out")" -eq 3
out=$("$ctl" "${application[@]}" 2>&1); rc=$?
check "applications add exits 0: $out" test $rc -eq 0
check "and records it, the IBAN masked" grep -q "^  IBAN : .*FR76 \*\*\*\*" <<<"$out"
first=$(sed -n 's/^Demande \([0-9]*\) : .*/\1/p' <<<"$out")
out=$("$ctl" "${application[@]}" 2>&1); rc=$?
check "the same application twice is recorded (exit 0): $out" test $rc -eq 0
check "with a warning to check" grep -q "^À vérifier :" <<<"$out"
second=$(sed -n 's/^Demande \([0-9]*\) : .*/\1/p' <<<"$out")
out=$("$ctl" bursary applications withdraw "$second" --reason "saisie en double" 2>&1); rc=$?
check "withdrawing the double exits 0: $out" grep -q "^Demande $second : Retirée$" <<<"$out"
out=$("$ctl" bursary applications proof "$first" --received-on "$today" 2>&1); rc=$?
check "recording the proof makes it granted: $out" grep -q "^Demande $first : Accordée, à payer$" <<<"$out"
out=$("$ctl" bursary applications list --pupil T-0001 2>&1); rc=$?
check "applications list exits 0: $out" test $rc -eq 0
check "and shows both, in words" test "$(grep -cE "^($first|$second) +T-0001 +Lina Testard" <<<"$out")" -eq 2
check "the withdrawn one as such" grep -Eq "^$second .*Retirée" <<<"$out"
out=$("$ctl" bursary applications list --csv 2>&1)
check "applications list --csv is the spreadsheet: $out" grep -q "N° de demande;Référence élève" <<<"$out"
out=$("$ctl" bursary applications proof 999999 --received-on "$today" 2>&1); rc=$?
check "an unknown application exits 1: $out" grep -q "no application 999999" <<<"$out"

out=$("$ctl" bursary pay --preview 2>&1); rc=$?
check "bursary pay --preview shows the application: $out" grep -q "^Paierait 1 demande, 60,00 €" <<<"$out"
preview=$(sed -n 's/^Pour payer exactement celles-ci : clicfleetctl bursary pay --confirm \([0-9a-f]*\)$/\1/p' <<<"$out")
check "and the id to confirm" test -n "$preview"
out=$("$ctl" bursary pay --confirm "$preview" 2>&1); rc=$?
check "bursary pay --confirm exits 0: $out" test $rc -eq 0
check "and makes a batch of it" grep -q "^Lot de paiement [0-9]* : 1 demande, 60,00 €$" <<<"$out"
check "with the IBAN masked" grep -q "T-0001  Collège Imaginaire  Marie Testard  FR76 \*\*\*\*" <<<"$out"
batch=$(sed -n 's/^Lot de paiement \([0-9]*\) :.*/\1/p' <<<"$out")
out=$("$ctl" bursary batch "$batch" 2>&1); rc=$?
check "bursary batch $batch exits 0: $out" grep -q "^Lot de paiement $batch : 1 demande, 60,00 €$" <<<"$out"
out=$("$ctl" bursary batches 2>&1); rc=$?
check "bursary batches lists it: $out" grep -Eq "^$batch +[0-9T:-]+Z +admin +[0-9]{4} +1 +60,00 €$" <<<"$out"
out=$("$ctl" bursary batch "$batch" --mandate-file "$tmp/mandates.csv" 2>&1); rc=$?
check "bursary batch --mandate-file exits 0: $out" test $rc -eq 0
check "and says how many" grep -qx "wrote 1 mandate to $tmp/mandates.csv" <<<"$out"
check "the mandate file has the full IBAN" grep -q "$iban" "$tmp/mandates.csv"
check "and is mode 600" test "$(mode_of "$tmp/mandates.csv")" = 600
out=$("$ctl" bursary batch "$batch" --mandate-file "$tmp/mandates.csv" 2>&1); rc=$?
check "a second export to the same file is refused (exit 1): $out" grep -q "already exists: give another file, or --force" <<<"$out"
out=$("$ctl" bursary batch "$batch" --mandate-file "$tmp/mandates.csv" --force 2>&1); rc=$?
check "and done with --force: $out" test $rc -eq 0
out=$("$ctl" bursary batch 999 2>&1); rc=$?
check "an unknown batch exits 1: $out" grep -q "no payment batch 999" <<<"$out"
out=$("$ctl" bursary pay --confirm "$preview" 2>&1); rc=$?
check "confirming the same preview again pays nothing (exit 1): $out" test $rc -eq 1
check "as nothing awaits payment" grep -q "no eligible application awaits payment" <<<"$out"
unset LC_ALL

printf 'a-long-viewer-password\n' | "$server" user add watcher --role viewer --data-dir "$data" >/dev/null
out=$(printf 'a-long-viewer-password\n' | CLICFLEET_CTL_SESSION=$tmp/viewer.toml "$ctl" --server "$url" --ca "$ca" login watcher 2>&1)
check "a viewer logs in: $out" grep -q "logged in as watcher" <<<"$out"
out=$(CLICFLEET_CTL_SESSION=$tmp/viewer.toml "$ctl" bursary report --cohort "$cohort" 2>&1); rc=$?
check "and may not see the bursary report (exit 1)" test $rc -eq 1
check "being told who and which role: $out" grep -q "user watcher (role viewer) may not see the bursary report" <<<"$out"

# Accounts, as an admin keeps them.
out=$("$ctl" users add desk --role support 2>&1); rc=$?
check "users add exits 0: $out" test $rc -eq 0
desk_password=$(sed -n 's/^one-time password: //p' <<<"$out")
check "and prints a one-time password" test ${#desk_password} -ge 12
export CLICFLEET_CTL_SESSION=$tmp/desk.toml
out=$(printf '%s\n' "$desk_password" | "$ctl" --server "$url" --ca "$ca" login desk 2>&1)
check "the new user logs in with it: $out" grep -q "logged in as desk" <<<"$out"
out=$(printf '%s\n%s\n' "$desk_password" "the desk's own phrase" | "$ctl" password 2>&1); rc=$?
check "and chooses a password: $out" test $rc -eq 0
out=$("$ctl" users list 2>&1); rc=$?
check "a support user may not list users (exit 1)" test $rc -eq 1
check "being told who and which role: $out" grep -q "user desk (role support) may not list users" <<<"$out"
unset CLICFLEET_CTL_SESSION
out=$("$ctl" users list 2>&1); rc=$?
check "users list exits 0: $out" test $rc -eq 0
check "and shows the desk enabled with a changed password" grep -Eq "^desk +support +enabled +changed " <<<"$out"
out=$("$ctl" users disable desk 2>&1)
check "users disable says the sessions ended: $out" grep -q "user desk disabled; their sessions have ended" <<<"$out"
out=$(CLICFLEET_CTL_SESSION=$tmp/desk.toml "$ctl" lookup PF1 2>&1); rc=$?
check "the disabled user's session no longer works: $out" grep -q "your session expired" <<<"$out"
out=$(printf "the desk's own phrase\n" | CLICFLEET_CTL_SESSION=$tmp/desk.toml "$ctl" login desk 2>&1); rc=$?
check "and the login says the account is disabled: $out" grep -q "login failed: the account 'desk' is disabled" <<<"$out"
out=$("$ctl" users enable desk 2>&1)
check "users enable: $out" grep -qx "user desk enabled" <<<"$out"
out=$("$ctl" users role desk it 2>&1)
check "users role: $out" grep -q "user desk now has role it" <<<"$out"
out=$("$ctl" users role desk root 2>&1); rc=$?
check "an unknown role exits 1, naming the roles: $out" grep -q "must be one of admin, it, support, bursary, viewer" <<<"$out"
out=$("$ctl" users reset desk 2>&1)
check "users reset prints a new one-time password: $out" grep -q "^one-time password: " <<<"$out"
out=$("$ctl" users disable nobody 2>&1); rc=$?
check "an unknown user exits 1: $out" grep -q "no user nobody" <<<"$out"
out=$("$ctl" users disable admin 2>&1); rc=$?
check "the last admin cannot be disabled: $out" grep -q "'admin' is the last enabled admin" <<<"$out"

cp "$session" "$tmp/before-logout.toml"
out=$("$ctl" logout 2>&1); rc=$?
check "logout exits 0: $out" test $rc -eq 0
check "and says so" grep -qx "logged out" <<<"$out"
check "and removes the session file" test ! -e "$session"
out=$("$ctl" devices 2>&1); rc=$?
check "devices after logout exits 1" test $rc -eq 1
check "saying not logged in: $out" grep -q "not logged in" <<<"$out"
out=$(CLICFLEET_CTL_SESSION=$tmp/before-logout.toml "$ctl" devices 2>&1); rc=$?
check "the old token no longer works: $out" grep -q "your session expired" <<<"$out"

echo "ctl commands: $passed passed, $failed failed"
test "$failed" -eq 0
