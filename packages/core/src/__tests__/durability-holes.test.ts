import { describe, expect, it } from 'vitest';
import { Messages } from '../domain/messages.js';
import { aRequest, testUuid } from '../testing/builders.js';
import { flushAsync } from '../testing/fake-clock.js';
import { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import { RecordingNotifier } from '../testing/recording-notifier.js';
import { makeWorld, veo } from './harness.js';
import { SlowUpload } from './sim-finding-doubles.js';

const MIN = 60_000;

/** Regression tests for the four durability holes of issue 15: each failed on the code before its fix. */
describe('durability holes', () => {
  it('hole 2: a killed instance\'s rows are taken over at start-up at once, and run before a new /veo', async () => {
    const presence = new InMemoryWorkerPresence();
    const w = makeWorld({ scheduler: { concurrency: 1 } }, { presence, workerId: 'restarted' });
    const now = w.clock.now().getTime();
    // Left by a process killed 10 s ago: its leases run for another 50 s, but its presence is gone.
    const old = [0, 1, 2].map((i) => {
      const row = aRequest({ id: testUuid(), prompt: `old ${i}`, createdAt: new Date(now - 30_000 + i), leaseOwner: 'killed', leaseUntil: new Date(now + 50_000) });
      w.repo.seed(row);
      return row;
    });
    const startUp = w.core.startUp();
    const fresh = await w.core.submit.execute(veo('new after restart'));
    const summary = await startUp;
    expect(summary).toMatchObject({ status: 'done', total: 3, skipped: 0 });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([...old.map((r) => r.id), fresh.ok ? fresh.request.id : '']);
    expect(w.generator.starts[0] && w.repo.all().find((r) => r.id === old[0]!.id)?.startedAt?.getTime()).toBeLessThan(now + 5_000);
  });

  it('hole 2: a graceful stop releases the leases of queued requests too, not only running ones', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 } }, { presence: new InMemoryWorkerPresence(), workerId: 'stopping' });
    w.generator.defaultScript = { outcome: 'succeed', afterPolls: 50 };
    for (const p of ['a', 'b', 'c']) await w.core.submit.execute(veo(p));
    await flushAsync();
    expect(w.repo.all().filter((r) => r.leaseOwner === 'stopping')).toHaveLength(3);
    await w.core.shutdown();
    expect(w.repo.all().map((r) => r.leaseOwner)).toEqual([null, null, null]);
  });

  it('hole 3: a shutdown during a 429 back-off leaves a plain pending request that the next process starts again, charged once', async () => {
    const presence = new InMemoryWorkerPresence();
    const a = makeWorld({}, { presence, workerId: 'A', auto: false });
    a.generator.script('busy', { outcome: 'quota', times: 1, then: { outcome: 'succeed', afterPolls: 1 } });
    const submitted = await a.core.submit.execute(veo('busy'));
    if (!submitted.ok) throw new Error('submit refused');
    await flushAsync(10);
    expect(a.generator.startCalls).toHaveLength(1); // refused with 429, now backing off
    await a.core.shutdown();
    expect(a.repo.all()[0]).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
    const b = makeWorld({}, { presence, workerId: 'B', repo: a.repo, clock: a.clock, generator: a.generator });
    expect((await b.core.resume.plan()).items.map((i) => i.action)).toEqual(['start']);
    const started = b.core.startUp();
    for (let i = 0; i < 100 && (b.core.scheduler.stats().running > 0 || i === 0); i++) await a.clock.advance(10_000);
    await started;
    await b.core.scheduler.whenIdle();
    const row = a.repo.all()[0]!;
    expect(row.status).toBe('completed');
    expect(row.errorMessage).not.toBe(Messages.unknownStartOutcome);
    expect(a.generator.starts).toHaveLength(1);
    expect(row.finalCostUsd).toBe(row.estimatedCostUsd);
  });

  it('hole 3: starts refused every time cost nothing and are not "in doubt"', async () => {
    const w = makeWorld({ generation: { maxStartAttempts: 2 } });
    w.generator.script('never', { outcome: 'quota', times: 5, then: { outcome: 'succeed' } });
    await w.core.submit.execute(veo('never'));
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]).toMatchObject({ status: 'failed', attempts: 0, finalCostUsd: 0 });
  });

  it('hole 4: while the finishing instance is still delivering, another instance\'s sweep does not deliver again', async () => {
    const presence = new InMemoryWorkerPresence();
    const shared = new RecordingNotifier();
    const a = makeWorld({}, { presence, workerId: 'A', notifier: new SlowUpload(shared, () => a.clock, 3 * MIN) });
    const b = makeWorld({ takeoverCheckMs: 1_000 }, { presence, workerId: 'B', repo: a.repo, clock: a.clock, generator: a.generator, notifier: shared });
    await presence.join('A');
    await b.core.startUp();
    b.core.startBackground({ clock: a.clock, logger: b.logger });
    a.core.startBackground({ clock: a.clock, logger: a.logger });
    const submitted = await a.core.submit.execute(veo('slow upload'));
    if (!submitted.ok) throw new Error('submit refused');
    await a.core.scheduler.whenIdle();
    await a.clock.advance(10_000);
    expect(shared.finalsFor(submitted.request.id)).toHaveLength(1);
    expect(a.repo.all()[0]).toMatchObject({ status: 'completed', leaseOwner: null });
    expect(a.repo.all()[0]?.notifiedAt).not.toBeNull();
    await a.core.shutdown();
    await b.core.shutdown();
  });
});

