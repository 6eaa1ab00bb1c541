import { describe, expect, it } from 'vitest';
import { LogEvents } from '../../domain/messages.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld, veo, type World } from '../../__tests__/harness.js';

const MIN = 60_000;

/** `n` pending rows left by a crashed worker, oldest first, `p0`…`p{n-1}`. */
function backlog(w: World, n: number, overrides: (i: number) => Partial<VideoRequest> = () => ({})): VideoRequest[] {
  return Array.from({ length: n }, (_, i) => {
    const createdAt = new Date(w.clock.now().getTime() - (60 - i) * MIN);
    const row = aRequest({ id: testUuid(), prompt: `p${i}`, createdAt, updatedAt: createdAt, interaction: null, ...overrides(i) });
    w.repo.seed(row);
    return row;
  });
}

describe('ResumeIncompleteRequests — a backlog larger than a page', () => {
  it('is read a page at a time: never more than a page queued or leased, every row resumed once, oldest first, counted in full', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 }, resumePageSize: 4 });
    const rows = backlog(w, 11);
    let mostQueued = 0;
    let mostLeased = 0;
    const start = w.generator.start.bind(w.generator);
    w.generator.start = async (id, params) => {
      mostQueued = Math.max(mostQueued, w.core.scheduler.queuedResumed());
      mostLeased = Math.max(mostLeased, (await w.repo.findIncomplete()).filter((r) => r.leaseOwner === 'worker-a').length);
      return start(id, params);
    };
    const summary = await w.core.resume.execute();
    await w.core.scheduler.whenIdle();
    expect(summary).toMatchObject({ status: 'done', total: 11, completed: 11, skipped: 0 });
    expect(w.generator.starts.map((s) => s.params.prompt)).toEqual(rows.map((r) => r.prompt));
    expect(mostQueued).toBeLessThanOrEqual(4);
    // Queued and running (the rest stays unleased in the database until its page is read).
    expect(mostLeased).toBeLessThanOrEqual(5);
    expect(w.logger.find(LogEvents.resumeStarting)[0]?.fields).toMatchObject({ pending_count: 11, total_count: 11 });
    expect(w.logger.find(LogEvents.resumeProgress).map((e) => e.fields.processed)).toEqual([5, 10, 11]);
  });

  it('new /veo work waits behind every page, and its queue position counts the rows not read yet', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 }, resumePageSize: 4 });
    backlog(w, 9);
    const resume = w.core.resume.execute();
    let position: number | null = null;
    const start = w.generator.start.bind(w.generator);
    w.generator.start = async (id, params) => {
      if (params.prompt === 'p0') {
        const fresh = await w.core.submit.execute(veo('brand new'));
        position = fresh.ok ? fresh.queuePosition : null;
        expect(w.core.scheduler.stats().queued).toBe(8 + 1);
      }
      return start(id, params);
    };
    await resume;
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.params.prompt)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'brand new']);
    expect(position).toBe(9);
  });

  it('rows another live instance holds are skipped on every page', async () => {
    const w = makeWorld({ resumePageSize: 4 });
    const until = new Date(w.clock.now().getTime() + 30 * MIN);
    backlog(w, 10, (i) => (i % 3 === 0 ? { leaseOwner: 'instance-b', leaseUntil: until } : {}));
    expect(await w.core.resume.execute()).toMatchObject({ total: 10, completed: 6, skipped: 4 });
  });

  it('a takeover sweep takes no more than the queue has room for', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 }, resumePageSize: 4 });
    backlog(w, 6);
    const summary = await w.core.resume.execute({ sweep: true });
    expect(summary).toMatchObject({ total: 4, completed: 4 });
    expect(await w.core.resume.execute({ sweep: true })).toMatchObject({ total: 2, completed: 2 });
  });
});
