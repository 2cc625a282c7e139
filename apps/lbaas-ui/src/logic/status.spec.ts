import { isPending, statusTone, worstTone } from './status';

describe('statusTone', () => {
  it.each([
    ['ACTIVE', 'ok'],
    ['ONLINE', 'ok'],
    ['DEGRADED', 'warning'],
    ['DRAINING', 'warning'],
    ['ERROR', 'error'],
    ['OFFLINE', 'error'],
    ['PENDING_CREATE', 'pending'],
    ['PENDING_UPDATE', 'pending'],
    ['NO_MONITOR', 'neutral'],
    ['SOMETHING_NEW', 'neutral'],
    [undefined, 'neutral'],
  ])('%s is %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone);
  });
});

describe('worstTone', () => {
  it('shows the status that needs a look first', () => {
    expect(worstTone('ACTIVE', 'ONLINE')).toBe('ok');
    expect(worstTone('ACTIVE', 'DEGRADED')).toBe('warning');
    expect(worstTone('PENDING_UPDATE', 'OFFLINE')).toBe('error');
    expect(worstTone('PENDING_UPDATE', 'ONLINE')).toBe('pending');
  });
});

describe('isPending', () => {
  it('is true only for PENDING_* statuses', () => {
    expect(isPending('PENDING_DELETE')).toBe(true);
    expect(isPending('ACTIVE')).toBe(false);
    expect(isPending(undefined)).toBe(false);
  });
});
