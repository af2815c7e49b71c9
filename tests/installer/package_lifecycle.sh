#!/usr/bin/env bash
# The two packages' lives in a throwaway Debian 12 root, never on the host
# (issue 14): install, run (an agent enrolls with the installed server and its
# report is acknowledged), upgrade from an older version, remove, purge; the
# files, modes, user, conffiles and systemd links checked at each step.
#
# The root comes from debootstrap (minbase) over Debian's registry, kept in
# CACHE between runs; each run works on a copy. The older version is the same
# package rebuilt with a lower version number: what an upgrade does to files,
# conffiles, state and services, not a schema migration (the server's own
# tests cover those).
#
# shellcheck disable=SC2016 # the dpkg-query formats are ${...} on purpose
# Usage: package_lifecycle.sh AGENT_DEB SERVER_DEB FIXTURE_SYSROOT CACHE
# Needs root (chroot, mount); exits 77 (skipped) without it.
set -euo pipefail

agent_deb=$(realpath "${1:?usage: package_lifecycle.sh AGENT_DEB SERVER_DEB FIXTURE_SYSROOT CACHE}")
server_deb=$(realpath "${2:?}")
sysroot_fixture=$(realpath "${3:?}")
cache=${4:?}
mirror=${CLICFLEET_DEBIAN_MIRROR:-http://deb.debian.org/debian}

[[ $(id -u) -eq 0 ]] || { echo "package_lifecycle: needs root for chroot and mount; skipped"; exit 77; }
for tool in debootstrap dpkg-deb chroot; do
  command -v "$tool" >/dev/null || { echo "package_lifecycle: $tool not found (scripts/install-deps.sh)"; exit 1; }
done

passed=0
failed=0
check() {  # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}

# The base root, made once: Debian 12 minbase, with name resolution for apt.
base=$cache/bookworm
if [[ ! -f $base/.clicfleet-complete ]]; then
  echo "== debootstrap bookworm (minbase) into $base, from $mirror"
  rm -rf "$base" "$base.partial"
  mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$base.partial" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log"; echo "package_lifecycle: debootstrap failed"; exit 1; }
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$base.partial/etc/hosts"
  touch "$base.partial/.clicfleet-complete"
  mv "$base.partial" "$base"
fi

work=$(mktemp -d "$cache/run.XXXXXX")
root=$work/root
server_pid=""
agent_pid=""
cleanup() {
  [[ -n $agent_pid ]] && kill -TERM "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  mountpoint -q "$root/proc" && umount "$root/proc"
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
echo "== a copy of the root in $root"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
in_root() { chroot "$root" "$@"; }
apt_install() {  # the .deb files (paths inside the root), with their dependencies from Debian
  DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

# The older versions: the same packages, numbered 0.0.1.
older() {  # deb, output deb
  local tree=$work/older-tree
  rm -rf "$tree"
  dpkg-deb -R "$1" "$tree"
  sed -i 's/^Version: .*/Version: 0.0.1/' "$tree/DEBIAN/control"
  dpkg-deb --root-owner-group -b "$tree" "$2" >/dev/null
}
mkdir -p "$root/tmp/debs"
older "$server_deb" "$root/tmp/debs/server-old.deb"
older "$agent_deb" "$root/tmp/debs/agent-old.deb"
cp "$server_deb" "$root/tmp/debs/server-new.deb"
cp "$agent_deb" "$root/tmp/debs/agent-new.deb"
in_root apt-get update -qq

mode() { stat -c %a "$root$1"; }
owner() { in_root stat -c %U:%G "$1"; }  # names from the root's passwd
exists() { [[ -e $root$1 || -L $root$1 ]]; }
absent() { ! exists "$1"; }
conffiles_of() { in_root dpkg-query -W -f='${Conffiles}' "$1"; }
status_of() { in_root dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true; }
wants=/etc/systemd/system/multi-user.target.wants

start_server() {  # the port: 0 the first time, then the same again (agents keep their URL)
  rm -f "$root/var/lib/clicfleet/port"
  chroot --userspec=clicfleet:clicfleet "$root" /usr/bin/clicfleet-server serve \
    --data-dir /var/lib/clicfleet --config /etc/clicfleet/server.toml \
    --listen "127.0.0.1:$1" --port-file /var/lib/clicfleet/port >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do [[ -s $root/var/lib/clicfleet/port ]] && return 0; sleep 0.1; done
  cat "$work/server.log"
  return 1
}
stop_server() { kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""; }

echo "== the server, version 0.0.1, on a machine that never had it"
out=$(apt_install /tmp/debs/server-old.deb 2>&1) || { echo "$out"; exit 1; }
check "the server is installed" test "$(status_of clicfleet-server)" = "ii "
check "its system user exists, without a login shell" \
  bash -c "chroot '$root' getent passwd clicfleet | grep -q ':/var/lib/clicfleet:/usr/sbin/nologin$'"
data_dir="$(mode /var/lib/clicfleet) $(owner /var/lib/clicfleet)"
check "/var/lib/clicfleet is the user's, 0700: $data_dir" test "$data_dir" = "700 clicfleet:clicfleet"
check "init made the database" exists /var/lib/clicfleet/clicfleet.db
check "the one-time password is private" test "$(mode /var/lib/clicfleet/initial_admin_password)" = 600
check "the CA key is private" test "$(mode /var/lib/clicfleet/tls/ca.key)" = 600
check "postinst says where the admin password is" grep -q "initial_admin_password" <<<"$out"
check "/etc/clicfleet/server.toml is a conffile" grep -q "/etc/clicfleet/server.toml" <<<"$(conffiles_of clicfleet-server)"
check "the binaries are in /usr/bin" exists /usr/bin/clicfleet-server
check "with clicfleetctl" exists /usr/bin/clicfleetctl
check "the unit is in /lib/systemd/system" exists /lib/systemd/system/clicfleet-server.service
check "and enabled for the next boot" exists "$wants/clicfleet-server.service"
check "the nightly backup's timer is enabled" \
  exists /etc/systemd/system/timers.target.wants/clicfleet-server-backup.timer
check "its folder is the user's, 0700" \
  test "$(mode /var/backups/clicfleet) $(owner /var/backups/clicfleet)" = "700 clicfleet:clicfleet"
echo "# an admin's change" >>"$root/etc/clicfleet/server.toml"
check "the installed server starts as its user" start_server 0
port=$(cat "$root/var/lib/clicfleet/port")

echo "== the agent, version 0.0.1"
out=$(apt_install /tmp/debs/agent-old.deb 2>&1) || { echo "$out"; exit 1; }
check "the agent is installed" test "$(status_of clicfleet-agent)" = "ii "
check "its binary needs only the C library" \
  bash -c "! chroot '$root' ldd /usr/bin/clicfleet-agent | grep -v -E 'linux-vdso|libc\\.so|libm\\.so|libresolv\\.so|ld-linux' | grep -q ."
check "postinst says the agent waits for its server" grep -q "no server in /etc/clicfleet/agent.toml" <<<"$out"
check "the family's launcher is in the menu" exists /usr/share/applications/clicfleet-check-connection.desktop
check "and runs clicfleet-check-connection" test -x "$root/usr/bin/clicfleet-check-connection"
check "its state directory is 0711: $(mode /var/lib/clicfleet-agent)" test "$(mode /var/lib/clicfleet-agent)" = 711
check "the unit is enabled" exists "$wants/clicfleet-agent.service"
check "run without a server exits 78, which the unit does not restart" \
  bash -c "chroot '$root' clicfleet-agent run >/dev/null 2>&1; test \$? -eq 78"

echo "== the site package, made by the installed server"
out=$(in_root clicfleet-server agent-package --data-dir /var/lib/clicfleet \
  --server-url "https://127.0.0.1:$port" --out /tmp/site --version 1 --bundle 2>&1)
check "agent-package writes it: $out" exists /tmp/site/clicfleet-agent-site_1_all.deb
check "and the master image's bundle" exists /tmp/site/clicfleet-agent-site_1.tar.gz
check "both private (the enroll secret)" \
  test "$(mode /tmp/site/clicfleet-agent-site_1_all.deb) $(mode /tmp/site/clicfleet-agent-site_1.tar.gz)" = "600 600"
out=$(apt_install /tmp/site/clicfleet-agent-site_1_all.deb 2>&1) || { echo "$out"; exit 1; }
check "the site package is installed" test "$(status_of clicfleet-agent-site)" = "ii "
check "its three files are conffiles" test "$(conffiles_of clicfleet-agent-site | grep -c "/etc/clicfleet/")" -eq 3
check "the enroll secret is root's alone" \
  test "$(mode /etc/clicfleet/enroll_secret) $(owner /etc/clicfleet/enroll_secret)" = "600 root:root"
cp -a "$sysroot_fixture" "$root/tmp/sysroot"
# The daemon as the unit starts it, with the site package's settings alone.
chroot "$root" clicfleet-agent run --sysroot /tmp/sysroot --start-delay-max 0 --no-connectivity \
  >"$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 300); do
  in_root clicfleet-agent status --state-dir /var/lib/clicfleet-agent 2>/dev/null | grep -q "seq 1 acknowledged" && break
  sleep 0.1
done
kill -TERM "$agent_pid"; wait "$agent_pid" || true; agent_pid=""
out=$(in_root clicfleet-agent status --state-dir /var/lib/clicfleet-agent 2>&1)
check "the agent enrolls and its first report is acknowledged: $out" grep -q "seq 1 acknowledged" <<<"$out"
device=$(sed -n 's/^enrolled: *yes, device \([^ ]*\).*/\1/p' <<<"$out")
check "it has a device id" test -n "$device"

echo "== a backup while the server serves, as the timer runs it, and a restore"
out=$(chroot --userspec=clicfleet:clicfleet "$root" /usr/bin/clicfleet-server backup \
  --data-dir /var/lib/clicfleet --to-dir /var/backups/clicfleet --keep 14 2>&1)
check "the backup is written: $out" grep -q "^Backup written: /var/backups/clicfleet/clicfleet-" <<<"$out"
backup_file=$(sed -n 's/^Backup written: \([^ ]*\) .*/\1/p' <<<"$out")
check "private" test "$(mode "$backup_file")" = 600
out=$(in_root clicfleet-server restore --from "$backup_file" --data-dir /tmp/restored 2>&1)
check "it restores into a new folder: $out" grep -q "^Restored " <<<"$out"
check "with the same CA" cmp -s "$root/tmp/restored/tls/ca.pem" "$root/var/lib/clicfleet/tls/ca.pem"

echo "== the certificate renewed by root while the server serves"
out=$(in_root clicfleet-server cert renew --data-dir /var/lib/clicfleet \
  --config /etc/clicfleet/server.toml 2>&1)
check "cert renew says until when: $out" grep -q "^  valid until" <<<"$out"
check "the new key is still the server user's, 0600" \
  test "$(mode /var/lib/clicfleet/tls/server.key) $(owner /var/lib/clicfleet/tls/server.key)" = "600 clicfleet:clicfleet"
kill -HUP "$server_pid"  # what systemctl reload sends
for _ in $(seq 1 100); do grep -q "reloaded the certificate" "$work/server.log" && break; sleep 0.05; done
check "the server reloads it and serves on" grep -q "reloaded the certificate" "$work/server.log"
out=$(in_root clicfleet-agent once --state-dir /var/lib/clicfleet-agent --sysroot /tmp/sysroot --no-connectivity 2>&1)
check "the agent, trusting the same CA, reports on: $out" grep -q "report acknowledged (seq 2)" <<<"$out"

echo "== upgrades to this version"
out=$(apt_install /tmp/debs/server-new.deb 2>&1) || { echo "$out"; exit 1; }
check "the server is upgraded" test "$(in_root dpkg-query -W -f='${Version}' clicfleet-server)" != 0.0.1
check "init does not run again" bash -c "! grep -q 'created /var/lib/clicfleet' <<<'$out'"
check "the admin's change to server.toml is kept" grep -q "# an admin's change" "$root/etc/clicfleet/server.toml"
stop_server
check "the upgraded server starts on the same data" start_server "$port"
out=$(apt_install /tmp/debs/agent-new.deb 2>&1) || { echo "$out"; exit 1; }
check "the agent is upgraded" test "$(in_root dpkg-query -W -f='${Version}' clicfleet-agent)" != 0.0.1
check "the agent's configuration is kept" grep -q "^server = " "$root/etc/clicfleet/agent.toml"
check "it keeps its identity" grep -q "device $device" <<<"$(in_root clicfleet-agent status --state-dir /var/lib/clicfleet-agent)"
out=$(in_root clicfleet-agent once --state-dir /var/lib/clicfleet-agent --sysroot /tmp/sysroot --no-connectivity 2>&1)
check "and reports on, acknowledged by the upgraded server: $out" grep -q "report acknowledged (seq 3)" <<<"$out"

echo "== remove, then purge"
in_root dpkg -r clicfleet-agent-site clicfleet-agent >/dev/null
check "remove takes the agent's binary" absent /usr/bin/clicfleet-agent
check "and keeps the site's settings" exists /etc/clicfleet/agent.toml
check "and its state (identity, token, queue)" exists /var/lib/clicfleet-agent/token
check "and masks its unit" test "$(readlink "$root/etc/systemd/system/clicfleet-agent.service")" = /dev/null
in_root dpkg -P clicfleet-agent-site clicfleet-agent >/dev/null
check "purge deletes the site's settings" absent /etc/clicfleet/agent.toml
check "and the enroll secret" absent /etc/clicfleet/enroll_secret
check "and its state" absent /var/lib/clicfleet-agent
check "and its systemd links" absent "$wants/clicfleet-agent.service"
check "and forgets both" test -z "$(status_of clicfleet-agent)$(status_of clicfleet-agent-site)"
stop_server
in_root dpkg -r clicfleet-server >/dev/null
check "remove takes the server's binaries" absent /usr/bin/clicfleet-server
check "and keeps server.toml" exists /etc/clicfleet/server.toml
check "and the database" exists /var/lib/clicfleet/clicfleet.db
in_root dpkg -P clicfleet-server >/dev/null
check "purge deletes server.toml" absent /etc/clicfleet/server.toml
check "and /var/lib/clicfleet" absent /var/lib/clicfleet
check "the system user stays, as Debian's packages leave theirs" in_root getent passwd clicfleet
check "and so do the backups" exists "$backup_file"

echo "package_lifecycle: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
