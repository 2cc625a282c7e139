#!/usr/bin/env bash
# One-command set-up of everything lbaas needs on this machine (Debian 12, root, no systemd).
# Idempotent: every step first checks whether its work is already done.
#   bash deploy/setup.sh            install packages, start services, create DB + br-int, npm install, build, migrate
#   LBAAS_SKIP_NPM=1 bash deploy/setup.sh   services only (used by the test runner)
set -euo pipefail

REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=deploy/lib/services.sh
source "$REPO_DIR/deploy/lib/services.sh"

DB_NAME=${LBAAS_DB_NAME:-lbaas}
DB_USER=${LBAAS_DB_USER:-lbaas}
DB_PASSWORD=${LBAAS_DB_PASSWORD:-lbaas}
INTEGRATION_BRIDGE=${LBAAS_INTEGRATION_BRIDGE:-br-int}

PACKAGES=(postgresql rabbitmq-server openvswitch-switch haproxy iproute2 iputils-ping arping curl socat procps psmisc jq openssl nftables conntrack yamllint shellcheck
  # The OpenStack clients the client-compatibility suite drives (the `openstack` CLI and openstacksdk).
  python3-openstackclient python3-octaviaclient python3-openstacksdk
  # A real Keystone for the Keystone suite (started by the test on loopback, sqlite backend).
  keystone
  # VRRP between the two instances of an ACTIVE_STANDBY load balancer.
  keepalived
  # The HTTP load generator of the benchmarks (npm run bench).
  wrk
  # The browser of the dashboard's browser tests (driven headless by playwright-core), and a font for it.
  chromium fonts-dejavu-core
  # Horizon with Octavia's panels, which the Horizon suite drives against this server (not served by
  # Apache: the test runs it on loopback).
  openstack-dashboard python3-octavia-dashboard
  # A real Neutron (ML2/OVS) for the network_driver = neutron suite, started by the test on loopback with
  # its own configuration (PostgreSQL through psycopg2; the OVS agent calls sudo for one ovs-vsctl).
  neutron-server neutron-openvswitch-agent python3-psycopg2 sudo)

TOTAL_STEPS=8
step=0
progress() { step=$((step + 1)); echo "==> [$step/$TOTAL_STEPS] $*"; }

progress "Debian packages"
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "    all ${#PACKAGES[@]} packages already installed"
else
  echo "    installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Horizon's package asks which host names it answers; the tests reach it on loopback only.
  echo 'openstack-dashboard horizon/allowed-hosts string 127.0.0.1,localhost' | debconf-set-selections
  # No service starts at install: neutron-openvswitch-agent with Debian's configuration would take br-int
  # over. A policy-rc.d of the machine's own (containers have one) is left as it is.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  installed=0
  apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}" && installed=1
  if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$installed" = 1 ] || { echo "    the Debian packages could not be installed" >&2; exit 1; }
fi

progress "PostgreSQL"
start_postgresql
enable_postgresql_tls

progress "RabbitMQ"
start_rabbitmq
enable_rabbitmq_tls

progress "Open vSwitch and $INTEGRATION_BRIDGE"
start_openvswitch
ovs-vsctl --timeout=10 --may-exist add-br "$INTEGRATION_BRIDGE" -- set bridge "$INTEGRATION_BRIDGE" datapath_type=netdev
echo "    $INTEGRATION_BRIDGE present (datapath_type=$(ovs-vsctl --timeout=10 get bridge "$INTEGRATION_BRIDGE" datapath_type))"

progress "database '$DB_NAME' and role '$DB_USER'"
ensure_database_role "$DB_USER" "$DB_PASSWORD"
ensure_database "$DB_NAME" "$DB_USER"

if [ "${LBAAS_SKIP_NPM:-0}" = 1 ]; then
  echo "==> LBAAS_SKIP_NPM=1: skipping npm install, build and migrations"
  exit 0
fi

cd "$REPO_DIR"
progress "npm packages (from package-lock.json)"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] && [ -z "${LBAAS_FORCE_NPM_CI:-}" ]; then
  echo "    node_modules is up to date with package-lock.json"
else
  # `npm install`, not `npm ci`: the registry reachable here serves only this platform's optional
  # binaries (e.g. @swc/core-linux-x64-gnu), so the lock file cannot list the others and `npm ci`
  # refuses it. With a lock file present, `npm install` still installs exactly the locked versions.
  npm install --no-audit --no-fund
fi

progress "build (dist/)"
npm run --silent build

progress "database migrations"
LBAAS_DATABASE_CONNECTION="postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:5432/$DB_NAME" \
  node dist/apps/lbaas-server/main.js migrate

echo "==> setup complete: 'npm start' runs the system, 'npm test' runs the tests"
