import { defineConfig } from 'vitest/config';
import { chaosProjects } from './vitest.workspace.js';

/** `npm run test:chaos`: only the end-to-end durability project (needs `tsc -b` first). */
export default defineConfig({
  test: { projects: chaosProjects },
});
