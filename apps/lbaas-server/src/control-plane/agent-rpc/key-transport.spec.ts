import { listener, loadBalancer, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { carriesPrivateKeys, keyTransportRefusal, withoutPrivateKeys } from './key-transport';

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
