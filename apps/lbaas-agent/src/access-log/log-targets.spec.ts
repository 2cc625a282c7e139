import { parseLogTargets } from './log-targets';

describe('parseLogTargets', () => {
  it('reads IPv4 and bracketed IPv6 pairs', () => {
    expect(parseLogTargets('tenant_log_targets', '127.0.0.1:514, [::1]:1514')).toEqual([
      { address: '127.0.0.1', port: 514, family: 4 },
      { address: '::1', port: 1514, family: 6 },
    ]);
    expect(parseLogTargets('tenant_log_targets', '')).toEqual([]);
  });

  it.each([
    ['logs.example.org:514'],
    ['127.0.0.1'],
    ['127.0.0.1:0'],
    ['::1:514'],
    ['[127.0.0.1]:514'],
    ['1.2.3.4:70000'],
  ])('refuses %s, naming the option', (text) => {
    expect(() => parseLogTargets('admin_log_targets', text)).toThrow(
      /^admin_log_targets: .* is not an ip:port pair$/,
    );
  });
});
