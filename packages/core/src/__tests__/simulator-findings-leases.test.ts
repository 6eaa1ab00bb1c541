import { describe, expect, it } from 'vitest';
import { aRequest, testUuid } from '../testing/builders.js';
import { FakeClock } from '../testing/fake-clock.js';
import { InMemoryRequestRepository } from '../testing/in-memory-request-repository.js';
import { InMemoryVideoStore } from '../testing/in-memory-video-store.js';
import { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import { MemoryLogger } from '../testing/memory-logger.js';
import { RecordingNotifier } from '../testing/recording-notifier.js';
import { LeaseBook } from '../services/lease-book.js';
import { NotificationDelivery } from '../services/notification-delivery.js';
import type { Notifier } from '../ports/notifier.js';
import { LostAnswers } from './sim-finding-doubles.js';
import { makeWorld } from './harness.js';

/** Presence whose process has not noticed yet that the store restarted (its connection's error is still on the way). */
class UnnoticedRestart extends InMemoryWorkerPresence {
  override isJoined(): boolean {
    return true;
  }
}

const MIN = 60_000;

/** One process 'w' announcing failed requests, with its presence in `presence`. */
function setUp(notifierFor: (recorded: RecordingNotifier) => Notifier = (r) => r) {
  const clock = new FakeClock();
  const repo = new InMemoryRequestRepository();
  const recorded = new RecordingNotifier();
  const presence = new InMemoryWorkerPresence();
  const leases = new LeaseBook(() => presence.isJoined('w'));
  const delivery = new NotificationDelivery({ repo, notifier: notifierFor(recorded), store: new InMemoryVideoStore(), clock, logger: new MemoryLogger(), workerId: 'w', leases, deliveryOptions: { attempts: 1 } });
  const failed = (extra: Parameters<typeof aRequest>[0] = {}) => aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: clock.now(), finalCostUsd: 0, ...extra });
  return { clock, repo, recorded, presence, leases, delivery, failed };
}

/**
 * Regression tests for the simulator's findings in leases and delivery after polling by
 * history (issue 21) changed the timings; each failed on the code before its fix.
 */
describe('simulator findings: leases that do not fence, sends that may have landed', () => {
  it('a lease confirmed while this process had lost its presence fences nothing while the database is down (seed 5529, 12801)', async () => {
    const { clock, repo, recorded, presence, leases, delivery, failed } = setUp();
    const row = failed();
    // Backfilled or renewed while this worker's presence was gone: others may take it over at once.
    leases.confirmed([row.id], new Date(clock.now().getTime() + 24 * 60 * MIN), leases.stamp());
    await presence.join('w');
    repo.available = false;
    await delivery.deliver(row, false);
    expect(recorded.finalsFor(row.id)).toHaveLength(0);
  });

  it('a lease confirmed under an earlier presence fences nothing once presence was announced again (seed 5529)', async () => {
    const { clock, repo, recorded, presence, leases, delivery, failed } = setUp();
    await presence.join('w');
    const before = failed();
    const after = failed();
    leases.confirmed([before.id], new Date(clock.now().getTime() + MIN), leases.stamp());
    // Presence was lost (the connection dropped) and announced again: the row may have been taken meanwhile.
    presence.drop('w');
    await presence.join('w');
    leases.rejoined();
    leases.confirmed([after.id], new Date(clock.now().getTime() + MIN), leases.stamp());
    repo.available = false;
    await delivery.deliver(before, false);
    await delivery.deliver(after, false);
    expect(recorded.finalsFor(before.id)).toHaveLength(0);
    expect(recorded.finalsFor(after.id)).toHaveLength(1);
  });

  it('a row last leased to another instance is looked for before it is announced: that instance may have announced it during an outage (seed 5529)', async () => {
    const { clock, repo, recorded, presence, delivery, failed } = setUp();
    await presence.join('w');
    const row = failed({ leaseOwner: 'other', leaseUntil: new Date(clock.now().getTime() - 1) });
    repo.seed(row);
    // The other instance told the user while the database was down, and its record was lost.
    await recorded.failed(row, { reason: 'boom', resumed: false, retryable: true, route: 'interaction' });
    await delivery.deliver(row, false);
    expect(recorded.finalsFor(row.id)).toHaveLength(1);
    expect(repo.all()[0]).toMatchObject({ notifyOutcome: 'delivered' });
  });

  it('a send whose answer was lost is looked for before the next delivery of the same request, even one started later (seed 8978)', async () => {
    const lost = { notifier: undefined as LostAnswers | undefined };
    const { clock, repo, recorded, presence, leases, delivery, failed } = setUp((r) => (lost.notifier = new LostAnswers(r, 1)));
    await presence.join('w');
    const row = failed({ leaseOwner: 'w', leaseUntil: new Date(clock.now().getTime() + MIN) });
    repo.seed(row);
    leases.confirmed([row.id], row.leaseUntil!, leases.stamp());
    // The message reaches Discord but the answer is lost; the retry finds the database down and
    // the lease run out, so this delivery gives up.
    repo.available = false;
    const first = delivery.deliver(row, false);
    await clock.advance(2 * MIN);
    await first;
    expect(recorded.finalsFor(row.id)).toHaveLength(1);
    // The database is back; the reconcile announces the stored failure again.
    repo.available = true;
    const stored = (await repo.get(row.id))!;
    const second = delivery.deliver(stored, false);
    await clock.advance(10_000);
    await second;
    expect(recorded.finalsFor(row.id)).toHaveLength(1);
    expect(lost.notifier?.lost).toBe(0);
  });

  it('a sweep right after the presence store restarted leaves absent owners\' rows, even before this process noticed its own presence ended (seed 16341)', async () => {
    const presence = new UnnoticedRestart();
    const w = makeWorld({ takeoverCheckMs: 1_000 }, { presence, workerId: 'sweeper', auto: false });
    await w.core.startUp();
    await w.clock.advance(60_000); // long after its own start-up: nothing settles any more
    const now = w.clock.now().getTime();
    // Its lease lapsed during the outage (nobody could renew); its owner is reconnecting.
    w.repo.seed(aRequest({ id: testUuid(), status: 'generating', operationName: 'op-x', startedAt: new Date(now - MIN), leaseOwner: 'reconnecting', leaseUntil: new Date(now - 1) }));
    presence.restarted(new Date(now - 1_000));
    expect(await w.core.resume.execute({ sweep: true })).toMatchObject({ status: 'nothing' });
    expect(w.repo.all()[0]?.leaseOwner).toBe('reconnecting');
    await w.clock.advance(3_000); // two rounds passed and it never came back: gone
    expect((await w.core.resume.execute({ sweep: true })).status).not.toBe('nothing');
    expect(w.repo.all()[0]?.leaseOwner).not.toBe('reconnecting');
  });

  it('the fence is the last word before a send: a look that took minutes is followed by a fresh claim (seed 13673)', async () => {
    const clock = new FakeClock();
    const repo = new InMemoryRequestRepository();
    const recorded = new RecordingNotifier();
    const row = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: clock.now(), finalCostUsd: 0, leaseOwner: 'crashed', leaseUntil: new Date(clock.now().getTime() - 1) });
    repo.seed(row);
    // Reading the channel hangs for ten minutes (the process is suspended); meanwhile a third
    // instance takes the row over, since every lease ran out.
    const slowLook: Notifier = Object.assign(Object.create(recorded) as RecordingNotifier, {
      async findDelivered() {
        clock.set(new Date(clock.now().getTime() + 10 * MIN));
        await repo.claim([row.id], { owner: 'third', until: new Date(clock.now().getTime() + MIN), now: clock.now() });
        return 'none' as const;
      },
    });
    const delivery = new NotificationDelivery({ repo, notifier: slowLook, store: new InMemoryVideoStore(), clock, logger: new MemoryLogger(), workerId: 'w', leases: new LeaseBook(), deliveryOptions: { attempts: 1 } });
    expect(await delivery.deliver(row, false)).toBe(false);
    expect(recorded.finalsFor(row.id)).toHaveLength(0);
    expect(repo.all()[0]?.leaseOwner).toBe('third');
  });

  it('the notifier asks the fence again right before the announcing post, and a lost row is not announced (seed 2215)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 12), { auto: true });
    const repo = new InMemoryRequestRepository();
    const recorded = new RecordingNotifier();
    const row = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: clock.now(), finalCostUsd: 0 });
    repo.seed(row);
    const asked: boolean[] = [];
    // The status edit hangs for two minutes; meanwhile another instance takes the row over.
    const hangingEdit: Notifier = Object.assign(Object.create(recorded) as RecordingNotifier, {
      async failed(request: typeof row, notice: Parameters<Notifier['failed']>[1]) {
        clock.set(new Date(clock.now().getTime() + 2 * MIN));
        await repo.claim([row.id], { owner: 'other', until: new Date(clock.now().getTime() + MIN), now: clock.now() });
        const ours = (await notice.fence?.()) ?? true;
        asked.push(ours);
        return ours ? recorded.failed(request, notice) : { delivered: false as const, reason: 'transient' as const, detail: 'fenced' };
      },
    });
    const delivery = new NotificationDelivery({ repo, notifier: hangingEdit, store: new InMemoryVideoStore(), clock, logger: new MemoryLogger(), workerId: 'w', leases: new LeaseBook(), deliveryOptions: { attempts: 2, backoffMs: 1 } });
    expect(await delivery.deliver(row, false)).toBe(false);
    expect(asked).toEqual([false]);
    expect(recorded.finalsFor(row.id)).toHaveLength(0);
    expect(repo.all()[0]?.leaseOwner).toBe('other');
  });

  it('a pause between the fence and the notifier call counts too (seed 477: suspended while the video was looked up)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 12), { auto: true });
    const repo = new InMemoryRequestRepository();
    const recorded = new RecordingNotifier();
    const store = new InMemoryVideoStore();
    store.put('gs://b/v.mp4', 1024);
    const row = aRequest({ id: testUuid(), status: 'completed', videoUrls: ['gs://b/v.mp4'], completedAt: clock.now(), finalCostUsd: 1 });
    repo.seed(row);
    const describe = store.describe.bind(store);
    store.describe = async (uri) => {
      clock.set(new Date(clock.now().getTime() + 7 * MIN));
      await repo.claim([row.id], { owner: 'other', until: new Date(clock.now().getTime() + MIN), now: clock.now() });
      return describe(uri);
    };
    const fenced: Notifier = Object.assign(Object.create(recorded) as RecordingNotifier, {
      async completed(request: typeof row, notice: Parameters<Notifier['completed']>[1]) {
        if (notice.fence && !(await notice.fence())) return { delivered: false as const, reason: 'transient' as const, detail: 'fenced' };
        return recorded.completed(request, notice);
      },
    });
    const delivery = new NotificationDelivery({ repo, notifier: fenced, store, clock, logger: new MemoryLogger(), workerId: 'w', leases: new LeaseBook(), deliveryOptions: { attempts: 1 } });
    expect(await delivery.deliver(row, false)).toBe(false);
    expect(recorded.finalsFor(row.id)).toHaveLength(0);
  });

  it('a claim made while this process does not hold its presence fences nothing: no send until it is announced again (seed 1741)', async () => {
    const { repo, recorded, presence, leases, delivery, failed } = setUp();
    const row = failed();
    repo.seed(row);
    // The database answers, but this process's presence ended with the outage and is not back yet.
    expect(await delivery.deliver(row, false)).toBe(false);
    expect(recorded.finalsFor(row.id)).toHaveLength(0);
    await presence.join('w');
    leases.rejoined();
    await repo.releaseLease(row.id, 'w');
    expect(await delivery.deliver(row, false)).toBe(true);
    expect(recorded.finalsFor(row.id)).toHaveLength(1);
  });
});
