import * as path from 'node:path';
import {
  checkKustomization,
  checkReferences,
  checkSchemas,
  checkTypes,
  lintKubernetesManifests,
  type ManifestFile,
  parseManifests,
  readManifestFiles,
  typesModule,
} from './kubernetes-manifests';

const k8sDir = path.join(__dirname, '..', 'k8s');
const realFiles = readManifestFiles(k8sDir);

/** The repository's manifests with one edit; the edit must apply, or the test would prove nothing. */
function withEdit(file: string, from: string, to: string): ManifestFile[] {
  const target = realFiles.find((f) => f.name === file);
  if (!target) throw new Error(`no ${file} in ${k8sDir}`);
  if (!target.text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  return realFiles.map((f) => (f === target ? { name: f.name, text: f.text.replace(from, to) } : f));
}

function parsed(files: ManifestFile[]) {
  const result = parseManifests(files);
  expect(result.problems).toEqual([]);
  return result;
}

describe('Kubernetes manifests of the repository (deploy/k8s)', () => {
  const { manifests, kustomization, problems } = parseManifests(realFiles);

  it('parses every file, with the kinds the other checks look at', () => {
    expect(problems).toEqual([]);
    expect(kustomization?.file).toBe('kustomization.yaml');
    expect(manifests.map((m) => m.object.kind).sort()).toEqual([
      'ConfigMap',
      'ConfigMap',
      'DaemonSet',
      'Deployment',
      'Namespace',
      'Secret',
      'Service',
    ]);
  });

  it('match the JSON schema of their kind', () => {
    expect(checkSchemas(manifests)).toEqual([]);
  });

  it('type-check against kubernetes-types', () => {
    expect(checkTypes(manifests)).toEqual([]);
  });

  it('reference only what they define', () => {
    expect(checkReferences(manifests)).toEqual([]);
    expect(checkKustomization(kustomization, manifests)).toEqual([]);
  });

  it('pass every check together', () => {
    expect(lintKubernetesManifests(realFiles)).toEqual([]);
  });
});

describe('Kubernetes manifest checks catch', () => {
  it('YAML syntax errors', () => {
    const files = withEdit('namespace.yaml', 'kind: Namespace', 'kind: [Namespace');
    expect(parseManifests(files).problems).toEqual([expect.stringMatching(/^namespace\.yaml#0: /)]);
  });

  it('a value of the wrong type (schema)', () => {
    const { manifests } = parsed(withEdit('server-deployment.yaml', 'replicas: 2', 'replicas: two'));
    expect(checkSchemas(manifests)).toEqual([
      'server-deployment.yaml Deployment/lbaas-server: schema: data/spec/replicas must be integer',
    ]);
  });

  it('a kind that does not exist in its apiVersion', () => {
    const { manifests } = parsed(withEdit('secret.yaml', 'kind: Secret', 'kind: Secrets'));
    expect(checkSchemas(manifests)).toEqual([
      'secret.yaml Secrets/lbaas-secrets: unknown apiVersion/kind v1 Secrets',
    ]);
    expect(checkTypes(manifests)).toEqual([
      expect.stringMatching(/^secret\.yaml Secrets\/lbaas-secrets: .*has no exported member named 'Secrets'/),
    ]);
  });

  it('a misspelt field, which the schema lets through (types)', () => {
    const { manifests } = parsed(
      withEdit('agent-daemonset.yaml', 'mountPropagation: Bidirectional', 'mountPropogation: Bidirectional'),
    );
    expect(checkSchemas(manifests)).toEqual([]);
    expect(checkTypes(manifests)).toEqual([
      expect.stringMatching(
        /^agent-daemonset\.yaml DaemonSet\/lbaas-agent: spec\.template\.spec\.containers\[0\]\.volumeMounts\[2\]\.mountPropogation: .*mountPropogation.* does not exist in type 'VolumeMount'/,
      ),
    ]);
  });

  it('a value outside its type (types)', () => {
    const { manifests } = parsed(withEdit('server-service.yaml', 'port: 9876', "port: '9876'"));
    expect(checkTypes(manifests)).toEqual([
      expect.stringMatching(
        /^server-service\.yaml Service\/lbaas-server: spec\.ports\[0\]\.port: .*not assignable/,
      ),
    ]);
  });

  it('a dangling ConfigMap reference', () => {
    const { manifests } = parsed(
      withEdit('server-deployment.yaml', 'name: lbaas-server-config', 'name: lbaas-server-conf'),
    );
    expect(checkReferences(manifests)).toEqual([
      'server-deployment.yaml Deployment/lbaas-server: volume config: ConfigMap lbaas-server-conf not defined',
    ]);
  });

  it('a Secret key that the Secret does not have', () => {
    const { manifests } = parsed(withEdit('agent-daemonset.yaml', 'key: transport_url', 'key: transport'));
    expect(checkReferences(manifests)).toEqual([
      'agent-daemonset.yaml DaemonSet/lbaas-agent container lbaas-agent: env LBAAS_TRANSPORT_URL: Secret lbaas-secrets has no key transport',
    ]);
  });

  it('a volumeMount without its volume', () => {
    const { manifests } = parsed(
      withEdit(
        'agent-daemonset.yaml',
        '- name: state\n          hostPath',
        '- name: stat\n          hostPath',
      ),
    );
    expect(checkReferences(manifests)).toEqual([
      'agent-daemonset.yaml DaemonSet/lbaas-agent container lbaas-agent: volumeMount state has no volume',
    ]);
  });

  it('Bidirectional mount propagation in an unprivileged container', () => {
    const { manifests } = parsed(withEdit('agent-daemonset.yaml', 'privileged: true', 'privileged: false'));
    expect(checkReferences(manifests)).toEqual([
      'agent-daemonset.yaml DaemonSet/lbaas-agent container lbaas-agent: volumeMount netns: Bidirectional mount propagation needs a privileged container',
    ]);
  });

  it('a probe on a port name the container does not have', () => {
    const { manifests } = parsed(
      withEdit(
        'server-deployment.yaml',
        'tcpSocket:\n              port: api',
        'tcpSocket:\n              port: http',
      ),
    );
    expect(checkReferences(manifests)).toEqual([
      'server-deployment.yaml Deployment/lbaas-server container lbaas-server: startupProbe port http is not a named port of the container',
    ]);
  });

  it('a workload selector that does not match its pod labels', () => {
    const { manifests } = parsed(
      withEdit(
        'agent-daemonset.yaml',
        'matchLabels:\n      app.kubernetes.io/name: lbaas-agent',
        'matchLabels:\n      app.kubernetes.io/name: lbaas-agents',
      ),
    );
    expect(checkReferences(manifests)).toEqual([
      'agent-daemonset.yaml DaemonSet/lbaas-agent: selector app.kubernetes.io/name=lbaas-agents does not match the pod labels',
    ]);
  });

  it('a Service selector that matches no workload', () => {
    const { manifests } = parsed(
      withEdit(
        'server-service.yaml',
        'selector:\n    app.kubernetes.io/name: lbaas-server',
        'selector:\n    app.kubernetes.io/name: lbaas-api',
      ),
    );
    expect(checkReferences(manifests)).toEqual([
      'server-service.yaml Service/lbaas-server: selector matches no workload',
    ]);
  });

  it('a Service targetPort that the selected pods do not have', () => {
    const { manifests } = parsed(withEdit('server-service.yaml', 'targetPort: api', 'targetPort: 8080'));
    expect(checkReferences(manifests)).toEqual([
      'server-service.yaml Service/lbaas-server: port api: targetPort 8080 is not a port of server-deployment.yaml Deployment/lbaas-server',
    ]);
  });

  it('a namespace that the manifests do not define', () => {
    const { manifests } = parsed(withEdit('secret.yaml', 'namespace: lbaas', 'namespace: lbaas-system'));
    expect(checkReferences(manifests)).toEqual([
      'secret.yaml Secret/lbaas-secrets: namespace lbaas-system is not defined in these manifests',
    ]);
  });

  it('a ConfigMap key that an environment variable names but the ConfigMap does not have', () => {
    const { manifests } = parsed(
      withEdit(
        'agent-daemonset.yaml',
        'secretKeyRef:\n                  name: lbaas-secrets\n                  key: transport_url',
        'configMapKeyRef:\n                  name: lbaas-agent-config\n                  key: transport_url',
      ),
    );
    expect(checkReferences(manifests)).toEqual([
      'agent-daemonset.yaml DaemonSet/lbaas-agent container lbaas-agent: env LBAAS_TRANSPORT_URL: ConfigMap lbaas-agent-config has no key transport_url',
    ]);
  });

  it('a manifest that the kustomization does not list', () => {
    const { manifests, kustomization } = parsed(
      withEdit('kustomization.yaml', '  - server-service.yaml\n', ''),
    );
    expect(checkKustomization(kustomization, manifests)).toEqual([
      expect.stringMatching(
        /^kustomization\.yaml: resources \[.*\] differ from the manifests \[.*server-service\.yaml.*\]$/,
      ),
    ]);
  });

  it('a kustomization images entry that names no image', () => {
    const { manifests, kustomization } = parsed(
      withEdit('kustomization.yaml', '- name: lbaas-agent', '- name: lbaas-agnet'),
    );
    expect(checkKustomization(kustomization, manifests)).toEqual([
      'kustomization.yaml: images entry lbaas-agnet names no image of the manifests',
    ]);
  });

  it('a missing kustomization', () => {
    const { manifests, kustomization } = parsed(realFiles.filter((f) => f.name !== 'kustomization.yaml'));
    expect(checkKustomization(kustomization, manifests)).toEqual(['kustomization.yaml: missing']);
  });
});

describe('typesModule', () => {
  it('maps apiVersions to kubernetes-types modules', () => {
    expect(typesModule('v1')).toBe('kubernetes-types/core/v1');
    expect(typesModule('apps/v1')).toBe('kubernetes-types/apps/v1');
    expect(typesModule('networking.k8s.io/v1')).toBe('kubernetes-types/networking/v1');
    expect(typesModule('rbac.authorization.k8s.io/v1')).toBe('kubernetes-types/rbac/v1');
  });
});
