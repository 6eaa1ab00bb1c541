import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CAPS, roundUsd, spendWindows } from '@veo-bot/core';
import { aRequest, MemoryLogger, testUuid } from '@veo-bot/core/testing';
import { PgBudgetLedger } from '../pg-budget-ledger.js';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

const NOW = new Date(Date.UTC(2026, 10, 23, 12));
const W = spendWindows(NOW);

describe('budget race on the real PostgreSQL', () => {
  it('200 concurrent submits from 4 instances against the last dollars: one wins each dollar, the cap is never exceeded', async () => {
    const logger = new MemoryLogger();
    const instances = [0, 1, 2, 3].map(() => {
      const pool = db.pool({ max: 8 });
      return { ledger: new PgBudgetLedger({ pool, logger }), repo: new PgRequestRepository({ pool, logger }) };
    });
    const prices = [0.4, 0.8, 1.2, 1.6, 3.2];
    const caps = { ...NO_CAPS, guildDailyUsd: 25, userDailyUsd: 6 };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const request = aRequest({ id: testUuid(), createdAt: NOW, updatedAt: NOW, userId: `user-${i % 10}`, estimatedCostUsd: prices[i % prices.length] as number });
        return instances[i % 4]!.ledger.reserve(request, caps, W).then((r) => ({ r, request }));
      }),
    );
    const won = results.filter(({ r }) => r.reserved);
    const reserved = roundUsd(won.reduce((t, { request }) => t + request.estimatedCostUsd, 0));
    expect(reserved).toBeLessThanOrEqual(25);
    const perUser = new Map<string, number>();
    for (const { request } of won) perUser.set(request.userId, roundUsd((perUser.get(request.userId) ?? 0) + request.estimatedCostUsd));
    for (const total of perUser.values()) expect(total).toBeLessThanOrEqual(6);
    // Spend only grows, so every refusal must still be justified at the end: nothing refused needlessly.
    for (const { r, request } of results.filter((x) => !x.r.reserved)) {
      expect(r.reserved).toBe(false);
      const est = request.estimatedCostUsd;
      expect(roundUsd(reserved + est) > 25 || roundUsd((perUser.get(request.userId) ?? 0) + est) > 6).toBe(true);
    }
    expect(won.length).toBeGreaterThan(0);
    const stored = await instances[0]!.ledger.spent({ guildId: 'guild-1', userId: 'user-0' }, W);
    expect(stored.guildDayUsd).toBe(reserved);
  });
});
