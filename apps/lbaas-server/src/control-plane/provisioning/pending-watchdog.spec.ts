import { type PendingTrack, refreshTracks, watchdogActions } from './pending-watchdog';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, seconds));

describe('watchdogActions', () => {
  it('leaves young changes alone', () => {
    const tracks = new Map<string, PendingTrack>([['a', { since: at(0) }]]);
    expect(watchdogActions(tracks, at(9), 10)).toEqual({ resend: [], fail: [] });
  });

  it('re-sends a change pending for the timeout, then fails it one timeout after the re-send', () => {
    const tracks = new Map<string, PendingTrack>([
      ['a', { since: at(0) }],
      ['b', { since: at(0), resentAt: at(10) }],
      ['c', { since: at(0), resentAt: at(15) }],
    ]);
    expect(watchdogActions(tracks, at(20), 10)).toEqual({ resend: ['a'], fail: ['b'] });
  });
});

describe('refreshTracks', () => {
  it('starts new tracks now, keeps running ones and forgets settled ones', () => {
    const tracks = new Map<string, PendingTrack>([
      ['kept', { since: at(0), resentAt: at(5) }],
      ['settled', { since: at(0) }],
    ]);
    refreshTracks(tracks, ['kept', 'new'], at(7));
    expect(tracks).toEqual(
      new Map([
        ['kept', { since: at(0), resentAt: at(5) }],
        ['new', { since: at(7) }],
      ]),
    );
  });
});
