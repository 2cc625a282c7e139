# Shell functions that start the real services the way their Debian packages' init scripts do
# (there is no systemd here) and wait until each one answers. Sourced by setup.sh and the tests.

PG_VERSION=${LBAAS_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)}
PG_CLUSTER=${LBAAS_PG_CLUSTER:-main}

wait_for() { # wait_for <seconds> <description> <command...>
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "    timed out waiting for $what" >&2
      return 1
    fi
    sleep 1
  done
}

postgresql_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; }

start_postgresql() {
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  fi
  if postgresql_running; then
    echo "    PostgreSQL $PG_VERSION/$PG_CLUSTER already running"
  else
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
    echo "    PostgreSQL $PG_VERSION/$PG_CLUSTER started"
  fi
  wait_for 30 "PostgreSQL" su postgres -c "psql -Atqc 'select 1'"
}

stop_postgresql() { pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop -m fast; }

rabbitmqctl_() { HOME=/var/lib/rabbitmq rabbitmqctl "$@"; }

rabbitmq_running() { rabbitmqctl_ -q status >/dev/null 2>&1; }

start_rabbitmq() {
  if rabbitmq_running; then
    echo "    RabbitMQ already running"
  else
    # -detached drops privileges to the rabbitmq user by itself when started as root.
    HOME=/var/lib/rabbitmq rabbitmq-server -detached
    echo "    RabbitMQ starting"
  fi
  wait_for 120 "RabbitMQ" rabbitmqctl_ -q await_startup --timeout 5
  echo "    RabbitMQ is up"
}

stop_rabbitmq() { rabbitmqctl_ -q stop; }

start_openvswitch() {
  if ovs-vsctl --timeout=5 show >/dev/null 2>&1; then
    echo "    Open vSwitch already running"
  else
    # No openvswitch kernel module here: ovs-ctl warns about it; bridges use the userspace datapath.
    /usr/share/openvswitch/scripts/ovs-ctl start --system-id=random >/dev/null 2>&1 || true
    wait_for 30 "Open vSwitch" ovs-vsctl --timeout=5 show
    echo "    Open vSwitch started"
  fi
}

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -Atq $(printf '%q ' "$@")"; }

ensure_database_role() { # ensure_database_role <user> <password>
  local user=$1 password=$2
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$user'")" = 1 ]; then
    echo "    role $user exists"
  else
    psql_admin -c "create role \"$user\" login createdb password '$password'"
    echo "    role $user created"
  fi
}

ensure_database() { # ensure_database <name> <owner>
  local name=$1 owner=$2
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$name'")" = 1 ]; then
    echo "    database $name exists"
  else
    psql_admin -c "create database \"$name\" owner \"$owner\""
    echo "    database $name created"
  fi
}

# TLS for the local services: a CA of this machine signs a certificate for 127.0.0.1 and localhost per
# service; clients verify it against $LBAAS_TLS_DIR/ca.pem (plain connections still work). A system
# path: the services read these files at every start.
LBAAS_TLS_DIR=${LBAAS_TLS_DIR:-/etc/lbaas/tls}

# ensure_local_certificate <name> <owner>: $LBAAS_TLS_DIR/<name>.pem (0644) and .key (0600, owner's),
# signed by the local CA (made once).
ensure_local_certificate() {
  local dir=$LBAAS_TLS_DIR name=$1 owner=$2
  install -d -m 0755 "$dir"
  if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/ca.key" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=lbaas local CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    chmod 0600 "$dir/ca.key"
    echo "    made a local CA in $dir"
  fi
  if ! openssl verify -CAfile "$dir/ca.pem" "$dir/$name.pem" >/dev/null 2>&1; then
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/$name.ext"
    openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
      -days 3650 -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
    rm -f "$dir/$name.csr" "$dir/$name.ext"
    echo "    made a $name certificate in $dir"
  fi
  chmod 0644 "$dir/ca.pem" "$dir/$name.pem"
  chown "$owner:$owner" "$dir/$name.key"
  chmod 0600 "$dir/$name.key"
}

enable_postgresql_tls() {
  local dir=$LBAAS_TLS_DIR
  ensure_local_certificate postgresql postgres
  psql_admin -c "alter system set ssl_cert_file = '$dir/postgresql.pem'"
  psql_admin -c "alter system set ssl_key_file = '$dir/postgresql.key'"
  psql_admin -c "alter system set ssl = on"
  psql_admin -c "select pg_reload_conf()" >/dev/null
  wait_for 30 "PostgreSQL TLS" su postgres -c "psql -Atqc 'show ssl' | grep -qx on"
  echo "    PostgreSQL TLS on (CA: $dir/ca.pem)"
}

# TLS for the local RabbitMQ: a listener on 5671 next to the plain 5672. Clients verify the broker with
# [oslo_messaging_rabbit] ssl = true, ssl_ca_file = $LBAAS_TLS_DIR/ca.pem; a client certificate is
# optional and, when shown, must chain to the same CA. RabbitMQ reads it at start: changed, it restarts.
RABBITMQ_TLS_CONF=/etc/rabbitmq/conf.d/90-lbaas-tls.conf

enable_rabbitmq_tls() {
  local dir=$LBAAS_TLS_DIR
  ensure_local_certificate rabbitmq rabbitmq
  local wanted
  wanted=$(printf '%s\n' \
    "# Written by lbaas deploy/setup.sh (enable_rabbitmq_tls)." \
    "listeners.ssl.default = 5671" \
    "ssl_options.cacertfile = $dir/ca.pem" \
    "ssl_options.certfile = $dir/rabbitmq.pem" \
    "ssl_options.keyfile = $dir/rabbitmq.key" \
    "ssl_options.verify = verify_peer" \
    "ssl_options.fail_if_no_peer_cert = false")
  if [ "$(cat "$RABBITMQ_TLS_CONF" 2>/dev/null)" != "$wanted" ]; then
    install -d -m 0755 "$(dirname "$RABBITMQ_TLS_CONF")"
    printf '%s\n' "$wanted" >"$RABBITMQ_TLS_CONF"
    echo "    RabbitMQ TLS listener configured: restarting RabbitMQ"
    stop_rabbitmq
    local i
    for i in $(seq 60); do rabbitmq_running || break; sleep 1; done
    start_rabbitmq
  fi
  wait_for 30 "RabbitMQ TLS listener" sh -c "HOME=/var/lib/rabbitmq rabbitmq-diagnostics -q listeners | grep -q 5671"
  echo "    RabbitMQ TLS on port 5671 (CA: $dir/ca.pem)"
}
