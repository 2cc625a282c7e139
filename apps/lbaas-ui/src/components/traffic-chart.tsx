import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatRate, trafficPoints, type StatsSample } from '../logic/traffic';

/**
 * Connections per second and open connections (left axis), bytes per second in and out (right axis),
 * from the stats API's cumulative counters; the latest figures are also written out under the chart.
 */
export function TrafficChart({ samples, label }: { samples: StatsSample[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const points = trafficPoints(samples);
  const latest = points[points.length - 1];

  useEffect(() => {
    if (!container.current) return;
    const options: uPlot.Options = {
      width: Math.max(320, container.current.clientWidth),
      height: 220,
      series: [
        {},
        { label: 'connections/s', stroke: '#1d70b8', width: 2 },
        { label: 'open connections', stroke: '#7a5195', width: 2, dash: [6, 4] },
        { label: 'bytes in/s', stroke: '#2a9d8f', width: 1, scale: 'bytes' },
        { label: 'bytes out/s', stroke: '#e76f51', width: 1, scale: 'bytes' },
      ],
      axes: [
        {},
        { label: 'connections' },
        { side: 1, scale: 'bytes', label: 'bytes/s', grid: { show: false } },
      ],
      scales: { x: { time: true } },
    };
    chart.current = new uPlot(options, [[], [], [], [], []], container.current);
    const resize = () =>
      chart.current?.setSize({ width: Math.max(320, container.current!.clientWidth), height: 220 });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.current?.destroy();
    };
  }, []);

  useEffect(() => {
    chart.current?.setData([
      points.map((p) => p.at / 1000),
      points.map((p) => p.connectionsPerSecond),
      points.map((p) => p.activeConnections),
      points.map((p) => p.bytesInPerSecond),
      points.map((p) => p.bytesOutPerSecond),
    ]);
  }, [points]);

  return (
    <figure class="traffic">
      <figcaption>Traffic of {label}</figcaption>
      <div ref={container} />
      <p class="traffic-now" data-testid="traffic-now">
        {latest ? (
          <>
            <span data-figure="connections-per-second">{latest.connectionsPerSecond.toFixed(1)}</span>{' '}
            connections/s · <span data-figure="active-connections">{latest.activeConnections}</span> open · in{' '}
            {formatRate(latest.bytesInPerSecond)} · out {formatRate(latest.bytesOutPerSecond)} ·{' '}
            <span data-figure="total-connections">{samples[samples.length - 1].total_connections}</span>{' '}
            connections in all
          </>
        ) : (
          'Collecting readings…'
        )}
      </p>
    </figure>
  );
}
