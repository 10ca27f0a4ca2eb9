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
  },
});
