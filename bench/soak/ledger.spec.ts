import { failuresOutside, haproxyServerWeights, Ledger, type ObservedLoadBalancer } from './ledger';

const LB = 'aaaaaaaa-0000-4000-8000-000000000001';
const POOL = 'cccccccc-0000-4000-8000-000000000001';
const M1 = 'dddddddd-0000-4000-8000-000000000001';
const M2 = 'dddddddd-0000-4000-8000-000000000002';

function observed(members: [string, number][], haproxy = members, status = 'ACTIVE'): ObservedLoadBalancer {
  return { provisioningStatus: status, members: new Map(members), haproxyMembers: new Map(haproxy) };
}

describe('the soak ledger', () => {
  it('finds every accepted write in the end state, or names what is missing', () => {
    const ledger = new Ledger();
    ledger.createdLoadBalancer(LB, POOL, [{ id: M1, weight: 1 }]);
    ledger.addedMember(LB, M2, 1);
    ledger.changedWeight(LB, M1, 5);
    expect(
      ledger.verdict(
        new Map([
          [
            LB,
            observed([
              [M1, 5],
              [M2, 1],
            ]),
          ],
        ]),
      ),
    ).toEqual({
      accepted: 3,
      uncertain: 0,
      lost: [],
      reportedFailed: 0,
    });
    expect(
      ledger.verdict(
        new Map([
          [
            LB,
            observed(
              [
                [M1, 1],
                [M2, 1],
              ],
              [[M1, 5]],
            ),
          ],
        ]),
      ).lost,
    ).toEqual([
      `member ${M1} of ${LB}: weight 5 accepted, 1 in the database`,
      `member ${M2} of ${LB}: weight 1 accepted, absent in the haproxy`,
    ]);
    expect(ledger.verdict(new Map()).lost).toEqual([`load balancer ${LB} is gone`]);
  });

  it('counts deletes, and a load balancer in ERROR as reported failed, not lost', () => {
    const ledger = new Ledger();
    ledger.createdLoadBalancer(LB, POOL, [
      { id: M1, weight: 1 },
      { id: M2, weight: 1 },
    ]);
    ledger.deletedMember(LB, M2);
    expect(
      ledger.verdict(
        new Map([
          [
            LB,
            observed([
              [M1, 1],
              [M2, 1],
            ]),
          ],
        ]),
      ).lost,
    ).toHaveLength(2);
    expect(ledger.verdict(new Map([[LB, observed([], [], 'ERROR')]]))).toMatchObject({
      lost: [],
      reportedFailed: 1,
    });
    ledger.deletedLoadBalancer(LB);
    expect(ledger.verdict(new Map()).lost).toEqual([]);
    expect(ledger.verdict(new Map([[LB, observed([])]])).lost).toEqual([
      `load balancer ${LB} was deleted but is ACTIVE`,
    ]);
  });

  it('does not judge a load balancer a write to which went unanswered', () => {
    const ledger = new Ledger();
    ledger.createdLoadBalancer(LB, POOL, [{ id: M1, weight: 1 }]);
    ledger.unanswered(LB);
    expect(ledger.verdict(new Map())).toMatchObject({ uncertain: 1, lost: [] });
  });

  it("reads the members' weights from a haproxy config", () => {
    const config = `backend ${POOL}\n    server ${M1} 198.51.100.11:80 weight 3 check\n    server ${M2} [2001:db8::1]:80 weight 1\n`;
    expect(haproxyServerWeights(config)).toEqual(
      new Map([
        [M1, 3],
        [M2, 1],
      ]),
    );
  });

  it('keeps the failures outside every outage window', () => {
    expect(
      failuresOutside(
        [5, 15, 25, 40],
        [
          { start: 10, end: 20 },
          { start: 38, end: 45 },
        ],
      ),
    ).toEqual([5, 25]);
  });
});
