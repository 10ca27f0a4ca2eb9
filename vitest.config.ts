import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve `sockgen/runtime` to the TypeScript sources, not the built dist/.
  resolve: { conditions: ['sockgen-source'] },
  ssr: { resolve: { conditions: ['sockgen-source'], externalConditions: ['sockgen-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time on the 2-core machines: most suites wait on child processes, sockets
    // and services rather than the CPU, and vitest's default (cores - 1) ran them one by one.
    maxWorkers: 2,
  },
});
