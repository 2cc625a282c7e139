// Lint of the Kubernetes manifests in deploy/k8s/, run by kubernetes-manifests.spec.ts with the unit tests.
// No cluster is needed (none is here): each document is checked against the JSON schema of its kind
// (kubernetes-models), then type-checked against the TypeScript type of its kind (kubernetes-types), which
// catches unknown and misspelt fields that the schemas let through; then the references between the
// documents and the kustomization are checked. Every check returns its problems ("<where>: <what>").
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { ConfigMap, Container, Namespace, PodSpec, Secret, Service } from 'kubernetes-types/core/v1';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** One document of a manifest file, as parsed: nothing about its shape is known before the checks. */
export interface Manifest {
  file: string;
  /** Position of the document in its file (files may hold several, separated by ---). */
  index: number;
  /** "<file> <kind>/<name>", for the messages. */
  where: string;
  object: Record<string, unknown>;
}

export interface ManifestFile {
  name: string;
  text: string;
}

export interface ParsedManifests {
  manifests: Manifest[];
  /** The kustomization.yaml document (kustomize's own kind, not a Kubernetes object). */
  kustomization?: Manifest;
  problems: string[];
}

export function readManifestFiles(dir: string): ManifestFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

export function parseManifests(files: ManifestFile[]): ParsedManifests {
  const parsed: ParsedManifests = { manifests: [], problems: [] };
  for (const file of files) {
    parseAllDocuments(file.text).forEach((document, index) => {
      for (const issue of [...document.errors, ...document.warnings]) {
        parsed.problems.push(`${file.name}#${index}: ${issue.message}`);
      }
      const object: unknown = document.toJS();
      if (object === null || object === undefined) return;
      if (typeof object !== 'object' || Array.isArray(object)) {
        parsed.problems.push(`${file.name}#${index}: not a mapping`);
        return;
      }
      const record = object as Record<string, unknown>;
      const manifest = { file: file.name, index, where: `${file.name} ${describe(record)}`, object: record };
      if (record.kind === 'Kustomization') parsed.kustomization = manifest;
      else parsed.manifests.push(manifest);
    });
  }
  return parsed;
}

function describe(object: Record<string, unknown>): string {
  const metadata = object.metadata as { name?: unknown } | undefined;
  return `${String(object.kind)}/${typeof metadata?.name === 'string' ? metadata.name : '?'}`;
}

// 1. JSON schema of each kind. kubernetes-models has a module per API group and version; each kind in it
// is a class whose validate() checks the object against the schema from Kubernetes' OpenAPI document.
const modelModules: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'batch/v1': batch,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
  'rbac.authorization.k8s.io/v1': rbac,
};

type ModelClass = new (data: unknown) => { validate(): void };

function isModelClass(value: unknown, kind: string): value is ModelClass {
  // The modules also export the parts of the kinds (DeploymentSpec, ...); only kinds have a static kind.
  return typeof value === 'function' && (value as { kind?: unknown }).kind === kind;
}

export function checkSchemas(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const { where, object } of manifests) {
    const Model = modelModules[String(object.apiVersion)]?.[String(object.kind)];
    if (!isModelClass(Model, String(object.kind))) {
      problems.push(`${where}: unknown apiVersion/kind ${String(object.apiVersion)} ${String(object.kind)}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: schema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

// 2. TypeScript types of each kind: each document becomes `const manifest: <Kind> = <the document>;` in an
// in-memory source file, compiled here with the TypeScript compiler API. Excess property checks on the
// object literal report every field the type does not have, at any depth.

/** kubernetes-types module of an apiVersion: "v1" is core/v1; "networking.k8s.io/v1" is networking/v1. */
export function typesModule(apiVersion: string): string {
  if (!apiVersion.includes('/')) return `kubernetes-types/core/${apiVersion}`;
  const [group, version] = apiVersion.split('/');
  return `kubernetes-types/${group.replace(/\.k8s\.io$/, '').split('.')[0]}/${version}`;
}

export function checkTypes(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  // Virtual files beside this one, so that module resolution finds the repository's node_modules.
  const sources = new Map<string, Manifest>();
  const texts = new Map<string, string>();
  manifests.forEach((manifest, n) => {
    const { apiVersion, kind } = manifest.object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Z]\w*$/.test(kind)) {
      problems.push(`${manifest.where}: apiVersion and kind must be strings, kind a type name`);
      return;
    }
    const fileName = path.join(__dirname, '__manifests__', `manifest${n}.ts`);
    sources.set(fileName, manifest);
    texts.set(
      fileName,
      `import type { ${kind} } from '${typesModule(apiVersion)}';\n` +
        `export const manifest: ${kind} = ${JSON.stringify(manifest.object, null, 2)};\n`,
    );
  });
  if (sources.size === 0) return problems;

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    // Only the generated files are of interest; es5 is the smallest library that defines Array & co.
    skipLibCheck: true,
    lib: ['lib.es5.d.ts'],
    types: [],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  };
  const disk = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...disk,
    getSourceFile: (fileName, languageVersion, ...rest) => {
      const text = texts.get(fileName);
      return text === undefined
        ? disk.getSourceFile(fileName, languageVersion, ...rest)
        : ts.createSourceFile(fileName, text, languageVersion, true);
    },
    fileExists: (fileName) => texts.has(fileName) || disk.fileExists(fileName),
    readFile: (fileName) => texts.get(fileName) ?? disk.readFile(fileName),
  };

  const program = ts.createProgram([...texts.keys()], options, host);
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push(`types: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  }
  for (const [fileName, manifest] of sources) {
    const file = program.getSourceFile(fileName);
    if (!file) throw new Error(`TypeScript did not load ${fileName}`);
    for (const diagnostic of [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]) {
      const at = diagnostic.start === undefined ? '' : `${fieldPathAt(file, diagnostic.start)}: `;
      problems.push(
        `${manifest.where}: ${at}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
      );
    }
  }
  return problems;
}

/** The field of the document at a position of its generated source, e.g. spec.template.spec.containers[0]. */
function fieldPathAt(file: ts.SourceFile, position: number): string {
  let node: ts.Node = file;
  for (;;) {
    const inner = ts.forEachChild(node, (child) =>
      child.getStart(file) <= position && position < child.getEnd() ? child : undefined,
    );
    if (!inner) break;
    node = inner;
  }
  let fieldPath = '';
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    if (ts.isPropertyAssignment(current)) {
      const name = ts.isStringLiteral(current.name) ? current.name.text : current.name.getText(file);
      fieldPath = `.${name}${fieldPath}`;
    } else if (ts.isArrayLiteralExpression(current.parent)) {
      fieldPath = `[${current.parent.elements.indexOf(current as ts.Expression)}]${fieldPath}`;
    }
  }
  return fieldPath.replace(/^\./, '') || '(document)';
}

// 3. References between the documents. The documents are only as the YAML says (the checks above report
// what is missing or mistyped), so everything below reads them defensively instead of trusting the types.
interface Kinds {
  Namespace: Namespace;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Service: Service;
  Deployment: Deployment;
  DaemonSet: DaemonSet;
  StatefulSet: StatefulSet;
}

interface Typed<T> {
  where: string;
  object: T;
}

// The top-level fields of these types are all optional: any parsed mapping passes for one as it is.
function ofKind<K extends keyof Kinds>(manifests: Manifest[], kind: K): Array<Typed<Kinds[K]>> {
  return manifests
    .filter((manifest) => manifest.object.kind === kind)
    .map(({ where, object }) => ({ where, object }));
}

function workloadsOf(manifests: Manifest[]): Array<Typed<Deployment | DaemonSet | StatefulSet>> {
  return [
    ...ofKind(manifests, 'Deployment'),
    ...ofKind(manifests, 'DaemonSet'),
    ...ofKind(manifests, 'StatefulSet'),
  ];
}

export function checkReferences(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const problem = (where: string, text: string) => problems.push(`${where}: ${text}`);
  const byName = <T extends { metadata?: { name?: string } }>(items: Array<Typed<T>>) =>
    new Map(items.map((item) => [item.object.metadata?.name, item.object]));
  const namespaces = byName(ofKind(manifests, 'Namespace'));
  const configMaps = byName(ofKind(manifests, 'ConfigMap'));
  const secrets = byName(ofKind(manifests, 'Secret'));
  const workloads = workloadsOf(manifests);

  for (const { where, object } of manifests) {
    if (object.kind === 'Namespace') continue;
    const namespace = (object.metadata as { namespace?: string } | undefined)?.namespace;
    if (!namespaces.has(namespace)) {
      problem(where, `namespace ${namespace} is not defined in these manifests`);
    }
  }

  for (const { where, object } of workloads) {
    const labels = object.spec?.template?.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(object.spec?.selector?.matchLabels ?? {})) {
      if (labels[key] !== value) problem(where, `selector ${key}=${value} does not match the pod labels`);
    }
    problems.push(...checkPod(where, object.spec?.template?.spec, configMaps, secrets));
  }

  for (const { where, object } of ofKind(manifests, 'Service')) {
    const selector = Object.entries(object.spec?.selector ?? {});
    // A Service without a selector has its endpoints set by hand; these manifests have none such.
    if (selector.length === 0) {
      problem(where, 'no selector');
      continue;
    }
    const targets = workloads.filter((workload) =>
      selector.every(([key, value]) => workload.object.spec?.template?.metadata?.labels?.[key] === value),
    );
    if (targets.length === 0) {
      problem(where, 'selector matches no workload');
      continue;
    }
    for (const target of targets) {
      const containerPorts = (target.object.spec?.template?.spec?.containers ?? []).flatMap(
        (c) => c.ports ?? [],
      );
      for (const port of object.spec?.ports ?? []) {
        const targetPort = port.targetPort ?? port.port;
        const found =
          typeof targetPort === 'string'
            ? containerPorts.some((p) => p.name === targetPort)
            : containerPorts.some((p) => p.containerPort === targetPort);
        if (!found) {
          problem(
            where,
            `port ${port.name ?? port.port}: targetPort ${targetPort} is not a port of ${target.where}`,
          );
        }
      }
    }
  }
  return problems;
}

function checkPod(
  where: string,
  pod: PodSpec | undefined,
  configMaps: Map<string | undefined, ConfigMap>,
  secrets: Map<string | undefined, Secret>,
): string[] {
  const problems: string[] = [];
  const problem = (at: string, text: string) => problems.push(`${at}: ${text}`);
  const volumes = new Map((pod?.volumes ?? []).map((volume) => [volume.name, volume]));
  for (const volume of volumes.values()) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) {
      problem(where, `volume ${volume.name}: ConfigMap ${volume.configMap.name} not defined`);
    }
    if (volume.secret && !secrets.has(volume.secret.secretName)) {
      problem(where, `volume ${volume.name}: Secret ${volume.secret.secretName} not defined`);
    }
  }
  const containers: Container[] = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
  for (const container of containers) {
    const at = `${where} container ${container.name}`;
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) problem(at, `volumeMount ${mount.name} has no volume`);
      if (mount.mountPropagation === 'Bidirectional' && container.securityContext?.privileged !== true) {
        problem(
          at,
          `volumeMount ${mount.name}: Bidirectional mount propagation needs a privileged container`,
        );
      }
    }
    for (const variable of container.env ?? []) {
      const secretRef = variable.valueFrom?.secretKeyRef;
      const configMapRef = variable.valueFrom?.configMapKeyRef;
      if (secretRef) {
        const secret = secrets.get(secretRef.name);
        const keys = Object.keys({ ...secret?.data, ...secret?.stringData });
        if (!secret) problem(at, `env ${variable.name}: Secret ${secretRef.name} not defined`);
        else if (!keys.includes(secretRef.key))
          problem(at, `env ${variable.name}: Secret ${secretRef.name} has no key ${secretRef.key}`);
      }
      if (configMapRef) {
        const configMap = configMaps.get(configMapRef.name);
        const keys = Object.keys({ ...configMap?.data, ...configMap?.binaryData });
        if (!configMap) problem(at, `env ${variable.name}: ConfigMap ${configMapRef.name} not defined`);
        else if (!keys.includes(configMapRef.key)) {
          problem(at, `env ${variable.name}: ConfigMap ${configMapRef.name} has no key ${configMapRef.key}`);
        }
      }
    }
    const portNames = (container.ports ?? []).map((port) => port.name);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
      if (typeof port === 'string' && !portNames.includes(port)) {
        problem(at, `${probe} port ${port} is not a named port of the container`);
      }
    }
  }
  return problems;
}

// 4. The kustomization: `kubectl apply -k` applies exactly its resources, and its images entries rename
// images by name (an entry naming no image used here would silently change nothing).
export function checkKustomization(kustomization: Manifest | undefined, manifests: Manifest[]): string[] {
  if (!kustomization) return ['kustomization.yaml: missing'];
  const { resources, images } = kustomization.object as { resources?: unknown; images?: unknown };
  const problems: string[] = [];
  const listed = Array.isArray(resources) ? resources.map(String).sort() : [];
  const present = [...new Set(manifests.map((manifest) => manifest.file))].sort();
  if (listed.join() !== present.join()) {
    problems.push(
      `${kustomization.file}: resources [${listed.join(', ')}] differ from the manifests [${present.join(', ')}]`,
    );
  }
  const usedImages = new Set(
    workloadsOf(manifests).flatMap(({ object }) => {
      const spec = object.spec?.template?.spec;
      return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) =>
        imageName(c.image ?? ''),
      );
    }),
  );
  for (const image of Array.isArray(images) ? (images as Array<{ name?: unknown }>) : []) {
    if (!usedImages.has(String(image.name))) {
      problems.push(
        `${kustomization.file}: images entry ${String(image.name)} names no image of the manifests`,
      );
    }
  }
  return problems;
}

/** An image reference without its tag or digest ("registry:5000/a/b:1.0" is "registry:5000/a/b"). */
function imageName(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

/** Every check above, on the manifest files (readManifestFiles). */
export function lintKubernetesManifests(files: ManifestFile[]): string[] {
  const { manifests, kustomization, problems } = parseManifests(files);
  return [
    ...problems,
    ...checkSchemas(manifests),
    ...checkTypes(manifests),
    ...checkReferences(manifests),
    ...checkKustomization(kustomization, manifests),
  ];
}
