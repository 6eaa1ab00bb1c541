import { describe, expect, it } from 'vitest';
import { LogEvents } from '../../domain/messages.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { CleanupExpiredRequests } from '../cleanup-expired-requests.js';
import { makeWorld } from '../../__tests__/harness.js';

const DAY = 24 * 60 * 60_000;

describe('queries (TRK-10…TRK-12 "Query Interface for Request History")', () => {
  it('user history validates paging and status, then pages newest first', async () => {
    const w = makeWorld();
    for (let i = 0; i < 3; i++) w.repo.seed(aRequest({ id: testUuid(), userId: 'u', createdAt: new Date(w.clock.now().getTime() - i * 1000) }));
    const page = await w.core.history.execute({ userId: 'u', limit: 2 });
    expect(page.ok && page.value.items).toHaveLength(2);
    expect(page.ok && page.value.total).toBe(3);
    expect(await w.core.history.execute({ userId: 'u', limit: 0 })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await w.core.history.execute({ userId: 'u', offset: -1 })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await w.core.history.execute({ userId: 'u', status: 'exploded' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('pending') });
  });

  it('guild stats default to a range per period and refuse unknown periods', async () => {
    const w = makeWorld();
    w.repo.seed(aRequest({ id: testUuid(), guildId: 'g', createdAt: new Date(w.clock.now().getTime() - 20 * DAY) }));
    w.repo.seed(aRequest({ id: testUuid(), guildId: 'g', createdAt: new Date(w.clock.now().getTime() - 40 * DAY) }));
    const daily = await w.core.guildStats.execute({ guildId: 'g', period: 'day' });
    expect(daily.ok && daily.value.total).toBe(1);
    const monthly = await w.core.guildStats.execute({ guildId: 'g', period: 'month' });
    expect(monthly.ok && monthly.value.total).toBe(2);
    expect(await w.core.guildStats.execute({ guildId: 'g', period: 'year' })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('dashboard covers the last 24 hours; database down → "temporarily unavailable"', async () => {
    const w = makeWorld();
    w.repo.seed(aRequest({ id: testUuid(), createdAt: new Date(w.clock.now().getTime() - 2 * DAY) }));
    w.repo.seed(aRequest({ id: testUuid(), createdAt: new Date(w.clock.now().getTime() - 1000) }));
    const d = await w.core.dashboard.execute();
    expect(d.ok && d.value.total).toBe(1);
    w.repo.available = false;
    expect(await w.core.dashboard.execute()).toMatchObject({ ok: false, reason: 'unavailable', message: 'Statistics are temporarily unavailable. Please try again in a minute.' });
  });
});

describe('CleanupExpiredRequests (PRV-1, PRV-2 "Request Data Retention")', () => {
  it('Unlimited retention by default: deletes nothing', async () => {
    const w = makeWorld();
    w.repo.seed(aRequest({ id: testUuid(), status: 'failed', createdAt: new Date(0) }));
    expect(await w.core.cleanup.execute()).toMatchObject({ deleted: 0, retentionDays: null });
    expect(w.repo.all()).toHaveLength(1);
  });

  it('Optional automated cleanup: deletes finished requests older than N days in batches and logs the count', async () => {
    const w = makeWorld();
    for (let i = 0; i < 5; i++) w.repo.seed(aRequest({ id: testUuid(), status: 'completed', createdAt: new Date(w.clock.now().getTime() - 40 * DAY) }));
    w.repo.seed(aRequest({ id: testUuid(), status: 'pending', createdAt: new Date(w.clock.now().getTime() - 40 * DAY) }));
    w.repo.seed(aRequest({ id: testUuid(), status: 'completed', createdAt: new Date(w.clock.now().getTime() - 5 * DAY) }));
    const cleanup = new CleanupExpiredRequests({ repo: w.repo, clock: w.clock, logger: w.logger, retentionDays: 30, batchSize: 2 });
    expect(await cleanup.execute({ dryRun: true })).toMatchObject({ deleted: 5, dryRun: true });
    expect(w.repo.all()).toHaveLength(7);
    expect(await cleanup.execute()).toMatchObject({ deleted: 5 });
    expect(w.repo.all()).toHaveLength(2);
    expect(w.logger.find(LogEvents.cleanupDeleted)[0]?.fields).toMatchObject({ deleted_count: 5, retention_days: 30 });
  });

  it('schedules the cleanup daily when retention is set', async () => {
    const w = makeWorld({ retentionDays: 30 }, { auto: false });
    w.repo.seed(aRequest({ id: testUuid(), status: 'failed', createdAt: new Date(w.clock.now().getTime() - 31 * DAY) }));
    w.core.startBackground({ clock: w.clock, logger: w.logger });
    await w.clock.advance(1);
    expect(w.repo.all()).toHaveLength(0);
    w.repo.seed(aRequest({ id: testUuid(), status: 'failed', createdAt: new Date(w.clock.now().getTime() - 31 * DAY) }));
    await w.clock.advance(DAY);
    expect(w.repo.all()).toHaveLength(0);
    expect(w.logger.find(LogEvents.cleanupDeleted)).toHaveLength(2);
    await w.core.shutdown();
  });

  it('refuses a nonsensical retention', () => {
    const w = makeWorld();
    expect(() => new CleanupExpiredRequests({ repo: w.repo, clock: w.clock, logger: w.logger, retentionDays: 0 })).toThrow(RangeError);
  });
});
