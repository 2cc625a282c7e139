export * from './option.decorator';
export * from './load-config';
export * from './common.config';
