#!/usr/bin/env bash
# Runs the whole system on this machine: lbaas-server on 127.0.0.1:9876 and one lbaas-agent.
#   lbaas-ctl.sh start | stop | status | logs | start-second-agent | stop-second-agent
# (a second agent, host <host>-2, lets ACTIVE_STANDBY load balancers run their two instances here)
# Files live under $LBAAS_HOME (default: <repo>/.lbaas): log/ (JSON logs), run/ (pid files, console
# output), state/ (the agent's state_path). Optional INI files: $LBAAS_SERVER_CONFIG, $LBAAS_AGENT_CONFIG.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
LBAAS_HOME=${LBAAS_HOME:-$REPO_DIR/.lbaas}
LOG_DIR=$LBAAS_HOME/log
RUN_DIR=$LBAAS_HOME/run
STATE_DIR=$LBAAS_HOME/state
API_URL=http://127.0.0.1:${LBAAS_BIND_PORT:-9876}
AGENT_HOST=${LBAAS_HOST:-$(hostname)}

# shellcheck source=deploy/lib/services.sh
source "$REPO_DIR/deploy/lib/services.sh"

pid_of() { # pid_of <name> [binary]: the pid in the pid file if that process is still ours and running
  local file=$RUN_DIR/$1.pid binary=${2:-$1} pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  # The pid must still belong to our binary: pids are reused once a process is gone.
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "dist/apps/$binary/main.js"; then
    echo "$pid"
  else
    return 1
  fi
}

start_one() { # start_one <name> [config file] [binary]
  local name=$1 config=${2:-} binary=${3:-$1} args=()
  if pid=$(pid_of "$name" "$binary"); then
    echo "    $name already running (pid $pid)"
    return
  fi
  [ -n "$config" ] && args=(--config-file "$config")
  LBAAS_LOG_FILE=$LOG_DIR/$name.log nohup node "$REPO_DIR/dist/apps/$binary/main.js" "${args[@]}" \
    >"$RUN_DIR/$name.console" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  echo "    $name started (pid $!), log: $LOG_DIR/$name.log"
}

fail_start() {
  echo "error: $1; last console lines:" >&2
  tail -n 20 "$RUN_DIR/$2.console" >&2 || true
  exit 1
}

# With no broker settings of the operator's (no LBAAS_TRANSPORT_URL or LBAAS_OSLO_MESSAGING_RABBIT_SSL, no
# INI file), both processes talk to the local RabbitMQ over TLS (the listener and CA npm run setup made): TLS private keys then travel
# encrypted, and the server sends them at all ([certificates] allow_keys_over_plain_broker).
local_broker_over_tls() {
  if [ -n "${LBAAS_TRANSPORT_URL:-}${LBAAS_OSLO_MESSAGING_RABBIT_SSL:-}${LBAAS_SERVER_CONFIG:-}${LBAAS_AGENT_CONFIG:-}" ] ||
    [ ! -f "$LBAAS_TLS_DIR/rabbitmq.pem" ]; then
    return
  fi
  export LBAAS_TRANSPORT_URL=rabbit://guest:guest@127.0.0.1:5671/
  export LBAAS_OSLO_MESSAGING_RABBIT_SSL=true
  export LBAAS_OSLO_MESSAGING_RABBIT_SSL_CA_FILE=$LBAAS_TLS_DIR/ca.pem
  echo "    message broker: TLS on 127.0.0.1:5671 (CA $LBAAS_TLS_DIR/ca.pem)"
}

start() {
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$STATE_DIR"
  echo "==> [1/4] services (PostgreSQL, RabbitMQ, Open vSwitch)"
  start_postgresql
  start_rabbitmq
  start_openvswitch
  echo "==> [2/4] build"
  if [ ! -f "$REPO_DIR/dist/apps/lbaas-server/main.js" ] || [ ! -f "$REPO_DIR/dist/apps/lbaas-agent/main.js" ]; then
    (cd "$REPO_DIR" && npm run --silent build)
  else
    echo "    dist/ present (run 'npm run build' after changing the code)"
  fi
  local_broker_over_tls
  echo "==> [3/4] lbaas-server"
  if ! pid_of lbaas-server >/dev/null; then
    # Code built since the last start may bring schema changes: migrations run first (done ones are skipped).
    local config_args=()
    [ -n "${LBAAS_SERVER_CONFIG:-}" ] && config_args=(--config-file "$LBAAS_SERVER_CONFIG")
    node "$REPO_DIR/dist/apps/lbaas-server/main.js" migrate "${config_args[@]}" >"$RUN_DIR/migrate.console" 2>&1 ||
      fail_start "database migrations failed" migrate
    echo "    database schema up to date"
  fi
  start_one lbaas-server "${LBAAS_SERVER_CONFIG:-}"
  wait_for 30 "lbaas-server on $API_URL/healthz" curl -fsS "$API_URL/healthz" ||
    fail_start "lbaas-server did not become healthy" lbaas-server
  echo "    $API_URL/healthz answers healthy"
  echo "==> [4/4] lbaas-agent (host $AGENT_HOST)"
  LBAAS_STATE_PATH=${LBAAS_STATE_PATH:-$STATE_DIR/$AGENT_HOST} start_one lbaas-agent "${LBAAS_AGENT_CONFIG:-}"
  wait_for 30 "agent $AGENT_HOST alive" agent_alive "$AGENT_HOST" ||
    fail_start "lbaas-agent did not report as alive" lbaas-agent
  echo "    agent $AGENT_HOST is alive"
  echo "==> running: API $API_URL, logs in $LOG_DIR ('npm run logs' follows them), 'npm stop' stops it"
}

agent_alive() {
  curl -fsS "$API_URL/v2.0/agents?host=$1&alive=true" | grep -q '"alive":true'
}

stop_one() { # stop_one <name> [binary]
  local name=$1 binary=${2:-$1} pid
  if ! pid=$(pid_of "$name" "$binary"); then
    echo "    $name not running"
    rm -f "$RUN_DIR/$name.pid"
    return
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "    $name did not stop within 10 s; killing it"
    kill -KILL "$pid"
  fi
  rm -f "$RUN_DIR/$name.pid"
  echo "    $name stopped (pid $pid)"
}

stop() {
  # Agents first: the server then sees them go quiet rather than the other way round.
  [ -f "$RUN_DIR/lbaas-agent-2.pid" ] && stop_one lbaas-agent-2 lbaas-agent
  stop_one lbaas-agent
  stop_one lbaas-server
}

# A second agent on this machine (host <host>-2, its own state_path), for ACTIVE_STANDBY's second instance.
start_second_agent() {
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$STATE_DIR"
  local_broker_over_tls
  LBAAS_HOST=$AGENT_HOST-2 LBAAS_STATE_PATH=$STATE_DIR/$AGENT_HOST-2 LBAAS_METRICS_PORT=0 \
    start_one lbaas-agent-2 "${LBAAS_AGENT_CONFIG:-}" lbaas-agent
  wait_for 30 "agent $AGENT_HOST-2 alive" agent_alive "$AGENT_HOST-2" ||
    fail_start "the second lbaas-agent did not report as alive" lbaas-agent-2
  echo "    agent $AGENT_HOST-2 is alive"
}

status() {
  local rc=0
  for name in lbaas-server lbaas-agent; do
    if pid=$(pid_of "$name"); then echo "$name: running (pid $pid)"; else echo "$name: stopped"; rc=3; fi
  done
  curl -fsS "$API_URL/healthz" 2>/dev/null && echo || true
  return $rc
}

logs() {
  local pretty=(cat)
  [ -x "$REPO_DIR/node_modules/.bin/pino-pretty" ] && pretty=("$REPO_DIR/node_modules/.bin/pino-pretty" --ignore pid,hostname)
  tail -n 50 -F "$LOG_DIR/lbaas-server.log" "$LOG_DIR/lbaas-agent.log" 2>/dev/null | "${pretty[@]}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  logs) logs ;;
  start-second-agent) start_second_agent ;;
  stop-second-agent) stop_one lbaas-agent-2 lbaas-agent ;;
  *)
    echo "usage: $0 start|stop|status|logs|start-second-agent|stop-second-agent" >&2
    exit 2
    ;;
esac
