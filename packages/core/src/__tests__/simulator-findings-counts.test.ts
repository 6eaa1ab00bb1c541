import { describe, expect, it } from 'vitest';
import { RepositoryUnavailableError } from '../domain/errors.js';
import { aRequest, testUuid } from '../testing/builders.js';
import { flushAsync } from '../testing/fake-clock.js';
import { InMemoryRequestRepository } from '../testing/in-memory-request-repository.js';
import { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import { makeWorld, veo } from './harness.js';
import { CancelSource } from '../domain/cancel.js';
import { LostAnswers } from './sim-finding-doubles.js';
import { RecordingNotifier } from '../testing/recording-notifier.js';

/** A repository whose next `lose` start counts commit, then answer like a dropped connection. */
class LostCountAnswers extends InMemoryRequestRepository {
  lose = 1;
  override async recordStartAttempt(...args: Parameters<InMemoryRequestRepository['recordStartAttempt']>): Promise<boolean> {
    const counted = await super.recordStartAttempt(...args);
    if (this.lose <= 0) return counted;
    this.lose -= 1;
    throw new RepositoryUnavailableError('Connection terminated after the statement was sent');
  }
}

/** Regression tests for the simulator's findings in start counts and sweeps; each failed before its fix. */
describe('simulator findings: counts and reads that race', () => {
  it('a start count retried after its answer was lost is made once: a refused start leaves nothing in doubt (seed 15809)', async () => {
    const repo = new LostCountAnswers();
    const w = makeWorld({}, { auto: false, repo });
    w.generator.script('busy', { outcome: 'quota', times: 1, then: { outcome: 'succeed', afterPolls: 1, sizeBytes: 1024 } });
    const submitted = await w.core.submit.execute(veo('busy'));
    if (!submitted.ok) throw new Error('submit refused');
    for (let i = 0; i < 60 && w.generator.startCalls.length === 0; i++) await w.clock.advance(500);
    await flushAsync(10);
    // Google answered 429: nothing was started, so the row must not count a start in doubt
    // (a restart would watch for a video that never comes, then fail and charge the request).
    expect(w.generator.startCalls).toHaveLength(1);
    expect(w.repo.all()[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a sweep does not take the row of a /veo that arrived while it read (seed 7427: a lease dated before a clock jump)', async () => {
    const w = makeWorld({}, { auto: false });
    const repo = w.repo;
    // Its start is refused once: the row waits, pending, in back-off while the sweep reads.
    w.generator.script('fresh', { outcome: 'quota', times: 1, then: { outcome: 'succeed', afterPolls: 1, sizeBytes: 1024 } });
    // The sweep's read is answered only after the new request's row exists, with a lease that
    // already looks run out (its time was taken before the process was suspended).
    const read = repo.findClaimable.bind(repo);
    let submitted: Promise<unknown> | undefined;
    let answered: () => void = () => undefined;
    const readDone = new Promise<void>((resolve) => (answered = resolve));
    repo.findClaimable = async (owner, now, limit) => {
      submitted = w.core.submit.execute(veo('fresh'));
      await submitted;
      await flushAsync(20);
      const rows = await read(owner, new Date(now.getTime() + 10 * 60_000), limit);
      answered();
      return rows;
    };
    const sweep = w.core.resume.execute({ sweep: true });
    await readDone;
    expect(w.repo.all()[0]).toMatchObject({ status: 'pending' });
    for (let i = 0; i < 40; i++) await w.clock.advance(5_000);
    await Promise.all([sweep, submitted]);
    expect((await sweep).total).toBe(0);
    expect(w.generator.starts).toHaveLength(1);
    expect(w.repo.all()[0]).toMatchObject({ status: 'completed', notifyOutcome: 'delivered' });
  });

  it.each([[1, 'the survey (seed 7040)'], [2, 'a page (seed 17222)']])('a start-up resume read whose answer was lost is asked again at once, still ahead of new work: read %i, %s', async (failing) => {
    const presence = new InMemoryWorkerPresence();
    const w = makeWorld({ scheduler: { concurrency: 1 } }, { presence, workerId: 'restarted' });
    const now = w.clock.now().getTime();
    const old = aRequest({ id: testUuid(), prompt: 'interrupted', createdAt: new Date(now - 30_000), leaseOwner: 'killed', leaseUntil: new Date(now - 1) });
    w.repo.seed(old);
    const read = w.repo.findIncomplete.bind(w.repo);
    let calls = 0;
    w.repo.findIncomplete = async (limit) => {
      const rows = await read(limit);
      if (++calls === failing) throw new RepositoryUnavailableError('Connection terminated after the statement was sent');
      return rows;
    };
    const startUp = w.core.startUp();
    const fresh = await w.core.submit.execute(veo('new after restart'));
    expect(await startUp).toMatchObject({ status: 'done', total: 1 });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([old.id, fresh.ok ? fresh.request.id : '']);
  });

  it('a request\'s lease runs from when its row is made, not from before the checks (seed 4332: time lost during the per-user check)', async () => {
    const w = makeWorld({}, { auto: false });
    const count = w.repo.countRecentByUser.bind(w.repo);
    // The process is suspended for 10 minutes while the per-user count is read.
    w.repo.countRecentByUser = async (userId, since) => {
      const answer = await count(userId, since);
      w.clock.set(new Date(w.clock.now().getTime() + 10 * 60_000));
      return answer;
    };
    const submitted = await w.core.submit.execute(veo('suspended'));
    if (!submitted.ok) throw new Error('submit refused');
    expect(w.repo.all()[0]!.leaseUntil!.getTime()).toBeGreaterThan(w.clock.now().getTime());
  });

  it('a delivery cancelled in its back-off still looks for the send whose answer was lost before it sends again (seed 3704)', async () => {
    const recorded = new RecordingNotifier();
    const lost = new LostAnswers(recorded, 1);
    const w = makeWorld({ delivery: { attempts: 3, backoffMs: 1_000 } }, { auto: false, notifier: lost });
    const row = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(row);
    const cancel = new CancelSource();
    const delivered = w.core.runner.delivery.deliver(row, false, cancel.signal);
    await flushAsync(10);
    cancel.cancel(); // the time cap takes over while the delivery backs off
    for (let i = 0; i < 10; i++) await w.clock.advance(1_000);
    await delivered;
    expect(recorded.finalsFor(row.id)).toHaveLength(1);
  });
});
