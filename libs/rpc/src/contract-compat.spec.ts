/**
 * Rolling upgrades: agents and servers of different minor versions of the contract run side by side.
 * Messages recorded as each earlier minor version sends them must still be accepted (envelope and payload
 * class) by the current code, and messages of a newer minor version, with fields this code does not know,
 * must be too. When the contract changes, add the new version's messages here and keep the old ones.
 */
import {
  AgentStateReport,
  AgentMethod,
  GraphRequest,
  LoadBalancerRef,
  PluginMethod,
  UpdateStatsPayload,
  UpdateStatusPayload,
} from '@lbaas/contracts';
import { parseRequest } from './envelope';
import { RpcPayloadValidationPipe } from './payload-validation.pipe';

const LB = '6f1b0c7e-3a55-4d2b-9a51-2f3f4c5d6e7f';
const LISTENER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Version 1.0 messages, as 1.0 agents and servers send them. */
const V1_0: [string, new () => object, Record<string, unknown>][] = [
  [AgentMethod.DeployLoadbalancer, LoadBalancerRef, { loadbalancer_id: LB }],
  [AgentMethod.DestroyLoadbalancer, LoadBalancerRef, { loadbalancer_id: LB }],
  [
    PluginMethod.ReportState,
    AgentStateReport,
    {
      host: 'network-1',
      binary: 'lbaas-agent',
      topic: 'n-lbaasv2_agent',
      agent_type: 'Loadbalancerv2 agent',
      start_flag: true,
      configurations: {
        device_driver: 'haproxy_ns',
        interface_driver: 'ovs',
        instances: 3,
        report_interval: 2,
        periodic_interval: 10,
      },
    },
  ],
  [PluginMethod.GetLoadbalancerGraph, GraphRequest, { loadbalancer_id: LB, host: 'network-1' }],
  [
    PluginMethod.UpdateStatus,
    UpdateStatusPayload,
    {
      loadbalancer_id: LB,
      host: 'network-1',
      deployed: true,
      statuses: [{ type: 'listener', id: LISTENER, operating_status: 'ONLINE' }],
    },
  ],
  [
    PluginMethod.UpdateStats,
    UpdateStatsPayload,
    {
      loadbalancer_id: LB,
      host: 'network-1',
      listeners: [
        {
          listener_id: LISTENER,
          bytes_in: 10,
          bytes_out: 20,
          active_connections: 1,
          total_connections: 5,
          request_errors: 0,
        },
      ],
    },
  ],
];

const pipe = new RpcPayloadValidationPipe();

function receive(
  version: string,
  method: string,
  type: new () => object,
  args: Record<string, unknown>,
): object {
  const request = parseRequest(Buffer.from(JSON.stringify({ method, args, version, msg_id: 'm-1' })));
  return pipe.transform(request.args, { type: 'body', metatype: type }) as object;
}

describe('RPC contract compatibility across minor versions', () => {
  it.each(V1_0)('accepts %s as version 1.0 sends it', (method, type, args) => {
    expect(receive('1.0', method, type, args)).toMatchObject(args);
  });

  it.each(V1_0)(
    'accepts %s from a newer minor version with fields it does not know',
    (method, type, args) => {
      expect(receive('1.7', method, type, { ...args, added_in_1_7: { anything: true } })).toMatchObject(args);
    },
  );

  it("accepts a 1.6 state report with the agent's availability zone, and refuses one that is not a zone name", () => {
    const [method, type, args] = V1_0[2];
    const zoned = { ...args, availability_zone: 'rack-1' };
    expect(receive('1.6', method, type, zoned)).toMatchObject(zoned);
    expect(() => receive('1.6', method, type, { ...args, availability_zone: 'rack 1\nx' })).toThrow(
      /availability_zone must be a zone name/,
    );
  });

  it("accepts a 1.9 state report saying whether the agent's broker link is TLS, and refuses a non-boolean", () => {
    const [method, type, args] = V1_0[2];
    const configurations = (args as { configurations: Record<string, unknown> }).configurations;
    const reported = { ...args, configurations: { ...configurations, broker_tls: true } };
    expect(receive('1.9', method, type, reported)).toMatchObject(reported);
    expect(() =>
      receive('1.9', method, type, { ...args, configurations: { ...configurations, broker_tls: 'yes' } }),
    ).toThrow(/broker_tls must be a boolean/);
  });

  it('refuses another major version', () => {
    const [method, type, args] = V1_0[0];
    expect(() => receive('2.0', method, type, args)).toThrow(/not compatible/);
  });
});
