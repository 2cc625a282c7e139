import { fullSessionPersistence } from './session-persistence';

describe('fullSessionPersistence', () => {
  it("fills in Octavia's defaults on a UDP pool", () => {
    expect(fullSessionPersistence('UDP', { type: 'SOURCE_IP', cookie_name: null })).toEqual({
      type: 'SOURCE_IP',
      cookie_name: null,
      persistence_timeout: 360,
      persistence_granularity: '255.255.255.255',
    });
  });

  it('keeps the values stored on a UDP pool', () => {
    expect(
      fullSessionPersistence('UDP', {
        type: 'SOURCE_IP',
        cookie_name: null,
        persistence_timeout: 30,
        persistence_granularity: '255.255.255.0',
      }),
    ).toMatchObject({ persistence_timeout: 30, persistence_granularity: '255.255.255.0' });
  });

  it('shows neither on other pools, and nothing without persistence', () => {
    expect(fullSessionPersistence('HTTP', { type: 'APP_COOKIE', cookie_name: 'SID' })).toEqual({
      type: 'APP_COOKIE',
      cookie_name: 'SID',
      persistence_timeout: null,
      persistence_granularity: null,
    });
    expect(fullSessionPersistence('UDP', null)).toBeNull();
  });
});
