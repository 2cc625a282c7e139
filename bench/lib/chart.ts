export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 56, right: 16, top: 36, bottom: 44 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A cumulative distribution chart (x: value, y: share of runs at or below it) as a standalone SVG: one
 * step line per series, with axes, ticks and a legend. Reads better than a table when the tail matters.
 */
export function cdfChartSvg(title: string, unit: string, series: Series[]): string {
  const all = series.flatMap((s) => s.values);
  if (all.length === 0) throw new Error('nothing to draw');
  const xMax = niceCeiling(Math.max(...all));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number) => MARGIN.left + (value / xMax) * plotW;
  const y = (share: number) => MARGIN.top + (1 - share) * plotH;

  const lines = series.map((s, index) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    let path = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
    sorted.forEach((value, i) => {
      path += ` H${x(value).toFixed(1)} V${y((i + 1) / sorted.length).toFixed(1)}`;
    });
    const colour = COLOURS[index % COLOURS.length];
    // Bottom right: the steps of a CDF climb towards the top right, so that corner stays clear.
    const legendY = y(0) - 12 - (series.length - 1 - index) * 18;
    return [
      `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      `<rect x="${WIDTH - 210}" y="${legendY - 10}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${WIDTH - 192}" y="${legendY}" font-size="12">${escapeXml(`${s.name} (n=${s.values.length})`)}</text>`,
    ].join('');
  });

  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = f * xMax;
    return `<line x1="${x(value)}" y1="${y(0)}" x2="${x(value)}" y2="${y(0) + 5}" stroke="#333"/><text x="${x(value)}" y="${y(0) + 18}" font-size="11" text-anchor="middle">${+value.toFixed(2)}</text>`;
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 0.9, 1].map(
    (share) =>
      `<line x1="${MARGIN.left - 5}" y1="${y(share)}" x2="${WIDTH - MARGIN.right}" y2="${y(share)}" stroke="#ddd"/><text x="${MARGIN.left - 8}" y="${y(share) + 4}" font-size="11" text-anchor="end">${Math.round(share * 100)}%</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" font-size="14" text-anchor="middle">${escapeXml(title)}</text>`,
    ...yTicks,
    ...xTicks,
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${WIDTH - MARGIN.right}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${y(0)}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" font-size="12" text-anchor="middle">${escapeXml(unit)}</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}

/** 0.93 → 1, 4.2 → 5, 13 → 15, 230 → 250: a round axis end just above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * magnitude >= value)!;
  return step * magnitude;
}
