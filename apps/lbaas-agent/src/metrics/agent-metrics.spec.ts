import { frontendStats } from '@lbaas/haproxy';
import { forgetLoadBalancer, loadBalancerTraffic } from './agent-metrics';

describe('forgetLoadBalancer', () => {
  const series = async () => (await loadBalancerTraffic.get()).values.map((v) => v.labels.loadbalancer_id);

  it("removes every traffic series of that load balancer and keeps the others'", async () => {
    for (const id of ['lb-a', 'lb-b']) {
      for (const [counter, value] of Object.entries(frontendStats([])))
        loadBalancerTraffic.set({ loadbalancer_id: id, counter }, value + 1);
    }
    forgetLoadBalancer('lb-a');
    const left = await series();
    expect(left).not.toContain('lb-a');
    expect(left.filter((id) => id === 'lb-b')).toHaveLength(5);
  });
});
