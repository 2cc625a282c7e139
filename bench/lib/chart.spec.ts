import { cdfChartSvg, niceCeiling } from './chart';

describe('cdfChartSvg', () => {
  const svg = cdfChartSvg('Time to serving', 'seconds', [
    { name: 'graph <create>', values: [1, 2, 3, 4] },
    { name: 'separate', values: [5] },
  ]);

  it('is one standalone SVG document with a step line per series', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
  });

  it('labels the series with their sizes, escaped', () => {
    expect(svg).toContain('graph &lt;create&gt; (n=4)');
    expect(svg).toContain('separate (n=1)');
  });

  it('ends the x axis at a round value above the largest sample', () => {
    expect(svg).toContain('>5</text>');
  });

  it('refuses to draw nothing', () => {
    expect(() => cdfChartSvg('t', 's', [{ name: 'empty', values: [] }])).toThrow(/nothing/);
  });
});

describe('niceCeiling', () => {
  it.each([
    [0.93, 1],
    [4.2, 5],
    [13, 15],
    [230, 250],
    [0, 1],
  ])('%s → %s', (value, expected) => expect(niceCeiling(value)).toBeCloseTo(expected));
});
