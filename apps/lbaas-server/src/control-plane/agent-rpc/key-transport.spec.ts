import { listener, loadBalancer, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { ProvisioningStatus } from '@lbaas/contracts';
import { carriesPrivateKeys, keyDecision, keyTransportRefusal, withoutPrivateKeys } from './key-transport';

const transport = { serverTls: true, agentTls: true, agentHost: 'node-1', allowPlain: false };

describe('keyTransportRefusal', () => {
  it('lets keys travel when both links are TLS', () => {
    expect(keyTransportRefusal(transport)).toBeNull();
  });

  it("names the server's link when it is plain", () => {
    expect(keyTransportRefusal({ ...transport, serverTls: false })).toMatch(
      /the server's link to the message broker is not TLS/,
    );
  });

  it('names the agent when its link is plain, or when it is too old to say (undefined)', () => {
    for (const agentTls of [false, undefined]) {
      expect(keyTransportRefusal({ ...transport, agentTls })).toMatch(
        /the link of agent node-1 to the message broker is not TLS/,
      );
    }
  });

  it('lets keys travel over plain links when the operator allows it', () => {
    expect(
      keyTransportRefusal({ serverTls: false, agentTls: false, agentHost: 'n', allowPlain: true }),
    ).toBeNull();
  });
});

describe('withoutPrivateKeys', () => {
  const graph = loadBalancer({
    listeners: [
      listener(1, {
        protocol: 'TERMINATED_HTTPS',
        tls_certificate_pem: 'CERT AND KEY',
        sni_certificate_pems: ['SNI CERT AND KEY'],
        client_ca_pem: 'CLIENT CA',
      }),
    ],
    pools: [
      pool(1, { tls_enabled: true, tls_certificate_pem: 'CLIENT CERT AND KEY', ca_certificate_pem: 'CA' }),
    ],
  });

  it('drops every certificate bundle, keeps the public CAs and says why', () => {
    expect(carriesPrivateKeys(graph)).toBe(true);
    const stripped = withoutPrivateKeys(graph, 'why');
    expect(carriesPrivateKeys(stripped)).toBe(false);
    expect(JSON.stringify(stripped)).not.toMatch(/AND KEY/);
    expect(stripped.listeners[0].client_ca_pem).toBe('CLIENT CA');
    expect(stripped.pools[0].ca_certificate_pem).toBe('CA');
    expect(stripped.secrets_withheld).toBe('why');
  });

  it('finds no keys in a graph without TLS', () => {
    expect(carriesPrivateKeys(loadBalancer({ listeners: [listener(1)], pools: [pool(1)] }))).toBe(false);
  });
});

describe('keyDecision', () => {
  const tls = (change: Partial<Parameters<typeof pool>[1]> = {}) =>
    loadBalancer({
      listeners: [listener(1, { protocol: 'TERMINATED_HTTPS', tls_certificate_pem: 'CERT AND KEY' })],
      pools: [pool(1, { tls_enabled: true, tls_certificate_pem: 'CLIENT CERT AND KEY', ...change })],
    });
  const plain = { serverTls: true, agentTls: false, agentHost: 'node-1', allowPlain: false };

  it('sends the graph whole over TLS links', () => {
    expect(keyDecision(tls(), { ...plain, agentTls: true })).toEqual({ send: 'graph', graph: tls() });
  });

  it('strips the keys for an agent on a plain link, and refuses an agent too old to say', () => {
    const decision = keyDecision(tls(), plain);
    expect(decision.send === 'graph' && decision.graph.secrets_withheld).toMatch(/node-1/);
    expect(JSON.stringify(decision)).not.toMatch(/AND KEY/);
    expect(keyDecision(tls(), { ...plain, agentTls: undefined })).toEqual({
      send: 'refusal',
      reason: expect.stringMatching(/node-1/),
    });
  });

  it('never sends the keys of what is being deleted, and needs no TLS for them', () => {
    const deleting = { ...tls(), provisioning_status: ProvisioningStatus.PendingDelete };
    const decision = keyDecision(deleting, { ...plain, agentTls: undefined });
    expect(decision.send).toBe('graph');
    expect(JSON.stringify(decision)).not.toMatch(/AND KEY/);
    expect(decision.send === 'graph' && decision.graph.secrets_withheld).toBeFalsy();

    const poolGoing = loadBalancer({
      pools: [
        pool(1, {
          tls_enabled: true,
          tls_certificate_pem: 'KEY',
          provisioning_status: ProvisioningStatus.PendingDelete,
        }),
      ],
    });
    expect(keyDecision(poolGoing, plain)).toEqual({
      send: 'graph',
      graph: { ...poolGoing, pools: [{ ...poolGoing.pools[0], tls_certificate_pem: null }] },
    });
  });
});
