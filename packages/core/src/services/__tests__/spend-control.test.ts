import { describe, expect, it } from 'vitest';
import { NO_CAPS } from '../../domain/budget.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld, veo } from '../../__tests__/harness.js';

const budget = (c: Partial<typeof NO_CAPS>) => ({ budget: { ...NO_CAPS, ...c }, perUserDailyLimit: 0 });
const T = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('spend control: submit', () => {
  it('records the estimate at acceptance and the final cost when it ends (completed → estimate)', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 100 }), { ledger: true });
    const result = await w.core.submit.execute(veo('a fox', { durationSeconds: 8 }));
    expect(result).toMatchObject({ ok: true, request: { estimatedCostUsd: 3.2, finalCostUsd: null } });
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]).toMatchObject({ status: 'completed', estimatedCostUsd: 3.2, finalCostUsd: 3.2 });
  });

  it('refuses before anything is sent to Google, saying which cap, what is left and when it resets', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 5 }), { ledger: true });
    expect((await w.core.submit.execute(veo('first'))).ok).toBe(true);
    const refused = await w.core.submit.execute(veo('second'));
    expect(refused).toEqual({
      ok: false, reason: 'over-budget', cap: 'guild-daily', limitUsd: 5, remainingUsd: 1.8, estimateUsd: 3.2,
      retryAt: new Date(Date.UTC(2026, 10, 24)),
      message: "This server's daily video budget of $5.00 has $1.80 left; this video would cost about $3.20. It resets at midnight UTC. A shorter video, no audio or a Fast model costs less.",
    });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts).toHaveLength(1);
    expect(w.repo.all()).toHaveLength(1);
    // A cheaper video still fits: 4 s Fast without audio = $0.40.
    expect((await w.core.submit.execute(veo('cheap', { model: 'veo-3.1-fast-generate-001', durationSeconds: 4, generateAudio: false }))).ok).toBe(true);
  });

  it('releases the reservation of a request Google refused (4xx) or filtered for safety; counts a failure after acceptance', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 7 }), { ledger: true });
    w.generator.script('refused', { outcome: 'reject', message: 'bad prompt' });
    w.generator.script('unsafe', { outcome: 'filtered', reason: 'You will not be charged for this request.' });
    w.generator.script('broken', { outcome: 'fail', message: 'internal error' });
    for (const p of ['refused', 'unsafe', 'broken']) await w.core.submit.execute(veo(p));
    await w.core.scheduler.whenIdle();
    const cost = (p: string) => w.repo.all().find((r) => r.prompt === p)?.finalCostUsd;
    expect([cost('refused'), cost('unsafe'), cost('broken')]).toEqual([0, 0, 3.2]);
    expect((await w.core.submit.execute(veo('fits'))).ok).toBe(true); // 3.2 + 3.2 ≤ 7
  });

  it('applies guild caps set by admins over the defaults; GetBudget shows what is left', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 100, userDailyUsd: 50 }), { ledger: true });
    const set = await w.core.setGuildBudget.execute({ guildId: 'guild-1', actorId: 'admin', caps: { guildDailyUsd: 4 } });
    expect(set).toMatchObject({ ok: true, value: { caps: { guildDailyUsd: 4, userDailyUsd: 50, guildMonthlyUsd: null }, updatedBy: 'admin' } });
    expect(await w.core.setGuildBudget.execute({ guildId: 'guild-1', actorId: 'admin', caps: { guildMonthlyUsd: -5 } })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('must not be negative') });
    await w.core.submit.execute(veo('one'));
    expect(await w.core.submit.execute(veo('two'))).toMatchObject({ ok: false, cap: 'guild-daily', remainingUsd: 0.8 });
    const shown = await w.core.budget.execute({ guildId: 'guild-1', userId: 'user-1' });
    expect(shown).toMatchObject({ ok: true, value: { spent: { guildDayUsd: 3.2, userDayUsd: 3.2 }, statuses: [{ cap: 'guild-daily', limitUsd: 4, remainingUsd: 0.8 }, { cap: 'user-daily', remainingUsd: 46.8 }] } });
    await w.core.setGuildBudget.execute({ guildId: 'guild-1', actorId: 'admin', caps: { guildDailyUsd: null } });
    expect((await w.core.submit.execute(veo('three'))).ok).toBe(true);
  });

  it('database down: refuses with a temporary error when a cap applies; without caps keeps the synthetic-id behaviour', async () => {
    const capped = makeWorld(budget({ userDailyUsd: 10 }), { ledger: true });
    capped.repo.available = false;
    expect(await capped.core.submit.execute(veo('x'))).toMatchObject({ ok: false, reason: 'budget-unavailable', retryAt: new Date(T + 60_000) });
    const open = makeWorld(budget({}), { ledger: true });
    open.repo.available = false;
    expect(await open.core.submit.execute(veo('y'))).toMatchObject({ ok: true, persisted: false });
  });

  it('a bad price table or cap is a configuration error at construction, never an unlimited budget', () => {
    expect(() => makeWorld({ prices: { 'veo-3.1-generate-001': { withAudio: 0.4, withoutAudio: 0.2 } } })).toThrow(/no price for model veo-3.1-fast-generate-001/);
    expect(() => makeWorld(budget({ guildDailyUsd: -1 }))).toThrow(/must not be negative/);
  });
});

describe('spend control: retry and resume never charge twice', () => {
  it('a retry reserves once, however often the button is clicked; refused when over the cap', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 5 }), { ledger: true });
    const failed = aRequest({ id: testUuid(), status: 'failed', createdAt: new Date(T), estimatedCostUsd: 3.2, finalCostUsd: 0 });
    w.repo.seed(failed);
    const click = { requestId: failed.id, userId: 'user-1', channelId: 'channel-1', interaction: null };
    const clicks = await Promise.all([w.core.retry.execute(click), w.core.retry.execute(click), w.core.retry.execute(click)]);
    expect(clicks.filter((c) => c.ok && c.created)).toHaveLength(1);
    expect(w.repo.all().filter((r) => r.retryOf === failed.id)).toHaveLength(1);
    expect((await w.ledger!.spent({ guildId: 'guild-1', userId: 'user-1' }, { dayStart: new Date(T - 3_600_000), nextDay: new Date(T + 3_600_000), monthStart: new Date(T - 3_600_000), nextMonth: new Date(T + 3_600_000) })).guildDayUsd).toBe(3.2);

    const second = aRequest({ id: testUuid(), status: 'timeout', createdAt: new Date(T), estimatedCostUsd: 3.2, finalCostUsd: 0 });
    w.repo.seed(second);
    expect(await w.core.retry.execute({ ...click, requestId: second.id })).toMatchObject({ ok: false, reason: 'over-budget', cap: 'guild-daily', remainingUsd: 1.8 });
  });

  it('resume: a generating row is polled (paid once), a pending row keeps its reservation; no new row, no second start', async () => {
    const w = makeWorld(budget({ guildDailyUsd: 6.4 }), { ledger: true });
    const generating = aRequest({ id: testUuid(), prompt: 'gen', status: 'generating', operationName: 'ops/gen', startedAt: new Date(T - 60_000), createdAt: new Date(T - 120_000), attempts: 1, estimatedCostUsd: 3.2 });
    const pending = aRequest({ id: testUuid(), prompt: 'pend', createdAt: new Date(T - 60_000), estimatedCostUsd: 3.2 });
    w.repo.seed(generating);
    w.repo.seed(pending);
    w.generator.seedOperation('ops/gen', generating.id, { outcome: 'succeed', afterPolls: 1 });
    await w.core.resume.execute();
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()).toHaveLength(2);
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([pending.id]);
    expect(w.repo.all().map((r) => [r.status, r.estimatedCostUsd, r.finalCostUsd])).toEqual([['completed', 3.2, 3.2], ['completed', 3.2, 3.2]]);
    // The budget was full with both reservations, and resuming them did not need more room.
    expect(await w.core.submit.execute(veo('more'))).toMatchObject({ ok: false, reason: 'over-budget', remainingUsd: 0 });
  });
});
