export * from './topology';
export * from './methods';
export * from './agent-state';
export * from './statuses';
export * from './lbaas-enums';
export * from './graph';
export * from './status-report';
export * from './rpc-payloads';
