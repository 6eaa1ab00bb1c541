import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erasureStoreContract, MemoryLogger } from '@veo-bot/core/testing';
import { PgBudgetLedger } from '../pg-budget-ledger.js';
import { FORGOTTEN_EDITOR, PgErasureStore } from '../pg-erasure-store.js';
import { PgGuildSettingsStore } from '../pg-guild-settings-store.js';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

erasureStoreContract('postgres', async () => {
  await db.truncate();
  const logger = new MemoryLogger();
  const pool = db.pool();
  return { repo: new PgRequestRepository({ pool, logger }), ledger: new PgBudgetLedger({ pool, logger }), erasure: new PgErasureStore({ pool, logger }) };
});

describe('PgErasureStore and server settings', () => {
  it('a forgotten user is no longer named by the server settings they changed, nor by the audit log', async () => {
    await db.truncate();
    const pool = db.pool();
    const logger = new MemoryLogger();
    await pool.query('TRUNCATE guild_settings, guild_settings_audit');
    const settings = new PgGuildSettingsStore({ pool, logger });
    await settings.update('g1', () => ({ blockedWords: ['x'] }), '500000000000000001', new Date());
    await settings.update('g1', () => ({ nsfwOnly: true }), 'someone-else', new Date());
    await settings.update('g2', () => ({ nsfwOnly: true }), '500000000000000001', new Date());
    const erased = await new PgErasureStore({ pool, logger }).forgetUser('500000000000000001', new Date(), new Date());
    expect(erased.counts.budgetEdits).toBe(3);
    expect((await settings.get('g2'))?.updatedBy).toBe(FORGOTTEN_EDITOR);
    expect((await settings.get('g1'))?.updatedBy).toBe('someone-else');
    const names = [...(await settings.audit('g1', 10)), ...(await settings.audit('g2', 10))].map((e) => e.changedBy);
    expect(names.sort()).toEqual([FORGOTTEN_EDITOR, FORGOTTEN_EDITOR, 'someone-else'].sort());
  });
});
