#!/usr/bin/env bash
# Lints the deployment files with the tools that need a shell: systemd's own binaries, yamllint and
# ShellCheck. No Docker engine, Kubernetes cluster or systemd PID 1 is needed (none is here).
#
#   bash deploy/lint-deploy.sh        (npm run lint:deploy)
#
#  1. systemd units      systemd-analyze verify, in a scratch root with a stub /usr/bin/node (so the
#                        result does not depend on where this machine keeps node), and against this
#                        machine too when /usr/bin/node exists; any warning fails. sysusers entry:
#                        systemd-sysusers in a scratch root.
#  2. Kubernetes YAML    yamllint --strict (deploy/yamllint.yaml).
#  3. this script        shellcheck.
#
# Everything that Node can check is typed TypeScript in deploy/lint/, run by jest with the unit tests
# (npm run test:unit; type-checked and linted by npm run typecheck and npm run lint):
#   kubernetes-manifests.ts  per document the JSON schema of its kind (kubernetes-models) and its
#                            TypeScript type (kubernetes-types, with the TypeScript compiler API: unknown
#                            and misspelt fields); references (volumes, ConfigMaps, Secret keys, Service
#                            selectors and ports, namespaces, the kustomization).
#   dockerfiles.ts           dockerfile-utils and dockerfilelint; each <Dockerfile>.dockerignore exists
#                            and lets through what the build copies.
#   systemd-units.ts         --config-file /etc/lbaas/..., KillMode=process of the agent, User= in sysusers.
# The sample INI files and ConfigMaps are checked by the sample-config specs of both apps (unit tests too),
# and Prettier formats deploy/ under npm run lint.
#
# Tools: Debian packages systemd, yamllint and shellcheck (apt-get install -y yamllint shellcheck).
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "$0")" && pwd)

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

failures=0
section() { echo "==> $*"; }
ok() { echo "    ok: $*"; }
fail() {
  echo "    FAIL: $*" >&2
  failures=$((failures + 1))
}

missing=()
for command in systemd-analyze systemd-sysusers yamllint shellcheck; do
  command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: missing tools: ${missing[*]} (Debian: apt-get install -y yamllint shellcheck systemd)" >&2
  exit 2
fi

section "systemd units"
units=("$DEPLOY_DIR"/systemd/*.service)
root=$SCRATCH/root
mkdir -p "$root/etc/systemd/system" "$root/usr/bin" "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
printf '#!/bin/sh\nexit 0\n' >"$root/usr/bin/node"
chmod 755 "$root/usr/bin/node"
cp "${units[@]}" "$root/etc/systemd/system/"
names=()
for unit in "${units[@]}"; do names+=("$(basename "$unit")"); done
if output=$(systemd-analyze verify --man=no --root="$root" "${names[@]}" 2>&1) && [ -z "$output" ]; then
  ok "systemd-analyze verify (scratch root, stub /usr/bin/node): ${names[*]}"
else
  fail "systemd-analyze verify (scratch root): $output"
fi
if [ -x /usr/bin/node ]; then
  # Other packages' units on this machine may warn too (e.g. Debian's keystone.service): only lines
  # about our units count here; the scratch-root check above sees nothing else.
  status=0
  output=$(systemd-analyze verify --man=no "${units[@]}" 2>&1) || status=$?
  ours=$(grep -i 'lbaas' <<<"$output" || true)
  if [ "$status" -eq 0 ] && [ -z "$ours" ]; then
    ok "systemd-analyze verify (this machine, /usr/bin/node $(/usr/bin/node --version)): ${names[*]}"
    others=$(grep -vi 'lbaas' <<<"$output" || true)
    [ -z "$others" ] || echo "    note: other units of this machine warn: $others"
  else
    fail "systemd-analyze verify (this machine): $output"
  fi
else
  echo "    skipped: verify against this machine (no /usr/bin/node here; packaging installs it there)"
fi
mkdir -p "$SCRATCH/sysusers/etc"
if output=$(systemd-sysusers --root="$SCRATCH/sysusers" "$DEPLOY_DIR/systemd/lbaas.sysusers.conf" 2>&1) &&
  grep -q '^lbaas:' "$SCRATCH/sysusers/etc/passwd"; then
  ok "systemd-sysusers creates user lbaas from lbaas.sysusers.conf"
else
  fail "systemd-sysusers: $output"
fi

section "Kubernetes manifests"
if output=$(yamllint --strict -c "$DEPLOY_DIR/yamllint.yaml" "$DEPLOY_DIR/k8s" "$DEPLOY_DIR/yamllint.yaml" 2>&1); then
  ok "yamllint --strict deploy/k8s"
else
  fail "yamllint: $output"
fi

section "this script"
if output=$(shellcheck "$DEPLOY_DIR/lint-deploy.sh" 2>&1); then
  ok "shellcheck deploy/lint-deploy.sh"
else
  fail "shellcheck: $output"
fi

if [ "$failures" -gt 0 ]; then
  echo "==> $failures check(s) failed" >&2
  exit 1
fi
echo "==> all deployment files pass the shell checks (the others: deploy/lint/, with the unit tests)"
