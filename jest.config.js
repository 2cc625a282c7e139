// Three projects: `unit` (specs beside the code, no services), `integration` (`*.int-spec.ts` beside the
// code: services against a real PostgreSQL) and `e2e` (whole-system suites in test/, real
// PostgreSQL/RabbitMQ/Open vSwitch/haproxy, run in band).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  },
];
const moduleNameMapper = {
  '^@lbaas/(contracts|rpc|haproxy|nftables|keepalived|config|logging)$': '<rootDir>/libs/$1/src',
  '^@lbaas/(contracts|rpc|haproxy|nftables|keepalived|config|logging)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
        // The lint of the deployment files (deploy/lint/): Kubernetes manifests, Dockerfiles, units.
        '<rootDir>/deploy/**/*.spec.ts',
      ],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
    },
    {
      // Services in-process under a Nest testing module, against a real, migrated PostgreSQL.
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
  ],
};
