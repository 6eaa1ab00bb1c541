import { RequestNotFoundError } from '../domain/errors.js';
import { describe, expect, it } from 'vitest';
import { Messages } from '../domain/messages.js';
import { aRequest, testUuid } from '../testing/builders.js';
import { flushAsync } from '../testing/fake-clock.js';
import type { ScriptedVideoGenerator } from '../testing/scripted-video-generator.js';
import { MemoryLogger } from '../testing/memory-logger.js';
import { FakeClock } from '../testing/fake-clock.js';
import { InMemoryRequestRepository } from '../testing/in-memory-request-repository.js';
import { UnstoredWrites } from '../services/unstored-writes.js';
import { RequestWriter } from '../services/request-writer.js';
import { makeWorld, veo } from './harness.js';

const MIN = 60_000;

import { Gate, HungPoll } from './sim-finding-doubles.js';

/** More of what the simulator found: several paths of one process to one row, and writes kept back by an outage. */
describe('one process, several paths to one row (seeds 20, 4408, 6172, 2767, 6758)', () => {
  it('the time cap lets its cancelled job finish first: a video that arrives then stands, no timeout is written (seed 20)', async () => {
    const settings = { scheduler: { taskTimeoutMs: 2 * MIN }, generation: { generationTimeoutMs: 60 * MIN } };
    const base = makeWorld(settings, { auto: false });
    const gate = new Gate();
    const hung = new HungPoll(base.generator, gate, () => base.clock.now().getTime() >= start + 90_000);
    const w = makeWorld(settings, { auto: false, repo: base.repo, clock: base.clock, generator: hung as unknown as ScriptedVideoGenerator });
    const start = w.clock.now().getTime();
    base.generator.script('late', { outcome: 'succeed', afterPolls: 10_000 });
    const submitted = await w.core.submit.execute(veo('late'));
    if (!submitted.ok) throw new Error('submit refused');
    for (let t = 0; t < 125_000; t += 5_000) await w.clock.advance(5_000); // the cap fires with a poll in flight
    w.store.put('gs://fake-bucket/late.mp4', 1024);
    gate.open();
    for (let i = 0; i < 10; i++) await w.clock.advance(5_000);
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]?.status).toBe('completed');
    expect(w.notifier.finalsFor(submitted.request.id).map((n) => n.kind)).toEqual(['completed']);
  });

  it('a row this process is still creating is not taken by its own sweep (seed 4408)', async () => {
    const w = makeWorld();
    const row = aRequest({ id: testUuid(), leaseOwner: 'worker-a', leaseUntil: new Date(w.clock.now().getTime() - 1) });
    w.repo.seed(row);
    const letGo = w.core.scheduler.expect(row.id);
    expect((await w.core.resume.execute({ sweep: true })).status).toBe('nothing');
    letGo();
    expect((await w.core.resume.execute({ sweep: true })).total).toBe(1);
  });

  it('a row this process still has an unwritten newer state of is not taken by its own sweep (seed 6172)', async () => {
    const w = makeWorld({}, { auto: false });
    const row = aRequest({ id: testUuid(), leaseOwner: 'worker-a', leaseUntil: new Date(w.clock.now().getTime() - 1) });
    w.repo.seed(row);
    w.core.unstored.remember({ ...row, status: 'timeout', completedAt: w.clock.now() });
    expect((await w.core.resume.execute({ sweep: true })).status).toBe('nothing');
    expect(w.generator.startCalls).toHaveLength(0);
  });

  it('a start in doubt polls the operation once the process that made it stores it (seed 2767: filtered, so $0)', async () => {
    const w = makeWorld();
    w.generator.script('filtered', { outcome: 'filtered', afterPolls: 1 });
    const started = await w.generator.start('x', { prompt: 'filtered', model: 'veo-3.1-generate-001', durationSeconds: 8, aspectRatio: '16:9', resolution: '720p', generateAudio: true, negativePrompt: null, seed: null, personGeneration: null, sourceVideoUri: null });
    if (!started.ok) throw new Error('start refused');
    const row = aRequest({ id: testUuid(), attempts: 1, leaseOwner: 'worker-a', leaseUntil: new Date(w.clock.now().getTime() + MIN) });
    w.repo.seed(row);
    const run = w.core.runner.execute({ request: row, resumed: true }, { cancelled: false, onCancel: () => () => undefined });
    await flushAsync(5);
    await w.repo.transition(row.id, { to: 'generating', at: w.clock.now(), operationName: started.operationName });
    await run;
    expect(w.repo.all()[0]).toMatchObject({ status: 'failed', finalCostUsd: 0 });
    expect(w.repo.all()[0]?.errorMessage).not.toBe(Messages.unknownStartOutcome);
  });

  it('a start in doubt is recovered, not failed in advance, when its channel cannot be reached (seed 6758)', async () => {
    const w = makeWorld({}, { workerId: 'restarted' });
    const row = aRequest({ id: testUuid(), attempts: 1, channelId: 'gone' });
    w.repo.seed(row);
    w.store.put(`${w.generator.outputPrefix(row.id)}video.mp4`, 1024);
    w.notifier.goneChannels.add('gone');
    await w.core.startUp();
    await w.core.scheduler.whenIdle();
    expect(w.repo.all()[0]).toMatchObject({ status: 'completed', notifyOutcome: 'undeliverable' });
  });
});

describe('writes kept back by an outage (UnstoredWrites)', () => {
  const setup = () => {
    const clock = new FakeClock();
    const repo = new InMemoryRequestRepository();
    return { clock, repo, unstored: new UnstoredWrites({ repo, clock, logger: new MemoryLogger(), workerId: 'w' }) };
  };

  it('a video that arrives while the time cap\'s failure waits, unannounced, replaces it; nothing replaces a video (seed 1342)', () => {
    const { unstored } = setup();
    const base = aRequest({ id: testUuid(), status: 'generating', operationName: 'op' });
    unstored.remember({ ...base, status: 'timeout' });
    unstored.remember({ ...base, status: 'completed', videoUrls: ['gs://b/v.mp4'] });
    expect(unstored.peek(base.id)?.status).toBe('completed');
    unstored.remember({ ...base, status: 'timeout' });
    unstored.remember({ ...base, status: 'generating' });
    expect(unstored.peek(base.id)?.status).toBe('completed');
  });

  it('a newer state remembered while an older one is being written is kept for the next round (seed 77)', async () => {
    const { unstored, repo, clock } = setup();
    const pending = aRequest({ id: testUuid() });
    unstored.remember(pending);
    const first = unstored.reconcile();
    unstored.remember({ ...pending, status: 'generating', operationName: 'op-1', startedAt: clock.now(), updatedAt: clock.now() });
    await first;
    expect(repo.all()[0]?.status).toBe('pending');
    expect(unstored.size).toBe(1);
    await unstored.reconcile();
    expect(repo.all()[0]).toMatchObject({ status: 'generating', operationName: 'op-1' });
  });

  it('a refused start taken off the count after the backfill wrote it reaches the row (seed 202)', async () => {
    const { unstored, repo, clock } = setup();
    const row = aRequest({ id: testUuid(), attempts: 1, leaseOwner: 'w', leaseUntil: new Date(clock.now().getTime() + MIN) });
    repo.seed(row);
    unstored.markCountedHere(row.id);
    unstored.remember({ ...row, attempts: 0, updatedAt: clock.now() });
    await unstored.reconcile();
    expect(repo.all()[0]?.attempts).toBe(0);
  });

  it('a job\'s own stale copy never takes a start off the count (seed 10728: a start in doubt charged $0)', async () => {
    const { unstored, repo, clock } = setup();
    const row = aRequest({ id: testUuid(), attempts: 1, estimatedCostUsd: 3.2, leaseOwner: 'w', leaseUntil: new Date(clock.now().getTime() + MIN) });
    repo.seed(row);
    unstored.remember({ ...row, attempts: 0, status: 'failed', errorMessage: 'could not confirm', completedAt: clock.now(), finalCostUsd: null, updatedAt: clock.now() });
    await unstored.reconcile();
    expect(repo.all()[0]).toMatchObject({ status: 'failed', attempts: 1, finalCostUsd: 3.2 });
  });

  it('an outcome remembered as announced stays announced when the same outcome is remembered again (seed 1983)', () => {
    const { unstored, clock } = setup();
    const row = aRequest({ id: testUuid(), status: 'timeout', completedAt: clock.now() });
    unstored.remember({ ...row, notifiedAt: clock.now(), notifyOutcome: 'delivered' });
    unstored.remember(row);
    expect(unstored.peek(row.id)).toMatchObject({ notifiedAt: clock.now(), notifyOutcome: 'delivered' });
  });

  it('a second outcome met while the first waits to be written loses, as it would in the database (seed 3291)', async () => {
    const { unstored, repo, clock } = setup();
    const writer = new RequestWriter({ repo, clock, logger: new MemoryLogger(), unstored });
    const row = aRequest({ id: testUuid(), status: 'generating', operationName: 'op', startedAt: clock.now() });
    repo.seed(row);
    repo.available = false;
    expect((await writer.transition(row, { to: 'completed', at: clock.now(), videoUrls: ['gs://b/v.mp4'] })).kind).toBe('unstored');
    expect(await writer.transition(row, { to: 'timeout', at: clock.now(), errorMessage: 'cap' })).toMatchObject({ kind: 'lost-race', request: { status: 'completed' } });
  });

  it('a backfill that finds the row written meanwhile applies its change to it, never hands back the older row (seed 3858)', async () => {
    const { unstored, repo, clock } = setup();
    const row = aRequest({ id: testUuid(), status: 'generating', operationName: 'op', startedAt: clock.now() });
    const racing = Object.create(repo) as InMemoryRequestRepository;
    let first = true;
    racing.transition = async (id, change) => {
      if (!first) return repo.transition(id, change);
      first = false;
      repo.seed(row); // the reconcile wrote the generating state just now
      throw new RequestNotFoundError(id);
    };
    const writer = new RequestWriter({ repo: racing, clock, logger: new MemoryLogger(), unstored });
    const written = await writer.transition(row, { to: 'completed', at: clock.now(), videoUrls: ['gs://b/v.mp4'] });
    expect(written).toMatchObject({ kind: 'stored', request: { status: 'completed' } });
    expect(repo.all()[0]?.status).toBe('completed');
  });

  it('a terminal state written without an explicit cost lets the stored row decide it (seed 77: time cap with a stale copy)', async () => {
    const { unstored, repo, clock } = setup();
    const row = aRequest({ id: testUuid(), status: 'generating', operationName: 'op-1', startedAt: clock.now(), estimatedCostUsd: 3.2 });
    repo.seed(row);
    // The time cap's copy is the request as queued: no operation name, and a default cost of $0.
    const writer = new RequestWriter({ repo, clock, logger: new MemoryLogger(), unstored });
    repo.available = false;
    const written = await writer.transition(aRequest({ id: row.id, estimatedCostUsd: 3.2 }), { to: 'timeout', at: clock.now(), errorMessage: 'too slow' });
    expect(written.kind).toBe('unstored');
    repo.available = true;
    await unstored.reconcile();
    expect(repo.all()[0]).toMatchObject({ status: 'timeout', finalCostUsd: 3.2 });
  });
});

