import { afterAll, beforeAll } from 'vitest';
import { guildSettingsStoreContract, MemoryLogger } from '@veo-bot/core/testing';
import { PgGuildSettingsStore } from '../pg-guild-settings-store.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

// Two instances: two pools on one database, each store with its own LISTEN connection.
guildSettingsStoreContract('postgres', async () => {
  await db.pool().query('TRUNCATE guild_settings, guild_settings_audit');
  const a = new PgGuildSettingsStore({ pool: db.pool(), logger: new MemoryLogger() });
  const b = new PgGuildSettingsStore({ pool: db.pool(), logger: new MemoryLogger() });
  return { a, b };
});
