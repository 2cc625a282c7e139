import { Injectable } from '@nestjs/common';
import type { VipGraph } from '@lbaas/contracts';
import { AgentConfig } from '../../config/agent.config';
import { CommandRunner } from '../../system/command-runner';
import { tapName } from '../naming';
import { InterfaceDriver } from './interface-driver';

/**
 * An internal port on br-int, as neutron's OVSInterfaceDriver plugs one: named by its iface-id and MAC,
 * tagged with the network's local VLAN by us (network_driver = builtin) or by Neutron's OVS agent, which
 * finds the port by its iface-id (neutron: no segmentation id in the graph).
 */
@Injectable()
export class OvsInterfaceDriver extends InterfaceDriver {
  readonly name = 'ovs';

  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AgentConfig,
  ) {
    super();
  }

  deviceName(portId: string): string {
    return tapName(portId);
  }

  async plug(vip: VipGraph, namespace: string): Promise<string> {
    const device = this.deviceName(vip.port_id);
    await this.commands.run([
      'ovs-vsctl',
      '--timeout=10',
      '--may-exist',
      'add-port',
      this.config.ovsIntegrationBridge,
      device,
      ...(vip.segmentation_id === null ? [] : [`tag=${vip.segmentation_id}`]),
      '--',
      'set',
      'Interface',
      device,
      'type=internal',
      `external-ids:iface-id=${vip.port_id}`,
      'external-ids:iface-status=active',
      `external-ids:attached-mac=${vip.mac_address}`,
      // Whose port it is: another agent on the same machine may later plug a port of the same name.
      `external-ids:lbaas-agent=${this.config.host}`,
    ]);
    // The port shows up in the root namespace first; once moved it stays in ours across re-plugs.
    const inNamespace = await this.commands.succeeds(['ip', '-n', namespace, 'link', 'show', device]);
    if (!inNamespace) await this.commands.run(['ip', 'link', 'set', device, 'netns', namespace]);
    return device;
  }

  async unplug(portId: string): Promise<void> {
    if (!(await this.ownPort(tapName(portId)))) return;
    await this.commands.run([
      'ovs-vsctl',
      '--timeout=10',
      '--if-exists',
      'del-port',
      this.config.ovsIntegrationBridge,
      tapName(portId),
    ]);
  }

  /** The port is this agent's (or carries no owner, as ports plugged before owners were recorded). */
  private async ownPort(device: string): Promise<boolean> {
    try {
      const { stdout } = await this.commands.run([
        'ovs-vsctl',
        '--timeout=10',
        '--if-exists',
        'get',
        'Interface',
        device,
        'external-ids:lbaas-agent',
      ]);
      const owner = stdout.trim().replace(/^"|"$/g, '');
      return owner === '' || owner === this.config.host;
    } catch {
      return true; // no such interface: deleting it with --if-exists is harmless
    }
  }
}
