export * from './show-stat';
export * from './render-config';
