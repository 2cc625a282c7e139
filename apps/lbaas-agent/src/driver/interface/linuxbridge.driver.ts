import { Injectable } from '@nestjs/common';
import type { VipGraph } from '@lbaas/contracts';
import { AgentConfig } from '../../config/agent.config';
import { CommandRunner } from '../../system/command-runner';
import { linkAlias, ownerMark } from '../ownership';
import { bridgeName, namespaceDeviceName, tapName } from '../naming';
import { InterfaceDriver } from './interface-driver';

/** A veth pair: `tap…` on the network's Linux bridge `brq…`, `ns-…` in the namespace (neutron's BridgeInterfaceDriver). */
@Injectable()
export class LinuxBridgeInterfaceDriver extends InterfaceDriver {
  readonly name = 'linuxbridge';

  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AgentConfig,
  ) {
    super();
  }

  deviceName(portId: string): string {
    return namespaceDeviceName(portId);
  }

  async plug(vip: VipGraph, namespace: string): Promise<string> {
    const bridge = bridgeName(vip.network_id);
    const hostEnd = tapName(vip.port_id);
    const namespaceEnd = this.deviceName(vip.port_id);
    if (!(await this.commands.succeeds(['ip', 'link', 'show', bridge]))) {
      // Load balancers of one network are plugged concurrently: whoever loses the race to create the
      // bridge finds it there, which is all that matters.
      await this.commands.run(['ip', 'link', 'add', bridge, 'type', 'bridge']).catch(async (error: Error) => {
        if (!(await this.commands.succeeds(['ip', 'link', 'show', bridge]))) throw error;
      });
    }
    await this.commands.run(['ip', 'link', 'set', bridge, 'up']);
    if (!(await this.commands.succeeds(['ip', '-n', namespace, 'link', 'show', namespaceEnd]))) {
      if (await this.commands.succeeds(['ip', 'link', 'show', hostEnd]))
        await this.commands.run(['ip', 'link', 'del', hostEnd]);
      await this.commands.run(['ip', 'link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', namespaceEnd]);
      await this.commands.run(['ip', 'link', 'set', namespaceEnd, 'netns', namespace]);
    }
    // Whose veth it is: another agent on the same machine may later plug one of the same name.
    await this.commands.run(['ip', 'link', 'set', hostEnd, 'alias', ownerMark(this.config.host)]);
    await this.commands.run(['ip', 'link', 'set', hostEnd, 'master', bridge]);
    await this.commands.run(['ip', 'link', 'set', hostEnd, 'up']);
    return namespaceEnd;
  }

  async unplug(portId: string): Promise<void> {
    // Deleting either end of a veth pair removes both.
    const hostEnd = tapName(portId);
    const owner = await linkAlias(this.commands, ['ip', 'link', 'show', hostEnd]);
    if (owner === undefined) return; // absent
    if (owner !== '' && owner !== ownerMark(this.config.host)) return; // another agent's
    await this.commands.run(['ip', 'link', 'del', hostEnd]);
  }
}
