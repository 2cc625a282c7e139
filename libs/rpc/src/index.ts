export * from './amqp-connection';
export * from './backoff';
export * from './envelope';
export * from './errors';
export * from './rpc-client';
export * from './rpc-server.transport';
export * from './payload-validation.pipe';
export * from './rpc-metrics';
