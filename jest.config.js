/**
 * Jest runs TypeScript through SWC. NestJS 12 packages are native ES modules, which Jest's CommonJS
 * runtime cannot load untransformed, so SWC transforms them (and their ESM-only dependencies) too.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = [
  '@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit',
  // @fastify/static, for the ESM-only content-disposition it requires (also nested under it)
  '@fastify/static', 'content-disposition',
  // openapi-typescript (test/api-types.e2e-spec.ts) and the ESM-only packages its CommonJS build requires
  'openapi-typescript', 'parse-json', 'index-to-position', 'supports-color', 'change-case',
];
const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
};

module.exports = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  // A project's own testTimeout is ignored: set it for all.
  testTimeout: 30000,
};
