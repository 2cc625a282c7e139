import { percentile, round, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_v, i) => i + 1);

  it('matches the textbook ranks', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('does not need sorted input and keeps it unchanged', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives the only value of a one-value sample, and refuses an empty one', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(/empty/);
  });
});

describe('summarize', () => {
  it('reports count, extremes, percentiles and mean', () => {
    expect(summarize([2, 4, 6, 8])).toEqual({ count: 4, min: 2, p50: 4, p90: 8, p99: 8, max: 8, mean: 5 });
  });
});

describe('round', () => {
  it('keeps the given decimals', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.25, 1)).toBe(1.3);
  });
});
