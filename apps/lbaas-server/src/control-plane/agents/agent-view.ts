import type { AgentEntity } from './agent.entity';

/** An agent as the API shows it (the fields and names of neutron's agent resource). */
export interface AgentView {
  id: string;
  agent_type: string;
  binary: string;
  host: string;
  topic: string;
  alive: boolean;
  admin_state_up: boolean;
  description: string | null;
  availability_zone: string | null;
  heartbeat_timestamp: string;
  started_at: string;
  created_at: string;
  configurations: Record<string, unknown>;
}

/** An agent is alive while its last state report is younger than `agent_down_time`. */
export function isAgentAlive(heartbeat: Date, now: Date, agentDownTimeSeconds: number): boolean {
  return now.getTime() - heartbeat.getTime() < agentDownTimeSeconds * 1000;
}

/** neutron prints timestamps as UTC without a zone suffix: `2026-11-21 22:40:01`. */
export function neutronTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

export function toAgentView(agent: AgentEntity, now: Date, agentDownTimeSeconds: number): AgentView {
  return {
    id: agent.id,
    agent_type: agent.agentType,
    binary: agent.binary,
    host: agent.host,
    topic: agent.topic,
    alive: isAgentAlive(agent.heartbeatTimestamp, now, agentDownTimeSeconds),
    admin_state_up: agent.adminStateUp,
    description: agent.description,
    availability_zone: agent.availabilityZone,
    heartbeat_timestamp: neutronTimestamp(agent.heartbeatTimestamp),
    started_at: neutronTimestamp(agent.startedAt),
    created_at: neutronTimestamp(agent.createdAt),
    configurations: agent.configurations,
  };
}
