import { renderHaproxyConfig } from './render-config';
import { runtimeUpdates } from './runtime-updates';
import { fixtureId, loadBalancer, member, monitor, pool } from './testing/graph-fixtures';

const paths = { statsSocket: '/s.sock', certificatesDir: '/certs', pingHelper: '/ping' };
const POOL = fixtureId('pool', 1);
const MEMBER_1 = fixtureId('member', 1);
const MEMBER_2 = fixtureId('member', 2);

function render(members = [member(1), member(2)]): string {
  return renderHaproxyConfig(
    loadBalancer({ pools: [pool(1, { members, healthmonitor: monitor() })] }),
    paths,
  );
}

describe('runtimeUpdates', () => {
  it('has nothing to do for the same config', () => {
    expect(runtimeUpdates(render(), render())).toEqual([]);
  });

  it('sets a changed weight through the admin socket', () => {
    expect(runtimeUpdates(render(), render([member(1, { weight: 5 }), member(2)]))).toEqual([
      `set server ${POOL}/${MEMBER_1} weight 5`,
    ]);
  });

  it('puts an admin-down member in maintenance and brings it back', () => {
    const down = render([member(1), member(2, { admin_state_up: false })]);
    expect(runtimeUpdates(render(), down)).toEqual([`set server ${POOL}/${MEMBER_2} state maint`]);
    expect(runtimeUpdates(down, render())).toEqual([`set server ${POOL}/${MEMBER_2} state ready`]);
  });

  it('needs a reload for anything else', () => {
    expect(runtimeUpdates(render(), render([member(1)]))).toBeUndefined();
    expect(runtimeUpdates(render(), render([member(1, { protocol_port: 8080 }), member(2)]))).toBeUndefined();
    const otherMonitor = renderHaproxyConfig(
      loadBalancer({ pools: [pool(1, { healthmonitor: monitor({ delay: 3 }) })] }),
      paths,
    );
    expect(runtimeUpdates(render(), otherMonitor)).toBeUndefined();
  });
});
