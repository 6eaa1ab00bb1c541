import { describe, expect, it } from 'vitest';
import { InMemoryRequestRepository } from '../../testing/in-memory-request-repository.js';
import { InMemoryWorkerPresence } from '../../testing/in-memory-worker-presence.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { CANCEL_TOO_LATE } from '../cancel-request.js';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
const click = (requestId: string, userId = 'user-1', canManageGuild = false) => ({ requestId, userId, guildId: 'guild-1', canManageGuild });

async function twoQueued() {
  const w = makeWorld({ scheduler: { concurrency: 1 } }, { auto: false });
  const running = await w.core.submit.execute(veo('running'));
  const queued = await w.core.submit.execute(veo('queued'));
  if (!running.ok || !queued.ok) throw new Error('refused');
  await settle();
  return { w, running: running.request, queued: queued.request };
}

describe('Cancel while queued', () => {
  it('the owner cancels a queued request: cancelled, $0, never sent to Google, dropped from the queue; a second click says it already is', async () => {
    const { w, running, queued } = await twoQueued();
    expect(w.generator.startCalls).toEqual([running.id]);
    const result = await w.core.cancel.execute(click(queued.id));
    expect(result).toMatchObject({ ok: true, already: false, request: { status: 'cancelled', finalCostUsd: 0, notifyOutcome: 'delivered' } });
    expect(w.core.scheduler.busyIds().has(queued.id)).toBe(false);
    expect(await w.core.cancel.execute(click(queued.id))).toMatchObject({ ok: true, already: true });
    expect(w.logger.find('Request cancelled')).toHaveLength(1);
    expect(w.generator.startCalls).toEqual([running.id]);
  });

  it('someone else is refused; a manager of that server may cancel, a manager of another server may not', async () => {
    const { w, queued } = await twoQueued();
    expect(await w.core.cancel.execute(click(queued.id, 'intruder'))).toMatchObject({ ok: false, reason: 'not-owner', message: expect.stringContaining('<@user-1>') });
    expect(await w.core.cancel.execute({ ...click(queued.id, 'admin-elsewhere', true), guildId: 'guild-2' })).toMatchObject({ ok: false, reason: 'not-owner' });
    expect((await w.repo.get(queued.id))?.status).toBe('pending');
    expect(await w.core.cancel.execute(click(queued.id, 'admin', true))).toMatchObject({ ok: true, request: { status: 'cancelled' } });
    expect(w.logger.find('Request cancelled')[0]).toMatchObject({ fields: { cancelled_by: 'admin', by_manager: true } });
  });

  it('once Google accepted the start it cannot be cancelled, and says why; a finished one has nothing to cancel', async () => {
    const { w, running } = await twoQueued();
    expect(await w.core.cancel.execute(click(running.id))).toEqual({ ok: false, reason: 'started', message: CANCEL_TOO_LATE });
    expect((await w.repo.get(running.id))?.status).toBe('generating');
    const ended = makeWorld();
    const done = await ended.core.submit.execute(veo('done'));
    if (!done.ok) throw new Error('refused');
    await ended.core.scheduler.whenIdle();
    expect(await ended.core.cancel.execute(click(done.request.id))).toMatchObject({ ok: false, reason: 'finished' });
  });

  it('the budget reservation is released: spend counts $0 for a cancelled request', async () => {
    const { w, running, queued } = await twoQueued();
    expect(queued.estimatedCostUsd).toBeGreaterThan(0);
    await w.core.cancel.execute(click(queued.id));
    expect((await w.repo.get(queued.id))?.finalCostUsd).toBe(0);
    const stats = await w.repo.guildStats({ guildId: 'guild-1', since: new Date(0), until: new Date(Date.UTC(2027, 0, 1)), period: 'day' });
    expect(stats.counts.cancelled).toBe(1);
    expect(stats.spendUsd).toBeCloseTo(running.estimatedCostUsd, 4);
    const dashboard = await w.repo.dashboard(new Date(0));
    expect(dashboard.failureRatePercent).toBe(0);
  });

  it('a cancel on another instance wins over the queued job here: it never reaches Google and nothing is delivered', async () => {
    const repo = new InMemoryRequestRepository();
    const presence = new InMemoryWorkerPresence();
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 12, 0, 0), { auto: false });
    const a = makeWorld({ scheduler: { concurrency: 1 } }, { repo, presence, clock, workerId: 'A', auto: false });
    const b = makeWorld({}, { repo, presence, clock, workerId: 'B', auto: false });
    const first = await a.core.submit.execute(veo('first'));
    const second = await a.core.submit.execute(veo('second'));
    if (!first.ok || !second.ok) throw new Error('refused');
    await settle();
    expect(await b.core.cancel.execute(click(second.request.id))).toMatchObject({ ok: true });
    // A still has the job queued; when its turn comes the row is cancelled and the start is never made.
    a.core.scheduler.cancel(first.request.id);
    await settle();
    expect(a.generator.startCalls).toEqual([first.request.id]);
    expect(a.notifier.notices.filter((n) => n.requestId === second.request.id && n.kind !== 'progress')).toEqual([]);
    expect((await repo.get(second.request.id))?.status).toBe('cancelled');
  });

  it('database down: an honest refusal, nothing changed', async () => {
    const { w, queued } = await twoQueued();
    w.repo.available = false;
    expect(await w.core.cancel.execute(click(queued.id))).toMatchObject({ ok: false, reason: 'unavailable' });
    w.repo.available = true;
    expect((await w.repo.get(queued.id))?.status).toBe('pending');
  });
});
