import { frontendStats, parseShowStat, ShowStatFormatError, StatRowType } from './show-stat';

// Shaped like haproxy 2.6's answer (columns trimmed after check_status; haproxy may add more at the end).
const HEADER =
  '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,';
const row = (values: Record<string, string | number>): string => {
  const columns = HEADER.slice(2).split(',');
  return columns.map((name) => (name in values ? String(values[name]) : '')).join(',');
};
const LISTENER_A = '1f0c7c3a-0000-4000-8000-00000000000a';
const LISTENER_B = '1f0c7c3a-0000-4000-8000-00000000000b';
const POOL = '2e9d1b4c-0000-4000-8000-000000000001';
const MEMBER_1 = '3a7e5f6d-0000-4000-8000-000000000001';
const MEMBER_2 = '3a7e5f6d-0000-4000-8000-000000000002';

const SAMPLE = [
  HEADER,
  row({
    pxname: LISTENER_A,
    svname: 'FRONTEND',
    scur: 3,
    stot: 120,
    bin: 5000,
    bout: 90000,
    ereq: 2,
    status: 'OPEN',
    type: 0,
  }),
  row({
    pxname: LISTENER_B,
    svname: 'FRONTEND',
    scur: 1,
    stot: 7,
    bin: 100,
    bout: 200,
    ereq: 0,
    status: 'OPEN',
    type: 0,
  }),
  row({ pxname: POOL, svname: MEMBER_1, scur: 2, stot: 60, status: 'UP', type: 2, check_status: 'L7OK' }),
  row({
    pxname: POOL,
    svname: MEMBER_2,
    scur: 0,
    stot: 60,
    status: 'DOWN 1/3',
    type: 2,
    check_status: 'L4CON',
  }),
  row({ pxname: POOL, svname: 'BACKEND', scur: 2, stot: 120, status: 'UP', type: 1 }),
  '',
].join('\n');

describe('parseShowStat', () => {
  const rows = parseShowStat(SAMPLE);

  it('reads one row per frontend, server and backend, by column name', () => {
    expect(rows.map((r) => [r.pxname, r.svname, r.type, r.status])).toEqual([
      [LISTENER_A, 'FRONTEND', StatRowType.Frontend, 'OPEN'],
      [LISTENER_B, 'FRONTEND', StatRowType.Frontend, 'OPEN'],
      [POOL, MEMBER_1, StatRowType.Server, 'UP'],
      [POOL, MEMBER_2, StatRowType.Server, 'DOWN 1/3'],
      [POOL, 'BACKEND', StatRowType.Backend, 'UP'],
    ]);
    expect(rows[3]).toMatchObject({ checkStatus: 'L4CON', scur: 0, stot: 60 });
  });

  it('does not depend on the column order', () => {
    const reordered = ['# type,status,svname,pxname,stot', `2,UP,${MEMBER_1},${POOL},9`].join('\n');
    expect(parseShowStat(reordered)).toEqual([
      expect.objectContaining({
        pxname: POOL,
        svname: MEMBER_1,
        type: StatRowType.Server,
        status: 'UP',
        stot: 9,
        bin: 0,
      }),
    ]);
  });

  it.each([
    ['empty output', ''],
    ['no header', `${LISTENER_A},FRONTEND,0`],
    ['a header without the status column', '# pxname,svname,type'],
  ])('refuses %s', (_what, csv) => {
    expect(() => parseShowStat(csv)).toThrow(ShowStatFormatError);
  });
});

describe('frontendStats', () => {
  const rows = parseShowStat(SAMPLE);

  it('sums every frontend for the load balancer', () => {
    expect(frontendStats(rows)).toEqual({
      bytes_in: 5100,
      bytes_out: 90200,
      active_connections: 4,
      total_connections: 127,
      request_errors: 2,
    });
  });

  it('counts only the named listeners, and never backend or server rows', () => {
    expect(frontendStats(rows, [LISTENER_B])).toEqual({
      bytes_in: 100,
      bytes_out: 200,
      active_connections: 1,
      total_connections: 7,
      request_errors: 0,
    });
    expect(frontendStats(rows, ['unknown'])).toEqual({
      bytes_in: 0,
      bytes_out: 0,
      active_connections: 0,
      total_connections: 0,
      request_errors: 0,
    });
  });
});
