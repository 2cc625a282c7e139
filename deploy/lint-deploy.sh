#!/usr/bin/env bash
# Lints the deployment files: systemd units and sysusers entry, sample INI files, Kubernetes manifests
# and Dockerfiles. No Docker engine, Kubernetes cluster or systemd PID 1 is needed (none is here): the
# images are not built and nothing is applied; the files are checked instead.
#
#   bash deploy/lint-deploy.sh              everything below
#   LBAAS_LINT_NO_INSTALL=1 bash deploy/lint-deploy.sh   never install the npm tools (fail if missing)
#
#  1. systemd units      systemd-analyze verify, in a scratch root with a stub /usr/bin/node (so the
#                        result does not depend on where this machine keeps node), and against this
#                        machine too when /usr/bin/node exists; any warning fails. sysusers entry:
#                        systemd-sysusers in a scratch root.
#  2. sample INI files   the two sample-config specs (jest, unit project): each sample and ConfigMap
#                        loads with the real loader and lists every option.
#  3. Kubernetes YAML    yamllint (deploy/yamllint.yaml); then, per document: the JSON schema of its
#                        kind (kubernetes-models, offline), the TypeScript types of its kind
#                        (kubernetes-types, compiled with the repository's tsc: catches unknown and
#                        misspelt fields, which the schemas allow), and cross-references (volumes,
#                        ConfigMaps, Secret keys, Service selectors and ports, the kustomization).
#  4. Dockerfiles        dockerfile-utils lint and dockerfilelint; each has its <Dockerfile>.dockerignore.
#  5. this script        shellcheck; Prettier for deploy/ (as `npm run lint` does).
#
# Tools: Debian packages systemd, yamllint and shellcheck (apt-get install -y yamllint shellcheck).
# npm packages: taken from the repository's node_modules when they are devDependencies there;
# otherwise installed once, at the pinned versions below, with npm into $LBAAS_LINT_TOOLS_DIR
# (default ~/.cache/lbaas-lint-deploy). Nothing is downloaded from anywhere but the npm registry.
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(dirname "$DEPLOY_DIR")
TOOLS_DIR=${LBAAS_LINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lbaas-lint-deploy}
# kubernetes-models 4.x: 5.x needs Node 22. kubernetes-types: types of Kubernetes 1.30.
NPM_TOOLS=(kubernetes-models@4.5.1 kubernetes-types@1.30.0 yaml@2.9.1 dockerfile-utils@0.16.3 dockerfilelint@1.8.0)

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

failures=0
section() { echo "==> $*"; }
ok() { echo "    ok: $*"; }
fail() {
  echo "    FAIL: $*" >&2
  failures=$((failures + 1))
}

need_commands() {
  local missing=()
  for command in "$@"; do command -v "$command" >/dev/null 2>&1 || missing+=("$command"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "error: missing tools: ${missing[*]} (Debian: apt-get install -y yamllint shellcheck systemd)" >&2
    exit 2
  fi
}

# The npm tools: from the repository when it has them, else from $TOOLS_DIR (installed there once).
npm_tools() {
  local absent=() spec name
  for spec in "${NPM_TOOLS[@]}"; do
    name=${spec%@*}
    if ! (cd "$REPO_DIR" && node -e 'require.resolve(process.argv[1] + "/package.json")' "$name") 2>/dev/null &&
      [ ! -f "$TOOLS_DIR/node_modules/$name/package.json" ]; then
      absent+=("$spec")
    fi
  done
  if [ ${#absent[@]} -gt 0 ]; then
    if [ "${LBAAS_LINT_NO_INSTALL:-0}" = 1 ]; then
      echo "error: missing npm packages: ${absent[*]} (LBAAS_LINT_NO_INSTALL=1)" >&2
      exit 2
    fi
    echo "    installing ${absent[*]} into $TOOLS_DIR"
    mkdir -p "$TOOLS_DIR"
    [ -f "$TOOLS_DIR/package.json" ] || echo '{"name":"lbaas-lint-deploy-tools","private":true}' >"$TOOLS_DIR/package.json"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "${absent[@]}" >/dev/null
  fi
  export NODE_PATH="$REPO_DIR/node_modules:$TOOLS_DIR/node_modules"
}

npm_bin() { # npm_bin <name>: path of an npm package's executable
  local candidate
  for candidate in "$REPO_DIR/node_modules/.bin/$1" "$TOOLS_DIR/node_modules/.bin/$1"; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
  echo "error: no executable $1 in $REPO_DIR/node_modules/.bin or $TOOLS_DIR/node_modules/.bin" >&2
  exit 2
}

need_commands node npm systemd-analyze systemd-sysusers yamllint shellcheck
for tool in tsc jest prettier; do
  if [ ! -x "$REPO_DIR/node_modules/.bin/$tool" ]; then
    echo "error: run npm install first ($tool comes from the repository's node_modules)" >&2
    exit 2
  fi
done

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
  output=$(systemd-analyze verify --man=no "${units[@]}" 2>&1)
  status=$?
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
for unit in "${units[@]}"; do
  grep -q -- "--config-file /etc/lbaas/" "$unit" || fail "$(basename "$unit") passes no --config-file /etc/lbaas/..."
done
grep -q '^KillMode=process$' "$DEPLOY_DIR/systemd/lbaas-agent.service" ||
  fail "lbaas-agent.service must keep KillMode=process (haproxy must outlive agent restarts)"

section "sample INI files and ConfigMaps (real loader)"
if output=$(cd "$REPO_DIR" && "$REPO_DIR/node_modules/.bin/jest" \
  apps/lbaas-server/src/config/sample-config.spec.ts apps/lbaas-agent/src/config/sample-config.spec.ts \
  --selectProjects unit 2>&1); then
  ok "$(echo "$output" | grep -E '^Tests:' || echo 'jest passed')"
else
  fail "sample-config specs: $output"
fi

section "Kubernetes manifests"
if output=$(yamllint --strict -c "$DEPLOY_DIR/yamllint.yaml" "$DEPLOY_DIR/k8s" "$DEPLOY_DIR/yamllint.yaml" 2>&1); then
  ok "yamllint --strict deploy/k8s"
else
  fail "yamllint: $output"
fi
npm_tools
mkdir -p "$SCRATCH/k8s-types"
# The validator is kept here rather than in a .js file: every .js/.ts file in the repository is linted
# by `npm run lint` with type information, and deploy/ is not part of the TypeScript project.
if output=$(K8S_DIR="$DEPLOY_DIR/k8s" TYPES_DIR="$SCRATCH/k8s-types" TSC="$REPO_DIR/node_modules/.bin/tsc" \
  node - 2>&1 <<'VALIDATOR'
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const YAML = require('yaml');

const dir = process.env.K8S_DIR;
const typesDir = process.env.TYPES_DIR;
const problems = [];
const problem = (where, text) => problems.push(`${where}: ${text}`);

const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const docs = [];
let kustomization;
for (const file of files) {
  const parsed = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
  parsed.forEach((document, index) => {
    for (const error of document.errors) problem(`${file}#${index}`, error.message);
    const object = document.toJS();
    if (object === null || object === undefined) return;
    const where = `${file} ${object.kind}/${object.metadata?.name ?? '?'}`;
    if (object.kind === 'Kustomization') kustomization = { file, object };
    else docs.push({ file, index, where, object });
  });
}

// 1. JSON schema of each kind (kubernetes-models, generated from the Kubernetes OpenAPI document).
const groupPath = (apiVersion) => (apiVersion.includes('/') ? apiVersion : `v1`);
for (const { where, object } of docs) {
  let Model;
  try {
    Model = require(`kubernetes-models/${groupPath(object.apiVersion)}/${object.kind}`)[object.kind];
  } catch {
    problem(where, `unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problem(where, `schema: ${error.message}`);
  }
}

// 2. TypeScript types of each kind: excess property checks catch unknown and misspelt fields.
const typesRoot = path.dirname(require.resolve('kubernetes-types/package.json'));
const typesModule = (apiVersion) => {
  if (!apiVersion.includes('/')) return `kubernetes-types/core/${apiVersion}`;
  const [group, version] = apiVersion.split('/');
  return `kubernetes-types/${group.replace(/\.k8s\.io$/, '').split('.')[0]}/${version}`;
};
const generated = new Map();
docs.forEach(({ file, index, where, object }, n) => {
  const name = `doc${n}_${file.replace(/\W/g, '_')}_${index}.ts`;
  generated.set(name, where);
  fs.writeFileSync(
    path.join(typesDir, name),
    `import type { ${object.kind} } from '${typesModule(object.apiVersion)}';\n` +
      `export const manifest: ${object.kind} = ${JSON.stringify(object, null, 2)};\n`,
  );
});
fs.writeFileSync(
  path.join(typesDir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      module: 'commonjs',
      moduleResolution: 'node',
      types: [],
      baseUrl: '.',
      paths: { 'kubernetes-types/*': [`${typesRoot}/*`] },
    },
    include: ['*.ts'],
  }),
);
try {
  execFileSync(process.env.TSC, ['-p', '.', '--pretty', 'false'], { cwd: typesDir, encoding: 'utf8', stdio: 'pipe' });
} catch (error) {
  // "<file>(line,col): error TSnnnn: message", continuation lines indented.
  for (const line of String(error.stdout).split('\n').filter((l) => /^\S/.test(l))) {
    const name = line.split('(')[0];
    problem(generated.has(name) ? `${generated.get(name)} [${name}]` : 'types', line.slice(name.length));
  }
  if (!String(error.stdout).trim()) problem('types', `tsc failed: ${error.message}`);
}

// 3. Cross-references between the manifests.
const named = (kind) => new Map(docs.filter((d) => d.object.kind === kind).map((d) => [d.object.metadata.name, d.object]));
const configMaps = named('ConfigMap');
const secrets = named('Secret');
const namespaces = named('Namespace');
const secretKeys = (secret) => Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) });
const workloads = docs.filter((d) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(d.object.kind));
for (const { where, object } of docs) {
  if (object.kind !== 'Namespace' && !namespaces.has(object.metadata.namespace)) {
    problem(where, `namespace ${object.metadata.namespace} is not defined in these manifests`);
  }
}
for (const { where, object } of workloads) {
  const template = object.spec.template;
  for (const [key, value] of Object.entries(object.spec.selector.matchLabels ?? {})) {
    if (template.metadata?.labels?.[key] !== value) problem(where, `selector ${key}=${value} does not match the pod labels`);
  }
  const pod = template.spec;
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  for (const volume of volumes.values()) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) problem(where, `ConfigMap ${volume.configMap.name} not defined`);
    if (volume.secret && !secrets.has(volume.secret.secretName)) problem(where, `Secret ${volume.secret.secretName} not defined`);
  }
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const at = `${where} container ${container.name}`;
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) problem(at, `volumeMount ${mount.name} has no volume`);
      if (mount.mountPropagation === 'Bidirectional' && !container.securityContext?.privileged) {
        problem(at, `Bidirectional mount propagation needs a privileged container`);
      }
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
      if (!ref) continue;
      const source = variable.valueFrom.secretKeyRef ? secrets.get(ref.name) : configMaps.get(ref.name);
      const keys = source ? (variable.valueFrom.secretKeyRef ? secretKeys(source) : Object.keys(source.data ?? {})) : [];
      if (!source) problem(at, `env ${variable.name}: ${ref.name} not defined`);
      else if (!keys.includes(ref.key)) problem(at, `env ${variable.name}: ${ref.name} has no key ${ref.key}`);
    }
    const portNames = (container.ports ?? []).map((p) => p.name);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
      if (typeof port === 'string' && !portNames.includes(port)) problem(at, `${probe} port ${port} is not a named port`);
    }
  }
}
for (const { where, object } of docs.filter((d) => d.object.kind === 'Service')) {
  const selector = object.spec.selector ?? {};
  const target = workloads.find((w) =>
    Object.entries(selector).every(([key, value]) => w.object.spec.template.metadata?.labels?.[key] === value),
  );
  if (!target) {
    problem(where, 'selector matches no workload');
    continue;
  }
  const containerPorts = target.object.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
  for (const port of object.spec.ports) {
    const ok = typeof port.targetPort === 'string'
      ? containerPorts.some((p) => p.name === port.targetPort)
      : containerPorts.some((p) => p.containerPort === (port.targetPort ?? port.port));
    if (!ok) problem(where, `port ${port.name ?? port.port}: targetPort ${port.targetPort} is not a port of ${target.where}`);
  }
}
if (!kustomization) {
  problem('kustomization.yaml', 'missing');
} else {
  const listed = [...(kustomization.object.resources ?? [])].sort();
  const present = [...new Set(docs.map((d) => d.file))].sort();
  if (JSON.stringify(listed) !== JSON.stringify(present)) {
    problem(kustomization.file, `resources ${listed.join(', ')} differ from the manifests ${present.join(', ')}`);
  }
}

if (problems.length > 0) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`${docs.length} documents in ${files.length} files: schemas, field names and references valid`);
VALIDATOR
); then
  ok "$output"
else
  fail "Kubernetes manifests:
$output"
fi

section "Dockerfiles"
dockerfile_utils=$(npm_bin dockerfile-utils)
dockerfilelint=$(npm_bin dockerfilelint)
for dockerfile in "$DEPLOY_DIR"/docker/Dockerfile.*; do
  case $dockerfile in *.dockerignore) continue ;; esac
  name=$(basename "$dockerfile")
  if output=$("$dockerfile_utils" lint "$dockerfile" 2>&1) && [ -z "$output" ]; then
    ok "dockerfile-utils lint $name"
  else
    fail "dockerfile-utils lint $name: $output"
  fi
  if output=$("$dockerfilelint" "$dockerfile" 2>&1); then
    ok "dockerfilelint $name"
  else
    fail "dockerfilelint $name: $output"
  fi
  if [ ! -f "$dockerfile.dockerignore" ]; then
    fail "$name has no $name.dockerignore beside it"
    continue
  fi
  # What the build stage copies from the context must exist and not be excluded by the ignore file
  # (an allowlist: "**" then "!<path>" lines).
  before=$failures
  while read -r source; do
    [ -e "$REPO_DIR/$source" ] || fail "$name copies $source, which is not in the repository"
    grep -qx "!$source/\?" "$dockerfile.dockerignore" ||
      fail "$name copies $source, which $name.dockerignore does not let into the build context"
  done < <(grep -E '^COPY ' "$dockerfile" | grep -v -- '--from=' | awk '{ for (i = 2; i < NF; i++) print $i }')
  [ "$failures" -eq "$before" ] && ok "$name copies only context files that its .dockerignore lets through"
done

section "this script and formatting"
if output=$(shellcheck "$DEPLOY_DIR/lint-deploy.sh" 2>&1); then
  ok "shellcheck deploy/lint-deploy.sh"
else
  fail "shellcheck: $output"
fi
if output=$(cd "$REPO_DIR" && node_modules/.bin/prettier --check deploy \
  apps/lbaas-server/src/config/sample-config.spec.ts apps/lbaas-agent/src/config/sample-config.spec.ts 2>&1); then
  ok "prettier --check deploy/ and the sample-config specs"
else
  fail "prettier: $output"
fi

if [ "$failures" -gt 0 ]; then
  echo "==> $failures check(s) failed" >&2
  exit 1
fi
echo "==> all deployment files pass"
