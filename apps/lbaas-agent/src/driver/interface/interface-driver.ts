import type { VipGraph } from '@lbaas/contracts';

/** How a VIP port reaches the tenant network: a device inside the load balancer's namespace. */
export abstract class InterfaceDriver {
  abstract readonly name: 'ovs' | 'linuxbridge';

  /** Creates (idempotently) the port and moves its namespace end into `namespace`; returns that device's name. */
  abstract plug(vip: VipGraph, namespace: string): Promise<string>;

  /** The name of the port's device inside the namespace (what `plug` returns). */
  abstract deviceName(portId: string): string;

  /** Removes the port (absent is fine). */
  abstract unplug(portId: string, namespace: string): Promise<void>;
}
