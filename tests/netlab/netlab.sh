#!/usr/bin/env bash
# The probe ladder (L I G D T S H P Q) on real network conditions: for each scenario, three
# network namespaces (laptop -- box -- internet) joined by veth pairs, nftables rules in the box,
# DNS/HTTP/HTTPS services (box_services.py), then `clicfleet-agent diagnose --json` run in the
# laptop namespace and its verdict compared with the scenario's. Nothing leaves the machine: the
# namespaces have no link to the host's network. See README.md in this directory.
#
# usage: tests/netlab/netlab.sh [AGENT] [--list | SCENARIO...]
#   AGENT     the agent binary (default: build/debug/bin/clicfleet-agent)
#   SCENARIO  run only these scenarios (names as --list prints them)
#   NETLAB_OUT=DIR  keep each scenario's JSON run and service logs in DIR
# Exit status: 0 every scenario passed (known-wrong ones aside), 1 one failed, 77 cannot run here
# (not root, no network namespaces, a tool missing).
set -uo pipefail

# Scenarios the current ladder is known to get wrong: they run and are reported, but they do not
# fail the run. Remove a name once the agent gets it right.
KNOWN_WRONG=(
)

# name | expected verdict | step checks (STEP=result[/code] ...) | what the network does
SCENARIOS=(
  "ok|OK|G=pass D=pass T=pass S=pass H=pass P=pass Q=pass|everything works (the box answers ping)"
  "ok-http-probe|OK|H=pass P=pass|everything works, with http_probe_url set"
  "l1|L1||the laptop's interface is down"
  "i1|I1||link up, no address at all (IPv6 off: with it, fe80:: would make this I2)"
  "i2|I2||only a self-assigned 169.254.x.x address"
  "i3|I3||an address but no default route"
  "g1|G1||the box drops everything from the laptop, ARP included"
  "g-ping-dropped|OK|G=pass|the box drops ICMP echo requests: G falls back on the ARP entry"
  "d1|D1||empty resolv.conf"
  "d2|D2||the box's DNS is silent, 9.9.9.9 answers"
  "d3|D3||the box's DNS and 9.9.9.9 are both silent"
  "t1|T1||the box forwards no TCP (dropped)"
  "t2|T2||the box refuses TCP to the portal's address; the fleet server is reachable"
  "s1|S1||laptop clock a year behind: certificates not yet valid, the portal's Date a year ahead"
  "s2|S2||the box intercepts TLS to the portal with a certificate from another CA"
  "s3|S3||the portal's port 443 answers plain text"
  "s3-expired|S3||the portal's certificate has expired and the laptop's clock is right"
  "h1|H1||the fleet server's /generate_204 answers 500"
  "p1|P1||plain HTTP goes to the box's login page and the fleet server's /generate_204 redirects to it"
  "p2|P2||HTTPS fine; the box's transparent proxy answers the HTTP probe 200 with a page"
  "p3|P3||HTTPS fine; the box's proxy answers the HTTP probe 407"
  "q1|OK|Q=warn/Q1|the fleet server answers after 650 ms"
  "q2|Q2|Q=fail/Q2|the fleet server answers after 1500 ms"
  "ping-not-permitted|OK||no ICMP socket (ping_group_range 1 0), the gateway's ARP entry not yet made; DNS and HTTPS through the box work"
  "hotspot|P1||captive hotspot: plain HTTP redirected to a login page, TCP 443 refused, DNS works; http_probe_url set"
  "slow-line|OK|Q=warn/Q1|slow line: every DNS answer (box and 9.9.9.9) and every HTTPS answer takes 700 ms"
  "dns-filter-intercepted|D2||the box's parental filter answers NXDOMAIN for the portal and redirects all port-53 traffic to itself"
)

# --- in the laptop namespace: make its veth look like a network card ----------------------------
# The L step only counts interfaces backed by a device (/sys/class/net/IF/device) or PPP, and a
# veth has no device. In the agent's own mount namespace (ip netns exec made one, unshare makes it
# private), /sys/class/net becomes a tmpfs: eth0's directory links every attribute to the live
# sysfs one (operstate, carrier, type...) and adds a `device` entry; every other interface is
# the real sysfs directory. Only this is faked.
if [[ "${1:-}" == "--in-laptop" ]]; then
  shift
  declare -A real=()
  for link in /sys/class/net/*; do real[${link##*/}]=$(readlink -f "$link"); done
  mount -t tmpfs -o mode=0755,size=64k netlab-nics /sys/class/net || exit 125
  for name in "${!real[@]}"; do
    if [[ $name != eth0 ]]; then
      ln -s "${real[$name]}" "/sys/class/net/$name"
      continue
    fi
    mkdir "/sys/class/net/$name"
    for entry in "${real[$name]}"/*; do ln -s "$entry" "/sys/class/net/$name/"; done
    mkdir "/sys/class/net/$name/device"
  done
  exec "$@"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
self="$here/netlab.sh"

agent="$repo/build/debug/bin/clicfleet-agent"
if [[ $# -gt 0 && "$1" != --list && ( "$1" == */* || -f "$1" ) ]]; then
  agent=$1
  shift
fi

is_known_wrong() {
  local n
  for n in "${KNOWN_WRONG[@]}"; do [[ $n == "$1" ]] && return 0; done
  return 1
}

if [[ "${1:-}" == "--list" ]]; then
  for entry in "${SCENARIOS[@]}"; do
    IFS='|' read -r name expect checks what <<<"$entry"
    mark=""
    is_known_wrong "$name" && mark=" (known wrong)"
    printf '%-24s %-4s %s%s\n' "$name" "$expect" "$what" "$mark"
  done
  exit 0
fi

selected=("$@")
for name in "${selected[@]}"; do
  found=0
  for entry in "${SCENARIOS[@]}"; do [[ ${entry%%|*} == "$name" ]] && found=1; done
  if [[ $found -eq 0 ]]; then
    echo "netlab: no scenario named '$name' (see --list)" >&2
    exit 2
  fi
done

skip() {
  echo "netlab: SKIPPED: $*" >&2
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, nftables)"
for tool in ip nft python3 openssl unshare timeout ss; do
  command -v "$tool" >/dev/null || skip "'$tool' is not installed (scripts/install-deps.sh installs it)"
done
if [[ ! -x "$agent" ]]; then
  echo "netlab: no agent binary at $agent (build it first, or pass its path)" >&2
  exit 1
fi

# --- names, temporary files, cleanup --------------------------------------------------------------
run_id="netlab-$$"
ns_laptop="$run_id-laptop"
ns_box="$run_id-box"
ns_net="$run_id-internet"
tmp=$(mktemp -d "/tmp/$run_id.XXXXXX")
agent_pid=""
made_netns_dir=0
[[ -d /etc/netns ]] || made_netns_dir=1
pki="$tmp/pki"
out_dir=${NETLAB_OUT:-}
[[ -n "$out_dir" ]] && mkdir -p "$out_dir"

kill_services() {
  local pid
  [[ -f "$tmp/pids" ]] || return 0
  while read -r pid; do kill "$pid" 2>/dev/null; done <"$tmp/pids"
  for _ in $(seq 50); do
    local alive=0
    while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$tmp/pids"
    [[ $alive -eq 0 ]] && break
    sleep 0.05
  done
  while read -r pid; do kill -9 "$pid" 2>/dev/null; done <"$tmp/pids"
  rm -f "$tmp/pids"
}

remove_namespaces() {
  local ns pid
  for ns in "$ns_laptop" "$ns_box" "$ns_net"; do
    # Anything still running in our namespace was started by this run: it would keep the
    # namespace alive after `ip netns del`.
    if [[ -e "/run/netns/$ns" ]]; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    fi
    [[ -e "/run/netns/$ns" ]] && ip netns del "$ns" 2>/dev/null
    rm -rf "/etc/netns/$ns"
  done
  return 0
}

stop_agent() {
  [[ -n "${agent_pid:-}" ]] || return 0
  kill "$agent_pid" 2>/dev/null  # timeout passes it on to the agent
  wait "$agent_pid" 2>/dev/null
  agent_pid=""
}

cleanup() {
  stop_agent
  kill_services
  remove_namespaces
  [[ $made_netns_dir -eq 1 ]] && rmdir /etc/netns 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "netlab: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

if ! ip netns add "$ns_laptop" 2>/dev/null; then
  skip "'ip netns add' is not permitted here"
fi
ip netns del "$ns_laptop"

# What an earlier run killed without its cleanup (kill -9, a CI timeout) left behind: its
# namespaces (and the services still running in them), /etc/netns entries and temporary files.
for path in /run/netns/netlab-* /etc/netns/netlab-* /tmp/netlab-*; do
  [[ -e "$path" ]] || continue
  name=${path##*/}
  owner=${name#netlab-}
  owner=${owner%%[-.]*}
  [[ $owner =~ ^[0-9]+$ && $owner != "$$" ]] || continue
  # That run is still going (a zombie has an empty command line: it is not going).
  grep -qa netlab.sh "/proc/$owner/cmdline" 2>/dev/null && continue
  if [[ $path == /run/netns/* ]]; then
    for pid in $(ip netns pids "$name" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$name" 2>/dev/null
  else
    rm -rf "$path"
  fi
  echo "netlab: removed $path, left by an earlier run"
  # An /etc/netns emptied here was most likely made by that run.
  [[ $path == /etc/netns/* ]] && rmdir /etc/netns 2>/dev/null && made_netns_dir=1
done

# --- certificates: three test CAs, made for this run only ---------------------------------------
# fleet-ca: the fleet CA (agent.toml's `ca`); web-ca: the laptop's trust store for portals
# (SSL_CERT_FILE); rogue-ca: an interceptor's. Leaf certificates for the services.
utc() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

make_ca() {
  local dir="$pki/$1"
  mkdir -p "$dir/new"
  : >"$dir/index.txt"
  echo 1000 >"$dir/serial"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=netlab $1" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  cat >"$dir/ca.cnf" <<EOF
[ca]
default_ca = netlab
[netlab]
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[anything]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:\${ENV::NETLAB_SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
}

# make_leaf CA NAME HOST START END: $pki/NAME.pem (leaf and CA) and $pki/NAME.key
make_leaf() {
  local ca="$pki/$1" name=$2 host=$3
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$host" \
    -keyout "$pki/$name.key" -out "$pki/$name.csr" 2>/dev/null &&
    NETLAB_SAN=$host openssl ca -batch -config "$ca/ca.cnf" -cert "$ca/ca.pem" \
      -keyfile "$ca/ca.key" -in "$pki/$name.csr" -out "$pki/$name.crt" -notext \
      -extensions leaf -startdate "$(utc "$4")" -enddate "$(utc "$5")" 2>/dev/null &&
    cat "$pki/$name.crt" "$ca/ca.pem" >"$pki/$name.pem"
}

make_pki() {
  make_ca fleet-ca && make_ca web-ca && make_ca rogue-ca &&
    make_leaf fleet-ca fleet fleet.clic.test '-1 day' '+30 days' &&
    make_leaf fleet-ca fleet-future fleet.clic.test '+300 days' '+700 days' &&
    make_leaf web-ca portal portal.clic.test '-1 day' '+30 days' &&
    make_leaf web-ca portal-future portal.clic.test '+300 days' '+700 days' &&
    make_leaf web-ca portal-expired portal.clic.test '-400 days' '-30 days' &&
    make_leaf rogue-ca portal-rogue portal.clic.test '-1 day' '+30 days'
}

# --- one scenario: what the network looks like ----------------------------------------------------
# Addresses: laptop 192.168.1.10/24, box 192.168.1.1 (LAN) and 198.51.100.2 (WAN, masquerading);
# internet 198.51.100.1, and on its loopback 9.9.9.9 (public resolver), 203.0.113.10
# (fleet.clic.test), 203.0.113.20 (portal.clic.test), 203.0.113.30 (probe.clic.test).
FLEET_IP=203.0.113.10
PORTAL_IP=203.0.113.20
PROBE_IP=203.0.113.30
RECORDS=(--record "fleet.clic.test=$FLEET_IP" --record "portal.clic.test=$PORTAL_IP"
  --record "probe.clic.test=$PROBE_IP")

defaults() {
  LAPTOP_LINK=up                # up | down
  LAPTOP_ADDR=192.168.1.10/24   # empty: none
  LAPTOP_ROUTE=1                # default route via the box
  LAPTOP_IPV6=1
  LAPTOP_PING="0 2147483647"    # net.ipv4.ping_group_range: everyone may ping
  LAPTOP_SYSCTLS=()
  RESOLV="nameserver 192.168.1.1"
  HTTP_PROBE=0                  # http_probe_url in agent.toml
  BOX_SERVICES=("dns@192.168.1.1:53")
  BOX_ARGS=()                   # e.g. --block NAME
  BOX_INPUT=()                  # nft rules: table inet box, chain input
  BOX_FORWARD=()                # ... chain forward
  BOX_PREROUTING=()             # nft rules: table ip boxnat, chain prerouting (DNAT)
  BOX_NFT_EXTRA=""              # more nft tables
  NET_DNS="dns@9.9.9.9:53"
  # The real fleet server sends no Date header: neither does this one.
  FLEET="https@$FLEET_IP:443,cert=$pki/fleet.pem,key=$pki/fleet.key,date=none"
  PORTAL="https@$PORTAL_IP:443,cert=$pki/portal.pem,key=$pki/portal.key"
  PROBE="http@$PROBE_IP:80"
  BEFORE_AGENT=""               # a function run just before the agent
}

scenario_ok() { :; }
scenario_ok-http-probe() { HTTP_PROBE=1; }
scenario_l1() { LAPTOP_LINK=down; }
scenario_i1() { LAPTOP_ADDR=""; LAPTOP_IPV6=0; }
scenario_i2() { LAPTOP_ADDR=169.254.23.45/16; }
scenario_i3() { LAPTOP_ROUTE=0; }
scenario_g1() {
  BOX_NFT_EXTRA='table netdev boxdrop {
  chain ingress { type filter hook ingress device "lan0" priority 0; policy drop; }
}'
}
scenario_g-ping-dropped() { BOX_INPUT=('icmp type echo-request drop'); }
scenario_d1() { RESOLV="# no nameserver"; }
scenario_d2() { BOX_SERVICES=("dns@192.168.1.1:53,mode=silent"); }
scenario_d3() { BOX_SERVICES=("dns@192.168.1.1:53,mode=silent"); NET_DNS="dns@9.9.9.9:53,mode=silent"; }
scenario_t1() { BOX_FORWARD=('iifname "lan0" meta l4proto tcp drop'); }
scenario_t2() { BOX_FORWARD=("ip daddr $PORTAL_IP tcp dport 443 reject with tcp reset"); }
scenario_s1() {
  # The laptop's clock cannot be moved back, so the world moves forward: every certificate
  # starts 300 days from now and the portal's Date header is a year ahead.
  FLEET="https@$FLEET_IP:443,cert=$pki/fleet-future.pem,key=$pki/fleet-future.key,date=none"
  PORTAL="https@$PORTAL_IP:443,cert=$pki/portal-future.pem,key=$pki/portal-future.key,date=+365d"
}
scenario_s2() {
  BOX_SERVICES+=("https@192.168.1.1:8443,cert=$pki/portal-rogue.pem,key=$pki/portal-rogue.key")
  BOX_PREROUTING=("ip daddr $PORTAL_IP tcp dport 443 dnat to 192.168.1.1:8443")
}
scenario_s3() { PORTAL="plain@$PORTAL_IP:443"; }
scenario_s3-expired() {
  PORTAL="https@$PORTAL_IP:443,cert=$pki/portal-expired.pem,key=$pki/portal-expired.key"
}
scenario_h1() { FLEET+=",mode=error500"; }
scenario_p1() {
  HTTP_PROBE=1
  BOX_SERVICES+=("http@192.168.1.1:80,mode=portal")
  BOX_PREROUTING=('iifname "lan0" tcp dport 80 dnat to 192.168.1.1:80')
  FLEET+=",mode=portal"
}
scenario_p2() {
  HTTP_PROBE=1
  BOX_SERVICES+=("http@192.168.1.1:8080,mode=altered")
  BOX_PREROUTING=('iifname "lan0" tcp dport 80 dnat to 192.168.1.1:8080')
}
scenario_p3() {
  HTTP_PROBE=1
  BOX_SERVICES+=("http@192.168.1.1:8080,mode=proxy407")
  BOX_PREROUTING=('iifname "lan0" tcp dport 80 dnat to 192.168.1.1:8080')
}
scenario_q1() { FLEET+=",delay=650"; }
scenario_q2() { FLEET+=",delay=1500"; }
scenario_ping-not-permitted() {
  LAPTOP_PING="1 0"
  # The box ignores the first ARP request it gets (a Wi-Fi box asleep, a lost frame) and answers
  # the laptop's retry 250 ms later: the entry is complete only after the G step has looked.
  LAPTOP_SYSCTLS=(net.ipv4.neigh.eth0.retrans_time_ms=250)
  BOX_NFT_EXTRA='table arp boxarp {
  set asked { type ipv4_addr; flags dynamic,timeout; timeout 1m; }
  chain input {
    type filter hook input priority 0; policy accept;
    arp operation request arp saddr ip @asked accept
    arp operation request add @asked { arp saddr ip } drop
  }
}'
  BEFORE_AGENT=forget_gateway
}
forget_gateway() {
  ip -n "$ns_laptop" neigh flush all &&
    ip netns exec "$ns_box" nft flush set arp boxarp asked
}
scenario_hotspot() {
  HTTP_PROBE=1
  BOX_SERVICES+=("http@192.168.1.1:80,mode=portal")
  BOX_PREROUTING=('iifname "lan0" tcp dport 80 dnat to 192.168.1.1:80')
  BOX_FORWARD=('iifname "lan0" tcp dport 443 reject with tcp reset' 'iifname "lan0" drop')
}
scenario_slow-line() {
  BOX_SERVICES=("dns@192.168.1.1:53,delay=700")
  NET_DNS="dns@9.9.9.9:53,delay=700"
  FLEET+=",delay=700"
  PORTAL+=",delay=700"
}
scenario_dns-filter-intercepted() {
  BOX_ARGS=(--block portal.clic.test)
  BOX_PREROUTING=('iifname "lan0" udp dport 53 dnat to 192.168.1.1:53'
    'iifname "lan0" tcp dport 53 dnat to 192.168.1.1:53')
}

# --- building it ----------------------------------------------------------------------------------
in_ns() { ip netns exec "$@"; }

box_ruleset() {
  local rule
  echo "table inet box {"
  echo "  chain input { type filter hook input priority 0; policy accept;"
  for rule in "${BOX_INPUT[@]}"; do echo "    $rule"; done
  echo "  }"
  echo "  chain forward { type filter hook forward priority 0; policy accept;"
  for rule in "${BOX_FORWARD[@]}"; do echo "    $rule"; done
  echo "  }"
  echo "}"
  echo "table ip boxnat {"
  echo "  chain prerouting { type nat hook prerouting priority -100; policy accept;"
  for rule in "${BOX_PREROUTING[@]}"; do echo "    $rule"; done
  echo "  }"
  echo "  chain postrouting { type nat hook postrouting priority 100; policy accept;"
  echo '    oifname "wan0" masquerade'
  echo "  }"
  echo "}"
  echo "$BOX_NFT_EXTRA"
}

# start_services NS LOGNAME ARGS...: box_services.py in NS; its pid goes to $tmp/pids
# (a simple command in the background: ip execs python3, so $! is the service's own pid)
start_services() {
  local ns=$1 log=$2
  shift 2
  ip netns exec "$ns" python3 "$here/box_services.py" "$@" >>"$tmp/$log.log" 2>&1 &
  echo $! >>"$tmp/pids"
}

# wait_listening NS SERVICE...: polls the namespace's sockets until each service listens (10 s at most)
wait_listening() {
  local ns=$1 spec want=() try sockets missing
  shift
  for spec in "$@"; do
    [[ $spec == --* || $spec != *@* ]] && continue
    local where=${spec#*@}
    where=${where%%,*}
    want+=("tcp $where")
    [[ $spec == dns@* ]] && want+=("udp $where")
  done
  for try in $(seq 200); do
    sockets=$(in_ns "$ns" ss -Hlntu | awk '{print $1, $5}')
    missing=""
    for spec in "${want[@]}"; do
      grep -qxF "$spec" <<<"$sockets" || missing+=" $spec"
    done
    [[ -z "$missing" ]] && return 0
    sleep 0.05
  done
  echo "netlab: not listening in $ns after 10 s:$missing" >&2
  return 1
}

# wait_up NS IF...: polls until each interface's operstate is UP (the kernel sets it a moment
# after `ip link set up`); 5 s at most
wait_up() {
  local ns=$1 dev try
  shift
  for dev in "$@"; do
    for try in $(seq 101); do
      [[ $(ip -n "$ns" -o link show dev "$dev") == *" state UP "* ]] && break
      if [[ $try -eq 101 ]]; then
        echo "netlab: $dev in $ns is not up after 5 s" >&2
        return 1
      fi
      sleep 0.05
    done
  done
}

build() {
  set -e
  ip netns add "$ns_laptop"
  ip netns add "$ns_box"
  ip netns add "$ns_net"
  for ns in "$ns_laptop" "$ns_box" "$ns_net"; do ip -n "$ns" link set lo up; done
  ip -n "$ns_laptop" link add eth0 type veth peer name lan0 netns "$ns_box"
  ip -n "$ns_box" link add wan0 type veth peer name isp0 netns "$ns_net"

  # The internet: the box's provider, the public resolver, the servers.
  ip -n "$ns_net" addr add 198.51.100.1/24 dev isp0
  ip -n "$ns_net" link set isp0 up
  for address in 9.9.9.9 "$FLEET_IP" "$PORTAL_IP" "$PROBE_IP"; do
    ip -n "$ns_net" addr add "$address/32" dev lo
  done

  # The family's box: a router with NAT, its own DNS resolver, the scenario's rules.
  ip -n "$ns_box" addr add 192.168.1.1/24 dev lan0
  ip -n "$ns_box" addr add 198.51.100.2/24 dev wan0
  ip -n "$ns_box" link set lan0 up
  ip -n "$ns_box" link set wan0 up
  ip -n "$ns_box" route add default via 198.51.100.1
  in_ns "$ns_box" sysctl -qw net.ipv4.ip_forward=1
  box_ruleset >"$tmp/box.nft"
  in_ns "$ns_box" nft -f "$tmp/box.nft"

  # The laptop.
  in_ns "$ns_laptop" sysctl -qw "net.ipv4.ping_group_range=$LAPTOP_PING"
  if [[ $LAPTOP_IPV6 -eq 0 ]]; then
    in_ns "$ns_laptop" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    in_ns "$ns_laptop" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    in_ns "$ns_laptop" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
  fi
  for setting in "${LAPTOP_SYSCTLS[@]}"; do in_ns "$ns_laptop" sysctl -qw "$setting"; done
  [[ -n "$LAPTOP_ADDR" ]] && ip -n "$ns_laptop" addr add "$LAPTOP_ADDR" dev eth0
  if [[ $LAPTOP_LINK == up ]]; then
    ip -n "$ns_laptop" link set eth0 up
    if [[ $LAPTOP_ROUTE -eq 1 && $LAPTOP_ADDR == 192.168.1.* ]]; then
      ip -n "$ns_laptop" route add default via 192.168.1.1
    fi
  fi
  wait_up "$ns_net" isp0
  wait_up "$ns_box" wan0
  if [[ $LAPTOP_LINK == up ]]; then
    wait_up "$ns_box" lan0
    wait_up "$ns_laptop" eth0
  fi
  mkdir -p "/etc/netns/$ns_laptop"
  printf '%s\n' "$RESOLV" >"/etc/netns/$ns_laptop/resolv.conf"

  # The services, and a bounded wait until each listens.
  local net=("$NET_DNS" "$FLEET" "$PORTAL" "$PROBE")
  start_services "$ns_net" internet "${RECORDS[@]}" "${net[@]}"
  start_services "$ns_box" box "${RECORDS[@]}" "${BOX_ARGS[@]}" "${BOX_SERVICES[@]}"
  wait_listening "$ns_net" "${net[@]}"
  wait_listening "$ns_box" "${BOX_SERVICES[@]}"

  {
    echo 'server = "https://fleet.clic.test"'
    echo "ca = \"$pki/fleet-ca/ca.pem\""
    echo 'portal_urls = ["https://portal.clic.test/"]'
    echo 'public_resolver = "9.9.9.9"'
    if [[ $HTTP_PROBE -eq 1 ]]; then echo 'http_probe_url = "http://probe.clic.test/generate_204"'; fi
  } >"$tmp/agent.toml"
  rm -rf "$tmp/state"
  mkdir -m 0700 "$tmp/state"
}

# --- judging a run ---------------------------------------------------------------------------------
# judge JSON EXPECTED CHECKS: prints "verdict|pass or fail|summary|problems", then the steps
judge() {
  python3 - "$@" <<'PY'
import json, sys

path, expected, checks = sys.argv[1:4]
try:
    with open(path) as f:
        run = json.load(f)
    steps = run["steps"]
except (OSError, ValueError, KeyError) as e:
    print("none|fail|no JSON run (%s)|" % e)
    sys.exit(0)

def short(s):
    return s["result"] + ("/" + s["code"] if s.get("code") else "")

by_step = {s["step"]: s for s in steps}
problems = []
if run.get("verdict") != expected:
    problems.append("verdict %s, want %s" % (run.get("verdict"), expected))
for check in checks.split():
    step, _, want = check.partition("=")
    got = short(by_step[step]) if step in by_step else "missing"
    if got != want and not (got.split("/")[0] == want and "/" not in want):
        problems.append("%s is %s, want %s" % (step, got, want))
summary = " ".join("%s:%s" % (s["step"], short(s)) for s in steps)
print("%s|%s|%s|%s" % (run.get("verdict"), "fail" if problems else "pass", summary,
                       "; ".join(problems)))
for s in steps:
    extra = []
    for key in ("latency_ms", "succeeded", "attempted", "http_status"):
        if s.get(key) is not None:
            extra.append("%s=%s" % (key, s[key]))
    print("    %s %-4s %-3s %8.1f ms  %s%s" % (
        s["step"], s["result"], s.get("code") or "", s.get("duration_ms") or 0,
        s.get("detail") or "", ("  [" + " ".join(extra) + "]") if extra else ""))
PY
}

# --- the run ---------------------------------------------------------------------------------------
budget=200  # seconds: no scenario starts after this; the whole run must stay under 4 minutes
start=$SECONDS
if ! make_pki >"$tmp/pki.log" 2>&1; then
  echo "netlab: could not make the test certificates:" >&2
  cat "$tmp/pki.log" >&2
  exit 1
fi

# A copy, so that a rebuild during the run cannot swap or half-write the binary under it.
if ! cp "$agent" "$tmp/clicfleet-agent" || ! version=$("$tmp/clicfleet-agent" --version 2>&1); then
  echo "netlab: cannot run $agent (being rebuilt?): ${version:-copy failed}" >&2
  exit 1
fi
echo "netlab: agent $agent ($version)"
printf '%-24s %-8s %-8s %-12s %s\n' SCENARIO EXPECTED GOT RESULT STEPS
failures=0
known=0
ran=0
details=""
for entry in "${SCENARIOS[@]}"; do
  IFS='|' read -r name expect checks what <<<"$entry"
  if [[ ${#selected[@]} -gt 0 ]]; then
    wanted=0
    for s in "${selected[@]}"; do [[ $s == "$name" ]] && wanted=1; done
    [[ $wanted -eq 1 ]] || continue
  fi
  ran=$((ran + 1))
  if (( SECONDS - start > budget )); then
    printf '%-24s %-8s %-8s %-12s %s\n' "$name" "$expect" - FAIL "not run: over the ${budget} s budget"
    failures=$((failures + 1))
    continue
  fi
  scenario_start=$SECONDS
  defaults
  "scenario_$name"
  : >"$tmp/internet.log"
  : >"$tmp/box.log"
  got="none"
  verdict_line=""
  (build) >"$tmp/build.log" 2>&1  # not under `if`: set -e works inside
  built=$?
  if [[ $built -ne 0 ]]; then
    verdict_line="none|fail|setup failed: $(tail -n 3 "$tmp/build.log" | tr '\n' ' ')|"
  elif [[ -n "$BEFORE_AGENT" ]] && ! "$BEFORE_AGENT" >>"$tmp/build.log" 2>&1; then
    verdict_line="none|fail|setup failed before the agent: $(tail -n 2 "$tmp/build.log" | tr '\n' ' ')|"
  else
    # At most 90 s (a run where everything times out takes about a minute), and never past
    # 230 s into the whole run. In the background so that Ctrl-C reaches the trap at once.
    limit=$((230 - (SECONDS - start)))
    (( limit > 90 )) && limit=90
    (( limit < 15 )) && limit=15
    timeout -k 5 "$limit" ip netns exec "$ns_laptop" \
      unshare --mount --propagation private \
      env SSL_CERT_FILE="$pki/web-ca/ca.pem" LANG=C.UTF-8 LC_ALL= \
      bash "$self" --in-laptop "$tmp/clicfleet-agent" diagnose --json --config "$tmp/agent.toml" \
      --state-dir "$tmp/state" >"$tmp/run.json" 2>"$tmp/agent.err" &
    agent_pid=$!
    wait "$agent_pid"
    status=$?
    agent_pid=""
    judged=$(judge "$tmp/run.json" "$expect" "$checks")
    verdict_line=$(head -n 1 <<<"$judged")
    step_lines=$(tail -n +2 <<<"$judged")
    if [[ $status -eq 124 || $status -eq 137 ]]; then
      verdict_line="none|fail|the agent did not finish within $limit s|"
    fi
  fi
  IFS='|' read -r got judged_result summary problems <<<"$verdict_line"
  if [[ $judged_result == pass ]]; then
    result=PASS
    if is_known_wrong "$name"; then
      result="PASS(fixed)"
      details+="$name: listed as known-wrong but now right: remove it from KNOWN_WRONG"$'\n'
    fi
  elif is_known_wrong "$name"; then
    result=KNOWN-WRONG
    known=$((known + 1))
  else
    result=FAIL
    failures=$((failures + 1))
  fi
  printf '%-24s %-8s %-8s %-12s %s (%ds)\n' "$name" "$expect" "$got" "$result" "$summary" \
    $((SECONDS - scenario_start))
  if [[ $result != PASS* ]]; then
    details+="$name ($what): ${problems:-$summary}"$'\n'
    [[ -n "${step_lines:-}" ]] && details+="$step_lines"$'\n'
    if [[ -s "$tmp/agent.err" ]]; then details+="    agent stderr: $(head -c 400 "$tmp/agent.err")"$'\n'; fi
  fi
  if [[ -n "$out_dir" ]]; then
    cp "$tmp/run.json" "$out_dir/$name.json" 2>/dev/null
    cat "$tmp/build.log" "$tmp/box.log" "$tmp/internet.log" >"$out_dir/$name.log" 2>/dev/null
  fi
  step_lines=""
  rm -f "$tmp/run.json" "$tmp/agent.err"
  kill_services
  remove_namespaces
done

if [[ -n "$details" ]]; then
  echo
  echo "Details of the scenarios that did not match:"
  printf '%s' "$details"
fi
echo
echo "netlab: $ran scenario(s), $failures failed, $known known-wrong, $((SECONDS - start)) s"
[[ $failures -eq 0 ]]
