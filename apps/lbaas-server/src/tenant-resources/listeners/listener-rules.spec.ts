import {
  insertHeadersProblem,
  listenerTransport,
  normaliseInsertHeaders,
  protocolMismatchProblem,
  protocolsCompatible,
  tlsHttpProblem,
  udpListenerProblem,
} from './listener-rules';

describe('listener rules', () => {
  it.each([
    ['HTTP', 'HTTP', true],
    ['HTTP', 'TCP', false],
    ['HTTP', 'HTTPS', false],
    ['TCP', 'HTTP', true],
    ['HTTPS', 'HTTPS', true],
    ['HTTPS', 'HTTP', false],
    ['TERMINATED_HTTPS', 'HTTP', true],
    ['TERMINATED_HTTPS', 'HTTPS', false],
    ['UDP', 'UDP', true],
    ['UDP', 'TCP', false],
    ['TCP', 'UDP', false],
    ['HTTP', 'UDP', false],
  ] as const)('a %s listener with a %s pool is compatible: %s', (listener, pool, expected) => {
    expect(protocolsCompatible(listener, pool)).toBe(expected);
  });

  it('accepts X-Forwarded-* headers on HTTP listeners only', () => {
    expect(insertHeadersProblem('HTTP', { 'X-Forwarded-For': 'true' })).toBeUndefined();
    expect(insertHeadersProblem('TCP', {})).toBeUndefined();
    expect(insertHeadersProblem('TCP', { 'X-Forwarded-For': 'true' })).toMatch(
      /HTTP and TERMINATED_HTTPS listeners only/,
    );
    expect(insertHeadersProblem('HTTP', { 'X-Evil': 'true' })).toMatch(/X-Evil is not one of/);
    expect(insertHeadersProblem('HTTP', { 'X-Forwarded-Port': 'yes\nbackend x' })).toMatch(
      /must be "true" or "false"/,
    );
    expect(normaliseInsertHeaders({ 'X-Forwarded-For': true })).toEqual({ 'X-Forwarded-For': 'true' });
  });

  describe('ALPN and HSTS', () => {
    const none = { alpnProtocols: null, hstsMaxAge: null, hstsIncludeSubdomains: false, hstsPreload: false };
    it('takes them on TERMINATED_HTTPS listeners', () => {
      expect(
        tlsHttpProblem('TERMINATED_HTTPS', {
          alpnProtocols: ['h2', 'http/1.1'],
          hstsMaxAge: 0,
          hstsIncludeSubdomains: true,
          hstsPreload: true,
        }),
      ).toBeUndefined();
      expect(tlsHttpProblem('HTTP', none)).toBeUndefined();
    });

    it.each([
      ['HTTP', { alpnProtocols: ['h2'] }, /alpn_protocols: only TERMINATED_HTTPS/],
      ['TCP', { hstsMaxAge: 60 }, /hsts_max_age: HSTS applies to TERMINATED_HTTPS listeners only/],
      ['TERMINATED_HTTPS', { alpnProtocols: [] }, /give at least one protocol/],
      ['TERMINATED_HTTPS', { hstsPreload: true }, /need hsts_max_age/],
    ] as const)('refuses on a %s listener %j', (protocol, change, problem) => {
      expect(
        tlsHttpProblem(protocol, { ...none, ...change } as Parameters<typeof tlsHttpProblem>[1]),
      ).toMatch(problem);
    });
  });

  describe('UDP listeners', () => {
    it('name the UDP side of a protocol mismatch', () => {
      expect(protocolMismatchProblem('UDP', 'UDP')).toBeUndefined();
      expect(protocolMismatchProblem('UDP', 'TCP')).toBe(
        'Listener protocol UDP and pool protocol TCP are not compatible: a UDP listener takes UDP pools only.',
      );
      expect(protocolMismatchProblem('TCP', 'UDP')).toBe(
        'Listener protocol TCP and pool protocol UDP are not compatible: a UDP pool serves UDP listeners only.',
      );
      expect(protocolMismatchProblem('HTTP', 'TCP')).toBe(
        'Listener protocol HTTP and pool protocol TCP are not compatible.',
      );
    });

    it('take their ports apart from the TCP-borne listeners', () => {
      expect(listenerTransport('UDP')).toBe('UDP');
      for (const protocol of ['TCP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS'] as const)
        expect(listenerTransport(protocol)).toBe('TCP');
    });

    it('keep the flow timeouts and an unlimited connection_limit', () => {
      expect(
        udpListenerProblem('UDP', {
          connection_limit: -1,
          timeout_member_data: null,
          timeout_tcp_inspect: null,
          default_tls_container_ref: null,
        }),
      ).toBeUndefined();
      expect(udpListenerProblem('UDP', {})).toBeUndefined();
    });

    it.each([
      [{ connection_limit: 100 }, /^connection_limit: UDP listeners have no connection limit/],
      [{ connection_limit: 0 }, /^connection_limit: /],
      [{ timeout_member_data: 50000 }, /^timeout_member_data: UDP listeners have no member data phase/],
      [{ timeout_tcp_inspect: 0 }, /^timeout_tcp_inspect: UDP listeners inspect no TCP content/],
      [{ default_tls_container_ref: 'ref' }, /^default_tls_container_ref: UDP listeners carry no TLS/],
    ])('refuse %j', (body, problem) => {
      expect(udpListenerProblem('UDP', body)).toMatch(problem);
      expect(udpListenerProblem('TCP', body)).toBeUndefined();
    });

    it('take no insert_headers', () => {
      expect(insertHeadersProblem('UDP', { 'X-Forwarded-For': 'true' })).toBe(
        'insert_headers apply to HTTP and TERMINATED_HTTPS listeners only, not UDP',
      );
    });
  });
});
