import { describe, expect, it } from 'vitest';
import { LogEvents, Messages } from '../domain/messages.js';
import { aRequest, testUuid } from '../testing/builders.js';
import { flushAsync } from '../testing/fake-clock.js';
import { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import { RecordingNotifier } from '../testing/recording-notifier.js';
import type { ScriptedVideoGenerator } from '../testing/scripted-video-generator.js';
import { MemoryLogger } from '../testing/memory-logger.js';
import { FakeClock } from '../testing/fake-clock.js';
import { InMemoryRequestRepository } from '../testing/in-memory-request-repository.js';
import { LeaseBook } from '../services/lease-book.js';
import { NotificationDelivery } from '../services/notification-delivery.js';
import { InMemoryVideoStore } from '../testing/in-memory-video-store.js';
import { makeWorld, veo } from './harness.js';

const MIN = 60_000;

import { HangingStarts, SlowJoin, SlowUpload } from './sim-finding-doubles.js';

/**
 * Regression tests for what the deterministic simulator (packages/sim) found after issue 15's
 * four holes were closed; each names the seed that found it. Each failed on the code before its fix.
 */
describe('simulator findings', () => {
  it('a failure met while the database is down is announced once it is stored, not before (seed 36)', async () => {
    const w = makeWorld({}, { auto: false });
    w.generator.script('boom', { outcome: 'fail', message: 'Vertex exploded', afterPolls: 1 });
    const submitted = await w.core.submit.execute(veo('boom'));
    if (!submitted.ok) throw new Error('submit refused');
    await flushAsync(10);
    expect(w.repo.all()[0]?.status).toBe('generating');
    w.repo.available = false;
    for (let i = 0; i < 10; i++) await w.clock.advance(15_000);
    expect(w.notifier.finalsFor(submitted.request.id)).toHaveLength(0);
    w.repo.available = true;
    await w.core.unstored.reconcile();
    await flushAsync(20);
    expect(w.repo.all()[0]).toMatchObject({ status: 'failed', notifyOutcome: 'delivered' });
    expect(w.notifier.finalsFor(submitted.request.id)).toHaveLength(1);
  });

  it('two paths of one process that reach one request at once announce it once (seed 202: time cap and the job\'s own verdict)', async () => {
    const w = makeWorld();
    const row = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(row);
    await Promise.all([w.core.runner.delivery.deliver(row, false), w.core.runner.delivery.deliver(row, false)]);
    expect(w.notifier.finalsFor(row.id)).toHaveLength(1);
  });

  it('a slow upload keeps the lease of a row no job holds (seed 536: a backfilled request)', async () => {
    const shared = new RecordingNotifier();
    const w = makeWorld({}, { auto: false, notifier: new SlowUpload(shared, () => w.clock, 3 * MIN) });
    const now = w.clock.now().getTime();
    w.store.put('gs://bucket/veo-bot/x/video.mp4', 1024);
    const row = aRequest({ id: testUuid(), status: 'completed', videoUrls: ['gs://bucket/veo-bot/x/video.mp4'], completedAt: new Date(now), leaseOwner: 'worker-a', leaseUntil: new Date(now + 10_000) });
    w.repo.seed(row);
    const delivered = w.core.runner.delivery.deliver(row, false);
    for (let t = 0; t < 150_000; t += 20_000) {
      await w.clock.advance(20_000);
      await w.core.keepLeases.execute();
    }
    const held = w.repo.all()[0]!;
    expect(held.leaseOwner).toBe('worker-a');
    expect(held.leaseUntil!.getTime()).toBeGreaterThan(w.clock.now().getTime());
    await w.clock.advance(60_000);
    await delivered;
    expect(shared.finalsFor(row.id)).toHaveLength(1);
  });

  it('after a database restart, rows of other instances wait until they had two rounds to reconnect (seeds 154, 251)', async () => {
    const presence = new InMemoryWorkerPresence();
    const a = makeWorld({}, { presence, workerId: 'A', auto: false });
    const b = makeWorld({ takeoverCheckMs: 1_000 }, { presence, workerId: 'B', repo: a.repo, clock: a.clock, generator: a.generator });
    const now = a.clock.now().getTime();
    // A's lease lapsed while nobody could renew it.
    a.repo.seed(aRequest({ id: testUuid(), status: 'generating', operationName: 'op-a', startedAt: new Date(now - MIN), leaseOwner: 'A', leaseUntil: new Date(now - 1) }));
    await presence.join('A');
    await presence.join('B');
    presence.drop('A');
    presence.drop('B');
    expect((await b.core.resume.execute({ sweep: true })).status).toBe('nothing');
    b.core.startBackground({ clock: a.clock, logger: b.logger });
    await a.clock.advance(1_000); // B re-announces itself: the others get two rounds
    await a.clock.advance(1_000);
    expect(a.repo.all()[0]?.leaseOwner).toBe('A');
    await a.clock.advance(2_000); // A never came back: it is gone, and B takes the row over
    expect(a.repo.all()[0]?.leaseOwner).not.toBe('A');
    expect(b.logger.entries.some((e) => e.event === LogEvents.resumeStarting)).toBe(true);
    await b.core.shutdown();
  });

  it('a process that starts just after the database restarted leaves absent owners\' rows for two rounds (seed 496)', async () => {
    const presence = new InMemoryWorkerPresence();
    const w = makeWorld({ takeoverCheckMs: 1_000 }, { presence, workerId: 'fresh', auto: false });
    const now = w.clock.now().getTime();
    w.repo.seed(aRequest({ id: testUuid(), status: 'generating', operationName: 'op-x', startedAt: new Date(now - MIN), leaseOwner: 'reconnecting', leaseUntil: new Date(now + MIN) }));
    presence.restarted(new Date(now - 500)); // every session ended half a second ago
    const summary = await w.core.startUp();
    expect(summary).toMatchObject({ status: 'nothing' });
    w.core.startBackground({ clock: w.clock, logger: w.logger });
    await w.clock.advance(1_000);
    expect(w.repo.all()[0]?.leaseOwner).toBe('reconnecting');
    await w.clock.advance(2_000); // it never came back: gone
    expect(w.repo.all()[0]?.leaseOwner).not.toBe('reconnecting');
    await w.core.shutdown();
  });

  it('a visible message announcing another outcome is not taken for this one (seed 36)', async () => {
    const w = makeWorld();
    const row = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(row);
    await w.notifier.completed(row, { video: { sizeBytes: 1, mimeType: 'video/mp4', fileName: 'v.mp4', link: 'https://x', open: async function* () {} }, resumed: false, route: 'channel' });
    await w.core.runner.delivery.deliverUnlessVisible(row, true);
    expect(w.notifier.finalsFor(row.id).map((n) => n.kind)).toEqual(['completed', 'failed']);
    // The same outcome already visible: recorded, not sent again.
    const other = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(other);
    await w.notifier.failed(other, { reason: 'boom', resumed: false, retryable: true, route: 'channel' });
    await w.core.runner.delivery.deliverUnlessVisible(other, true);
    expect(w.notifier.finalsFor(other.id)).toHaveLength(1);
    expect(w.repo.all().find((r) => r.id === other.id)?.notifyOutcome).toBe('delivered');
  });

  it('when a follow-up may have arrived and the channel cannot be read, the outcome is shown in place, not posted again (seed 9)', async () => {
    const w = makeWorld();
    const row = aRequest({ id: testUuid(), createdAt: w.clock.now(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(row);
    w.notifier.transientFailures = 1;
    w.notifier.unreadableChecks = 3;
    await w.core.runner.delivery.deliver(row, false);
    const finals = w.notifier.finalsFor(row.id);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ kind: 'failed', notice: { route: 'in-place' } });
    // The chat answers again: a lost follow-up is looked for and a new one sent as usual.
    const next = aRequest({ id: testUuid(), createdAt: w.clock.now(), status: 'failed', errorMessage: 'boom', completedAt: w.clock.now(), finalCostUsd: 0 });
    w.repo.seed(next);
    w.notifier.transientFailures = 1;
    await w.core.runner.delivery.deliver(next, false);
    expect(w.notifier.finalsFor(next.id)).toMatchObject([{ notice: { route: 'interaction' } }]);
  });

  it('a start made while the request has no row is counted in the state its backfill writes (seed 1270: billed twice after a restart)', async () => {
    const w = makeWorld({}, { auto: false, generator: undefined });
    const hanging = new HangingStarts(w.generator);
    const v = makeWorld({}, { auto: false, repo: w.repo, clock: w.clock, generator: hanging as unknown as ScriptedVideoGenerator });
    w.repo.available = false;
    const submitted = await v.core.submit.execute(veo('no row'));
    if (!submitted.ok || submitted.persisted !== false) throw new Error('expected a synthetic id');
    await flushAsync(10);
    expect(hanging.calls).toBe(1); // the start is on its way; this process then dies
    w.repo.available = true;
    await v.core.unstored.reconcile();
    expect(w.repo.all()[0]).toMatchObject({ id: submitted.request.id, status: 'pending', attempts: 1 });
    const restarted = makeWorld({}, { auto: false, repo: w.repo, clock: w.clock, workerId: 'worker-b' });
    expect((await restarted.core.resume.plan()).items.map((i) => i.action)).toEqual(['recover']);
  });

  it('once its row exists, a start that cannot be counted waits for the database (seed 8130)', async () => {
    const w = makeWorld({}, { auto: false });
    w.generator.script('backfilled', { outcome: 'quota', times: 1, then: { outcome: 'succeed' } });
    w.repo.available = false;
    const submitted = await w.core.submit.execute(veo('backfilled', {}, 'user-2'));
    if (!submitted.ok || submitted.persisted !== false) throw new Error('expected a synthetic id');
    await flushAsync(10);
    expect(w.generator.startCalls).toHaveLength(1); // refused with 429: nothing started
    w.repo.available = true;
    await w.core.unstored.reconcile();
    expect(w.repo.all()[0]).toMatchObject({ status: 'pending', attempts: 0 });
    w.repo.available = false;
    for (let i = 0; i < 6; i++) await w.clock.advance(10_000);
    expect(w.generator.startCalls).toHaveLength(1);
    w.repo.available = true;
    for (let i = 0; i < 12 && w.generator.startCalls.length < 2; i++) await w.clock.advance(10_000);
    expect(w.generator.startCalls).toHaveLength(2);
    expect(w.repo.all()[0]?.attempts).toBe(1);
  });

  it('the time cap names its real length with default settings, not "NaN minutes" (seed 202)', async () => {
    // Polling may go on longer than the cap here, so that the cap is what ends it.
    const w = makeWorld({ generation: { generationTimeoutMs: 60 * MIN } });
    w.generator.script('forever', { outcome: 'succeed', afterPolls: 10_000 });
    await w.core.submit.execute(veo('forever'));
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]?.errorMessage).toBe(Messages.processingTimedOut(10));
  });

  it('a start held back by new work waits until start-up\'s first try: interrupted rows go first (seed 587)', async () => {
    const presence = new SlowJoin(new InMemoryWorkerPresence(), () => w.clock, 5_000);
    const w = makeWorld({ scheduler: { concurrency: 1 } }, { presence: presence as unknown as InMemoryWorkerPresence, workerId: 'restarted' });
    const now = w.clock.now().getTime();
    const old = aRequest({ id: testUuid(), prompt: 'old', createdAt: new Date(now - 30_000), leaseOwner: 'killed', leaseUntil: new Date(now + 50_000) });
    w.repo.seed(old);
    const startUp = w.core.startUp();
    const fresh = await w.core.submit.execute(veo('new during start-up'));
    await startUp;
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([old.id, fresh.ok ? fresh.request.id : '']);
  });
});

describe('the delivery fence when time or the database misbehave', () => {
  it('the time cap keeps the row while it writes and announces the timeout: its cancelled job does not let go of it (seed 2293)', async () => {
    const w = makeWorld({ scheduler: { taskTimeoutMs: 2 * MIN }, generation: { generationTimeoutMs: 60 * MIN } });
    w.generator.script('slow', { outcome: 'succeed', afterPolls: 10_000 });
    await w.core.submit.execute(veo('slow'));
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]).toMatchObject({ status: 'timeout', notifyOutcome: 'delivered' });
    expect(w.repo.calls).not.toContain('releaseLease');
  });

  it('while the database is down, a row whose confirmed lease ran out is not announced; one whose lease runs is (seed 1427)', async () => {
    const clock = new FakeClock();
    const repo = new InMemoryRequestRepository();
    const notifier = new RecordingNotifier();
    const leases = new LeaseBook();
    const store = new InMemoryVideoStore();
    const delivery = new NotificationDelivery({ repo, notifier, store, clock, logger: new MemoryLogger(), workerId: 'w', leases, deliveryOptions: { attempts: 1 } });
    const failed = (id: string) => aRequest({ id, status: 'failed', errorMessage: 'boom', completedAt: clock.now(), finalCostUsd: 0 });
    const lapsed = failed(testUuid());
    const running = failed(testUuid());
    leases.confirmed([lapsed.id], new Date(clock.now().getTime() - 1), leases.stamp());
    leases.confirmed([running.id], new Date(clock.now().getTime() + MIN), leases.stamp());
    repo.available = false;
    await delivery.deliver(lapsed, false);
    await delivery.deliver(running, false);
    expect(notifier.finalsFor(lapsed.id)).toHaveLength(0);
    expect(notifier.finalsFor(running.id)).toHaveLength(1);
    // A lease the database said another instance took (seed 9030) stops it too.
    const taken = failed(testUuid());
    leases.confirmed([taken.id], new Date(clock.now().getTime() + MIN), leases.stamp());
    leases.lost(taken.id);
    await delivery.deliver(taken, false);
    expect(notifier.finalsFor(taken.id)).toHaveLength(0);
  });
});

