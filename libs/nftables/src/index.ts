export * from './udp-ruleset';
export * from './kernel-state';
