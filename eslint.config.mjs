// Strict, type-aware lint: promises must be handled, switches exhaustive, no import cycles, and the
// server's folders stay in their layers (docs/ARCHITECTURE.md).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const SERVER_SRC = 'apps/lbaas-server/src';
const GROUPS = ['platform', 'cloud-apis', 'control-plane', 'tenant-resources'];

/**
 * The server's feature folders, lowest first: a folder imports only folders before it (or libs/), so
 * no two folders ever import each other and a new back-edge fails the lint. The composition root
 * (main.ts, app.module.ts) sits above them all.
 */
const SERVER_LAYERS = [
  'platform/config',
  'platform/clock',
  'platform/query-parameters',
  'platform/listing',
  'platform/api-errors',
  'platform/auth',
  'platform/rest',
  'platform/health',
  'platform/openapi',
  'platform/versions',
  'platform/ui',
  'cloud-apis/networking',
  'lb-graph',
  'cloud-apis/certificates',
  'control-plane/stats',
  'control-plane/duty-lease',
  'control-plane/agents',
  'control-plane/scheduler',
  'control-plane/instances',
  'control-plane/provisioning',
  'control-plane/failover',
  'control-plane/amphorae',
  'control-plane/agent-rpc',
  'control-plane/metrics',
  'tenant-resources/quotas',
  'tenant-resources/providers',
  'tenant-resources/provider-profiles',
  'tenant-resources/flavors',
  'tenant-resources/availability-zones',
  'tenant-resources/listeners',
  'tenant-resources/pools',
  'tenant-resources/members',
  'tenant-resources/healthmonitors',
  'tenant-resources/l7',
  'tenant-resources/loadbalancers',
  'manage',
  'database',
  'testing',
];

/** Every feature folder that exists must have its place in SERVER_LAYERS. */
function serverFolders() {
  const isDir = (path) => statSync(join(import.meta.dirname, SERVER_SRC, path)).isDirectory();
  const list = (path) =>
    readdirSync(join(import.meta.dirname, SERVER_SRC, path)).filter((name) => isDir(join(path, name)));
  return list('.').flatMap((name) =>
    GROUPS.includes(name) ? list(name).map((sub) => `${name}/${sub}`) : [name],
  );
}
const unplaced = serverFolders().filter((folder) => !SERVER_LAYERS.includes(folder));
if (unplaced.length > 0) {
  throw new Error(`eslint.config.mjs: place ${unplaced.join(', ')} in SERVER_LAYERS (docs/ARCHITECTURE.md)`);
}

const layerZones = SERVER_LAYERS.slice(0, -1).map((folder, index) => ({
  target: `./${SERVER_SRC}/${folder}`,
  from: SERVER_LAYERS.slice(index + 1).map((above) => `./${SERVER_SRC}/${above}`),
  message: `${folder} imports only folders listed before it in SERVER_LAYERS (eslint.config.mjs, docs/ARCHITECTURE.md): move what both need down a layer.`,
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.lbaas/**',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'error',
      eqeqeq: 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // kubernetes-models and kubernetes-types name a module after the Kubernetes API group "apps".
              group: ['**/apps/*', '../../apps/**', '!kubernetes-models/**', '!kubernetes-types/**'],
              message: 'apps never import each other; share code through libs/.',
            },
            { group: ['child_process'], message: 'use node:child_process behind the agent CommandRunner.' },
          ],
        },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    // An integration spec composes a module with the database, as the composition root does.
    files: ['**/*.int-spec.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Tests and benchmarks read JSON answers of the API.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
