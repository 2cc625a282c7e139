export * from './show-stat';
export * from './render-config';
export * from './status-rollup';
export * from './runtime-updates';
export * from './tls-options';
export * from './syslog-frames';
