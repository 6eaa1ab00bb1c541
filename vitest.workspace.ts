/**
 * The one place the test projects are listed. Vitest 4 ignores this file on its own,
 * so `vitest.config.ts` imports `projects` from here.
 */
import { defineProject } from 'vitest/config';
import { defaultServerConditions } from 'vite';

/** Resolve workspace packages to their TypeScript sources, so tests never need a build. */
const conditions = ['@veo-bot/source', ...defaultServerConditions];

const packageProject = (name: string, extra: { testTimeout?: number; fileParallelism?: boolean } = {}) =>
  defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@veo-bot/source'] } },
    test: {
      name,
      root: `packages/${name}`,
      include: ['src/**/*.test.ts'],
      testTimeout: extra.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      ...(extra.fileParallelism === undefined ? {} : { fileParallelism: extra.fileParallelism }),
    },
  });

export const projects = [
  packageProject('core', { testTimeout: 10_000 }),
  packageProject('adapter-postgres'),
  packageProject('adapter-vertex'),
  packageProject('adapter-discord'),
  packageProject('cli', { testTimeout: 120_000 }),
  packageProject('sim', { testTimeout: 180_000 }),
];

/**
 * The end-to-end durability suite (kill -9, two instances, database outage, Vertex 429):
 * spawns the built `veo-bot start`, so it is kept out of `projects` and runs through
 * `npm run test:chaos` (vitest.chaos.config.ts).
 */
export const chaosProjects = [
  defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@veo-bot/source'] } },
    test: {
      name: 'e2e',
      root: 'e2e',
      include: ['**/*.test.ts'],
      testTimeout: 1_800_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
];

export default projects;
