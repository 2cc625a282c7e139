export * from './show-stat';
