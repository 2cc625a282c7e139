export * from './vrrp-config';
