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

# TLS for the local PostgreSQL: a CA of this machine signs a certificate for 127.0.0.1 and localhost;
# clients verify it with ?sslmode=verify-full&sslrootcert=$LBAAS_TLS_DIR/ca.pem (plain connections still
# work). A system path: PostgreSQL reads these files at every start.
LBAAS_TLS_DIR=${LBAAS_TLS_DIR:-/etc/lbaas/tls}

enable_postgresql_tls() {
  local dir=$LBAAS_TLS_DIR
  install -d -m 0755 "$dir"
  if ! openssl verify -CAfile "$dir/ca.pem" "$dir/postgresql.pem" >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=lbaas local CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$dir/postgresql.key" -out "$dir/postgresql.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/postgresql.ext"
    openssl x509 -req -in "$dir/postgresql.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
      -days 3650 -extfile "$dir/postgresql.ext" -out "$dir/postgresql.pem" 2>/dev/null
    rm -f "$dir/postgresql.csr" "$dir/postgresql.ext"
    chmod 0600 "$dir/ca.key"
    echo "    made a local CA and a PostgreSQL certificate in $dir"
  fi
  chmod 0644 "$dir/ca.pem" "$dir/postgresql.pem"
  chown postgres:postgres "$dir/postgresql.key"
  chmod 0600 "$dir/postgresql.key"
  psql_admin -c "alter system set ssl_cert_file = '$dir/postgresql.pem'"
  psql_admin -c "alter system set ssl_key_file = '$dir/postgresql.key'"
  psql_admin -c "alter system set ssl = on"
  psql_admin -c "select pg_reload_conf()" >/dev/null
  wait_for 30 "PostgreSQL TLS" su postgres -c "psql -Atqc 'show ssl' | grep -qx on"
  echo "    PostgreSQL TLS on (CA: $dir/ca.pem)"
}
