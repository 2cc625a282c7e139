/**
 * Parsing of haproxy's `show stat` answer (CSV, first line `# pxname,svname,...`). Pure: the agent
 * reads the stats socket and hands the text here.
 */

/** haproxy's `type` column. */
export enum StatRowType {
  Frontend = 0,
  Backend = 1,
  Server = 2,
  Listener = 3,
}

export interface StatRow {
  /** Proxy name: the listener id (frontend) or pool id (backend) in our configs. */
  pxname: string;
  /** FRONTEND, BACKEND, or the server name: the member id in our configs. */
  svname: string;
  type: StatRowType;
  /** e.g. OPEN, UP, DOWN, "UP 1/3", "no check", MAINT, DRAIN. */
  status: string;
  /** Current sessions. */
  scur: number;
  /** Total sessions. */
  stot: number;
  bin: number;
  bout: number;
  /** Request errors. */
  ereq: number;
  /** Last health check result (e.g. L4OK, L7STS, L4CON), empty without checks. */
  checkStatus: string;
}

function numberAt(fields: string[], index: number | undefined): number {
  if (index === undefined) return 0;
  const value = Number(fields[index]);
  return Number.isFinite(value) ? value : 0;
}

export class ShowStatFormatError extends Error {}

export function parseShowStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0 || !lines[0].startsWith('# ')) {
    throw new ShowStatFormatError('show stat output must start with a "# pxname,svname,..." header');
  }
  const columns = new Map(
    lines[0]
      .slice(2)
      .split(',')
      .map((name, index) => [name, index] as const),
  );
  for (const required of ['pxname', 'svname', 'type', 'status']) {
    if (!columns.has(required))
      throw new ShowStatFormatError(`show stat header lacks the ${required} column`);
  }
  const at = (fields: string[], name: string): string => fields[columns.get(name) ?? -1] ?? '';
  return lines.slice(1).map((line) => {
    const fields = line.split(',');
    return {
      pxname: at(fields, 'pxname'),
      svname: at(fields, 'svname'),
      type: numberAt(fields, columns.get('type')),
      status: at(fields, 'status'),
      scur: numberAt(fields, columns.get('scur')),
      stot: numberAt(fields, columns.get('stot')),
      bin: numberAt(fields, columns.get('bin')),
      bout: numberAt(fields, columns.get('bout')),
      ereq: numberAt(fields, columns.get('ereq')),
      checkStatus: at(fields, 'check_status'),
    };
  });
}

/** The statistics the API shows for a listener or a load balancer. */
export interface TrafficStats {
  bytes_in: number;
  bytes_out: number;
  active_connections: number;
  total_connections: number;
  request_errors: number;
}

/** No traffic yet: the start of a sum. */
export function noTraffic(): TrafficStats {
  return { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };
}

/** The sum of several listeners' traffic (a load balancer's). */
export function sumTraffic(parts: TrafficStats[]): TrafficStats {
  const totals = noTraffic();
  for (const part of parts)
    for (const key of Object.keys(totals) as (keyof TrafficStats)[]) totals[key] += part[key];
  return totals;
}

/** Traffic of the given frontends (all of them when `listenerIds` is omitted), as neutron sums it. */
export function frontendStats(rows: StatRow[], listenerIds?: string[]): TrafficStats {
  const wanted = listenerIds ? new Set(listenerIds) : undefined;
  const totals = noTraffic();
  for (const row of rows) {
    if (row.type !== StatRowType.Frontend || (wanted && !wanted.has(row.pxname))) continue;
    totals.bytes_in += row.bin;
    totals.bytes_out += row.bout;
    totals.active_connections += row.scur;
    totals.total_connections += row.stot;
    totals.request_errors += row.ereq;
  }
  return totals;
}
