#!/usr/bin/env bash
# The walk-through of seed 001, for real, on this machine: pool "web servers" with WEB1 and WEB2, a VIP on
# port 80 with SOURCE_IP persistence and a connection limit, an HTTP monitor; requests through the VIP from
# a client; persistence on and off; a member stopped and taken out by the monitor.
#   npm run demo              build the scene (starts the system if it is not running)
#   npm run demo -- --ha      the same servers behind an ACTIVE_STANDBY load balancer: a second agent
#                             starts, the master's node is lost while a client keeps asking
#   npm run demo -- --clean   remove everything the demo made
# It uses the REST API like any client. Hosts are network namespaces on br-int (198.51.100.0/24 only).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
API=${LBAAS_API:-http://127.0.0.1:${LBAAS_BIND_PORT:-9876}}
DEMO_DIR=${LBAAS_HOME:-$REPO_DIR/.lbaas}/demo
NAME=lbdemo
JSON='Content-Type: application/json'

bold() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
api() { # api METHOD PATH [BODY]
  local method=$1 path=$2
  if [ $# -ge 3 ]; then curl -sS -X "$method" -H "$JSON" -d "$3" "$API$path"; else curl -sS -X "$method" "$API$path"; fi
}
first_id() { api GET "$1" | jq -r "$2 | first | .id // empty"; }

wait_active() { # wait_active LB_ID
  for _ in $(seq 1 60); do
    status=$(api GET "/v2.0/lbaas/loadbalancers/$1" | jq -r .loadbalancer.provisioning_status)
    [ "$status" = ACTIVE ] && return 0
    [ "$status" = ERROR ] && { echo "load balancer went to ERROR" >&2; exit 1; }
    sleep 1
  done
  echo "load balancer did not become ACTIVE" >&2
  exit 1
}

host_ns() { echo "$NAME-$1"; }

add_host() { # add_host NAME ADDRESS VLAN
  local ns; ns=$(host_ns "$1")
  ip netns list | grep -qw "$ns" && return 0
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ovs-vsctl --timeout=10 --may-exist add-port br-int "$ns" "tag=$3" -- set Interface "$ns" type=internal
  ip link set "$ns" netns "$ns"
  ip -n "$ns" link set "$ns" up
  ip -n "$ns" addr add "$2/24" dev "$ns"
}

serve() { # serve NAME ANSWER: a tiny HTTP server in the host answering with its name
  local ns; ns=$(host_ns "$1")
  mkdir -p "$DEMO_DIR"
  # Detached from our output, so that whoever runs the demo is not kept waiting by the servers.
  ip netns exec "$ns" node -e "require('http').createServer((q, r) => r.end('$2\n')).listen(80)" >/dev/null 2>&1 &
  echo $! >"$DEMO_DIR/$1.pid"
}

stop_serving() {
  local pid_file="$DEMO_DIR/$1.pid"
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  # Only our own server: the process must still run inside the demo host's namespace.
  if [ "$(ip netns identify "$pid" 2>/dev/null)" = "$(host_ns "$1")" ]; then kill "$pid" || true; fi
  rm -f "$pid_file"
}

requests() { # requests COUNT VIP: which member answered each request
  local answers=()
  for _ in $(seq 1 "$1"); do
    answers+=("$(ip netns exec "$(host_ns client)" curl -s -m 3 "http://$2/" || echo '(no answer)')")
  done
  info "answers: ${answers[*]}"
}

member_status() { api GET "/v2.0/lbaas/pools/$1/members" | jq -r ".members[] | select(.name == \"$2\") | .operating_status"; }

show_tree() {
  api GET "/v2.0/lbaas/loadbalancers/$1/statuses" | jq -r '.statuses.loadbalancer as $lb
    | "    load balancer  \($lb.provisioning_status) / \($lb.operating_status)",
      ($lb.pools[] | "    pool \(.name)  \(.provisioning_status) / \(.operating_status)",
        (.members[] | "      member \(.name) \(.address)  \(.operating_status)"))'
}

delete_lb() { # delete_lb NAME (URL-encoded)
  local lb
  lb=$(first_id "/v2.0/lbaas/loadbalancers?name=$1" .loadbalancers)
  [ -n "$lb" ] || return 0
  api DELETE "/v2.0/lbaas/loadbalancers/$lb?cascade=true" >/dev/null
  for _ in $(seq 1 60); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/v2.0/lbaas/loadbalancers/$lb")" = 404 ] && break
    sleep 1
  done
  info "load balancer $lb deleted (namespaces, ports, haproxy and keepalived removed by its agents)"
}

clean() {
  bold "removing the demo"
  delete_lb "VIP%20for%20web%20servers"
  delete_lb "HA%20VIP%20for%20web%20servers"
  flavor=$(first_id "/v2.0/lbaas/flavors?name=$NAME-ha" .flavors)
  [ -n "$flavor" ] && api DELETE "/v2.0/lbaas/flavors/$flavor" >/dev/null && info "flavor $flavor deleted"
  profile=$(first_id "/v2.0/lbaas/flavorprofiles?name=$NAME-ha" .flavorprofiles)
  [ -n "$profile" ] && api DELETE "/v2.0/lbaas/flavorprofiles/$profile" >/dev/null && info "flavor profile $profile deleted"
  bash "$REPO_DIR/deploy/lbaas-ctl.sh" stop-second-agent
  net=$(first_id "/v2.0/networks?name=$NAME-net" .networks)
  [ -n "$net" ] && api DELETE "/v2.0/networks/$net" >/dev/null && info "network $net deleted"
  for host in web1 web2 client; do
    stop_serving "$host"
    ns=$(host_ns "$host")
    ovs-vsctl --timeout=10 --if-exists del-port br-int "$ns"
    ip netns list | grep -qw "$ns" && ip netns delete "$ns" && info "host $ns removed"
  done
  return 0
}

if [ "${1:-}" = --clean ]; then
  clean
  exit 0
fi
HA=false
[ "${1:-}" = --ha ] && HA=true

bold "1/8 the system"
if curl -fsS "$API/healthz" >/dev/null 2>&1; then info "lbaas-server answers at $API"; else bash "$REPO_DIR/deploy/lbaas-ctl.sh" start; fi

bold "2/8 a tenant network and subnet (198.51.100.0/24)"
net=$(first_id "/v2.0/networks?name=$NAME-net" .networks)
[ -n "$net" ] || net=$(api POST /v2.0/networks "{\"network\":{\"name\":\"$NAME-net\"}}" | jq -r .network.id)
vlan=$(api GET "/v2.0/networks/$net" | jq -r '.network["provider:segmentation_id"]')
subnet=$(first_id "/v2.0/subnets?network_id=$net" .subnets)
[ -n "$subnet" ] || subnet=$(api POST /v2.0/subnets "{\"subnet\":{\"name\":\"$NAME-subnet\",\"network_id\":\"$net\",\"cidr\":\"198.51.100.0/24\"}}" | jq -r .subnet.id)
info "network $net (VLAN $vlan on br-int), subnet $subnet"

bold "3/8 two web servers and a client (network namespaces on br-int)"
add_host web1 198.51.100.11 "$vlan"
add_host web2 198.51.100.12 "$vlan"
add_host client 198.51.100.50 "$vlan"
stop_serving web1; serve web1 WEB1
stop_serving web2; serve web2 WEB2
info "WEB1 198.51.100.11, WEB2 198.51.100.12, client 198.51.100.50"

if $HA; then
  # shellcheck source=deploy/demo-ha.sh
  source "$REPO_DIR/deploy/demo-ha.sh"
  exit 0
fi

bold "4/8 pool \"web servers\", VIP on port 80 (SOURCE_IP persistence, connection limit 100), HTTP monitor"
lb=$(first_id "/v2.0/lbaas/loadbalancers?name=VIP%20for%20web%20servers" .loadbalancers)
if [ -z "$lb" ]; then
  lb=$(api POST /v2.0/lbaas/loadbalancers "{\"loadbalancer\":{\"name\":\"VIP for web servers\",\"vip_subnet_id\":\"$subnet\"}}" | jq -r .loadbalancer.id)
  wait_active "$lb"
  listener=$(api POST /v2.0/lbaas/listeners "{\"listener\":{\"name\":\"http\",\"loadbalancer_id\":\"$lb\",\"protocol\":\"HTTP\",\"protocol_port\":80,\"connection_limit\":100}}" | jq -r .listener.id)
  wait_active "$lb"
  pool=$(api POST /v2.0/lbaas/pools "{\"pool\":{\"name\":\"web servers\",\"listener_id\":\"$listener\",\"protocol\":\"HTTP\",\"lb_algorithm\":\"ROUND_ROBIN\",\"session_persistence\":{\"type\":\"SOURCE_IP\"}}}" | jq -r .pool.id)
  wait_active "$lb"
  for member in "WEB1 198.51.100.11" "WEB2 198.51.100.12"; do
    set -- $member
    api POST "/v2.0/lbaas/pools/$pool/members" "{\"member\":{\"name\":\"$1\",\"address\":\"$2\",\"protocol_port\":80,\"subnet_id\":\"$subnet\"}}" >/dev/null
    wait_active "$lb"
  done
  # The seed checks every 10 s with 3 retries; the demo checks faster so that it does not keep you waiting.
  api POST /v2.0/lbaas/healthmonitors "{\"healthmonitor\":{\"pool_id\":\"$pool\",\"type\":\"HTTP\",\"delay\":2,\"timeout\":1,\"max_retries\":2,\"max_retries_down\":2,\"http_method\":\"GET\",\"url_path\":\"/\",\"expected_codes\":\"200\"}}" >/dev/null
  wait_active "$lb"
else
  pool=$(api GET "/v2.0/lbaas/loadbalancers/$lb" | jq -r '.loadbalancer.pools[0].id')
fi
vip=$(api GET "/v2.0/lbaas/loadbalancers/$lb" | jq -r .loadbalancer.vip_address)
agent=$(api GET "/v2.0/lbaas/loadbalancers/$lb/loadbalancer-hosting-agent" | jq -r .agent.host)
info "load balancer $lb, VIP $vip, hosted by agent $agent in namespace qlbaas-$lb"
sleep 3
show_tree "$lb"

bold "5/8 requests through the VIP with SOURCE_IP persistence: one client, one member"
api PUT "/v2.0/lbaas/pools/$pool" '{"pool":{"session_persistence":{"type":"SOURCE_IP"}}}' >/dev/null
wait_active "$lb"
requests 6 "$vip"

bold "6/8 persistence removed: requests alternate (ROUND_ROBIN)"
api PUT "/v2.0/lbaas/pools/$pool" '{"pool":{"session_persistence":null}}' >/dev/null
wait_active "$lb"
requests 6 "$vip"

bold "7/8 WEB1 stops: the monitor takes it out"
stop_serving web1
for _ in $(seq 1 30); do [ "$(member_status "$pool" WEB1)" = OFFLINE ] && break; sleep 1; done
show_tree "$lb"
requests 4 "$vip"

bold "8/8 WEB1 is back: ONLINE again and in rotation"
serve web1 WEB1
for _ in $(seq 1 30); do [ "$(member_status "$pool" WEB1)" = ONLINE ] && break; sleep 1; done
show_tree "$lb"
requests 6 "$vip"

printf '\nDone. Look around with curl %s/v2.0/lbaas/loadbalancers, or remove it all: npm run demo -- --clean\n' "$API"
