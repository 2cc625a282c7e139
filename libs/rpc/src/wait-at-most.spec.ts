import { waitAtMost } from './wait-at-most';

describe('waitAtMost', () => {
  it('returns when the work settles, before the limit', async () => {
    const started = Date.now();
    await waitAtMost(new Promise((resolve) => setTimeout(resolve, 10)), 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('returns at the limit when the work never settles', async () => {
    jest.useFakeTimers();
    let done = false;
    const waiting = waitAtMost(new Promise(() => undefined), 2_000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    jest.useRealTimers();
  });

  it('swallows a rejection', async () => {
    await expect(waitAtMost(Promise.reject(new Error('x')), 1_000)).resolves.toBeUndefined();
  });
});
