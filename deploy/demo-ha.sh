# The ACTIVE_STANDBY part of the demo (npm run demo -- --ha), sourced by demo.sh after the network and the
# hosts are up: the same web servers behind a load balancer of two instances on two agents of this
# machine; the node of the instance holding the VIP is lost while the client keeps asking.
# shellcheck shell=bash
# From demo.sh: api, bold, info, first_id, wait_active, host_ns, requests, show_tree, NAME, subnet, DEMO_DIR.
# shellcheck disable=SC2154
LBAAS_HOME=${LBAAS_HOME:-$REPO_DIR/.lbaas}
AGENT_HOST=${LBAAS_HOST:-$(hostname)}

agent_pid_file() { # agent_pid_file HOST: the pid file lbaas-ctl.sh keeps for that agent
  if [ "$1" = "$AGENT_HOST" ]; then echo "$LBAAS_HOME/run/lbaas-agent.pid"; else echo "$LBAAS_HOME/run/lbaas-agent-2.pid"; fi
}

# kill_recorded DIR FILE: SIGKILL to the process a pid file names, if it still runs from that folder
kill_recorded() {
  local pid pids
  [ -f "$1/$2" ] || return 0
  mapfile -t pids <"$1/$2"
  for pid in "${pids[@]}"; do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$1"; then kill -KILL "$pid"; fi
  done
}

vip_holder() { # vip_holder LB VIP: the namespace of this machine that holds the VIP
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep "^qlbaas-$1-"); do
    ip -n "$ns" -br addr show 2>/dev/null | grep -q " $2/" && echo "$ns" && return 0
  done
  return 0
}

bold "4/8 a second agent on this machine (ACTIVE_STANDBY places its two instances on two agents)"
bash "$REPO_DIR/deploy/lbaas-ctl.sh" start-second-agent

bold "5/8 flavor \"$NAME-ha\" (loadbalancer_topology ACTIVE_STANDBY) and a load balancer of it"
flavor=$(first_id "/v2.0/lbaas/flavors?name=$NAME-ha" .flavors)
if [ -z "$flavor" ]; then
  profile=$(api POST /v2.0/lbaas/flavorprofiles "{\"flavorprofile\":{\"name\":\"$NAME-ha\",\"provider_name\":\"haproxy\",\"flavor_data\":\"{\\\"loadbalancer_topology\\\": \\\"ACTIVE_STANDBY\\\"}\"}}" | jq -r .flavorprofile.id)
  flavor=$(api POST /v2.0/lbaas/flavors "{\"flavor\":{\"name\":\"$NAME-ha\",\"flavor_profile_id\":\"$profile\",\"enabled\":true}}" | jq -r .flavor.id)
fi
lb=$(first_id "/v2.0/lbaas/loadbalancers?name=HA%20VIP%20for%20web%20servers" .loadbalancers)
if [ -z "$lb" ]; then
  lb=$(api POST /v2.0/lbaas/loadbalancers "{\"loadbalancer\":{\"name\":\"HA VIP for web servers\",\"vip_subnet_id\":\"$subnet\",\"flavor_id\":\"$flavor\",\"listeners\":[{\"name\":\"http\",\"protocol\":\"HTTP\",\"protocol_port\":80,\"default_pool\":{\"name\":\"web servers\",\"protocol\":\"HTTP\",\"lb_algorithm\":\"ROUND_ROBIN\",\"members\":[{\"name\":\"WEB1\",\"address\":\"198.51.100.11\",\"protocol_port\":80},{\"name\":\"WEB2\",\"address\":\"198.51.100.12\",\"protocol_port\":80}]}}]}}" | jq -r .loadbalancer.id)
fi
wait_active "$lb"
vip=$(api GET "/v2.0/lbaas/loadbalancers/$lb" | jq -r .loadbalancer.vip_address)
info "load balancer $lb, VIP $vip; its instances (GET /v2/octavia/amphorae):"
api GET "/v2/octavia/amphorae?loadbalancer_id=$lb" | jq -r '.amphorae[] | "      \(.role)  on agent \(.compute_id)  vrrp_ip \(.vrrp_ip)  priority \(.vrrp_priority)"'
for _ in $(seq 1 30); do [ -n "$(vip_holder "$lb" "$vip")" ] && break; sleep 1; done
holder=$(vip_holder "$lb" "$vip")
info "the VIP is held by namespace $holder (keepalived, VRRP between the two)"
requests 4 "$vip"

bold "6/8 the node of the instance holding the VIP is lost, while the client asks every 0.1 s"
amphora=$(api GET "/v2/octavia/amphorae?loadbalancer_id=$lb" | jq -r ".amphorae[] | select(.id | startswith(\"${holder##*-}\"))")
lost_host=$(jq -r .compute_id <<<"$amphora")
lost_dir=$LBAAS_HOME/state/$lost_host/lbaas/v2/$lb
log=$DEMO_DIR/ha-requests.log
mkdir -p "$DEMO_DIR"
: >"$log"
(
  while :; do
    if out=$(ip netns exec "$(host_ns client)" curl -s -m 1 "http://$vip/"); then echo "$(date +%s.%N) ok $out"; else echo "$(date +%s.%N) failed"; fi
    sleep 0.1
  done >>"$log"
) &
loop=$!
sleep 1
# As a node that loses power: its agent stops (frozen, so that it cannot repair anything meanwhile), its
# keepalived and haproxy die, its namespace goes.
agent_pid=$(cat "$(agent_pid_file "$lost_host")")
kill -STOP "$agent_pid"
kill_recorded "$lost_dir" keepalived.pid
kill_recorded "$lost_dir" keepalived-vrrp.pid
kill_recorded "$lost_dir" haproxy.pid
ip netns delete "$holder"
info "agent $lost_host frozen; its keepalived and haproxy killed; namespace $holder deleted"
for _ in $(seq 1 50); do [ -n "$(vip_holder "$lb" "$vip")" ] && break; sleep 0.1; done
info "the VIP is now held by $(vip_holder "$lb" "$vip")"
sleep 2
kill "$loop"
wait "$loop" 2>/dev/null || true
awk '{ n++; if ($2 == "ok") { ok++; if (last && $1 - last > gap) gap = $1 - last; last = $1 } else failed++ }
  END { printf "    %d requests: %d answered, %d failed; longest time without an answer %.2f s\n", n, ok, failed, gap }' "$log"

bold "7/8 the lost node returns: its instance is rebuilt as the backup, the VIP stays where it is"
kill -CONT "$agent_pid"
for _ in $(seq 1 30); do ip netns list | grep -q "^$holder" && break; sleep 1; done
info "namespace $holder is back; the VIP is held by $(vip_holder "$lb" "$vip")"
requests 4 "$vip"

bold "8/8 the statuses"
show_tree "$lb"
printf '\nDone. Remove it all: npm run demo -- --clean\n'
