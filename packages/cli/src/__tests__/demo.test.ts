import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let db: TestSchema;
beforeAll(async () => {
  db = await createTestSchema({ migrate: false });
});
afterAll(async () => db?.drop());

it('veo-bot demo runs the whole story against the fakes and ends by itself with exit 0', async () => {
  const result = await runCli(['demo', '--fast'], { DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema }, 120_000);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('✔ /veo a fox running through snow');
  expect(result.stdout).toMatch(/whale.*\n\s+→ a link to the video/);
  expect(result.stdout).toMatch(/presses Retry\n\s+→ video attached/);
  expect(result.stdout).toContain('footer "Resumed after bot restart"');
  expect(result.stdout).toMatch(/presses Again on the fox\n\s+→ video attached/);
  expect(result.stdout).toContain('Vertex generations paid for\n    → 6');
  expect(result.stdout).toMatch(/Spend recorded .*\n\s+→ \$\d+\.\d\d in all/);
  expect(result.stdout).not.toContain('✘');
});
