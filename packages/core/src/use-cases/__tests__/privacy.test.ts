import { describe, expect, it } from 'vitest';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { LogEvents } from '../../domain/messages.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { aTestImage } from '../../testing/images.js';
import { InMemoryErasureStore } from '../../testing/in-memory-erasure-store.js';
import { CleanupExpiredRequests } from '../cleanup-expired-requests.js';
import { PurgeStoredObjects } from '../purge-stored-objects.js';

const DAY = 24 * 60 * 60_000;
const png = { bytes: aTestImage('image/png', { width: 640, height: 360 }), mimeType: 'image/png' as const, width: 640, height: 360 };

/** An old finished request with its video and image, as a real render leaves it. */
function oldVideo(w: ReturnType<typeof makeWorld>) {
  const id = testUuid();
  const prefix = w.generator.outputPrefix(id);
  const created = new Date(w.clock.now().getTime() - 40 * DAY);
  w.repo.seed(aRequest({ id, status: 'completed', createdAt: created, operationName: 'ops/x', attempts: 1, gcsPrefix: prefix, videoUrls: [`${prefix}sample_0.mp4`] }), png);
  w.store.put(`${prefix}sample_0.mp4`, 5000);
  w.store.put(`${prefix}sample_0.mp4.json`, 10, 'application/json');
  return { id, prefix };
}

/** A process that dies right after the deletes: the queue entry is never dropped. */
class DiesBeforeDropping extends InMemoryErasureStore {
  override async purgeDone(): Promise<void> {
    throw new Error('killed');
  }
}

describe('retention deletes the videos and images too (issue 18)', () => {
  it('rows, images and every object under the request folder go; recent requests stay', async () => {
    const w = makeWorld({ retentionDays: 30 }, { erasure: true });
    const old = oldVideo(w);
    const recent = aRequest({ id: testUuid(), status: 'completed', createdAt: w.clock.now(), gcsPrefix: 'gs://fake-bucket/veo/recent/', videoUrls: ['gs://fake-bucket/veo/recent/sample_0.mp4'] });
    w.repo.seed(recent);
    w.store.put('gs://fake-bucket/veo/recent/sample_0.mp4', 100);
    const dry = await w.core.cleanup.execute({ dryRun: true });
    expect(dry).toMatchObject({ deleted: 1, dryRun: true });
    expect(await w.store.list(old.prefix)).toHaveLength(2);
    const result = await w.core.cleanup.execute();
    expect(result).toMatchObject({ deleted: 1, purge: { purged: 1, objectsDeleted: 2, failed: 0, queued: 0 } });
    expect(await w.repo.get(old.id)).toBeNull();
    expect(w.repo.imageCount()).toBe(0);
    expect(await w.store.list(old.prefix)).toEqual([]);
    expect(await w.store.describe('gs://fake-bucket/veo/recent/sample_0.mp4')).not.toBeNull();
  });

  it('objects Cloud Storage refuses to delete stay queued and are deleted by the next run; nothing is orphaned', async () => {
    const w = makeWorld({ retentionDays: 30 }, { erasure: true });
    const old = oldVideo(w);
    w.store.failDeletes = true;
    const first = await w.core.cleanup.execute();
    // The row is gone, but its objects are still known: the queue entry was written with the delete.
    expect(first).toMatchObject({ deleted: 1, purge: { purged: 0, failed: 1, queued: 1 } });
    expect(await w.repo.get(old.id)).toBeNull();
    expect(w.logger.find(LogEvents.purgeFailed)[0]?.fields).toMatchObject({ request_id: old.id, attempt: 1 });
    expect(await w.store.list(old.prefix)).toHaveLength(2);
    w.store.failDeletes = false;
    expect(await w.core.cleanup.execute()).toMatchObject({ deleted: 0, purge: { purged: 1, queued: 0 } });
    expect(await w.store.list(old.prefix)).toEqual([]);
  });

  it('a sweep that crashed after deleting the objects but before dropping the entry is finished by the next one', async () => {
    const w = makeWorld({ retentionDays: 30 }, { erasure: true });
    const old = oldVideo(w);
    await w.repo.deleteOlderThan(w.clock.now(), 10);
    const erasure = new InMemoryErasureStore(w.repo);
    const dying = new PurgeStoredObjects({ erasure: new DiesBeforeDropping(w.repo), store: w.store, clock: w.clock, logger: w.logger });
    expect(await dying.execute()).toMatchObject({ purged: 0, objectsDeleted: 2, failed: 1, queued: 1 });
    const next = new CleanupExpiredRequests({ repo: w.repo, clock: w.clock, logger: w.logger, retentionDays: 30, purge: new PurgeStoredObjects({ erasure, store: w.store, clock: w.clock, logger: w.logger }) });
    expect(await next.execute()).toMatchObject({ purge: { purged: 1, objectsDeleted: 0, queued: 0 } });
    expect(await w.store.list(old.prefix)).toEqual([]);
  });

  it('without retention no request is deleted, but queued purges are still swept', async () => {
    const w = makeWorld({}, { erasure: true });
    oldVideo(w);
    expect(await w.core.cleanup.execute()).toMatchObject({ deleted: 0, retentionDays: null, purge: { purged: 0, queued: 0 } });
    expect(w.repo.all()).toHaveLength(1);
  });
});

describe('forget (issue 18)', () => {
  it('cancels a render in flight here: nothing of it is delivered, its folder is swept again until the recheck passes', async () => {
    const w = makeWorld({}, { erasure: true, auto: false });
    w.generator.script('mine', { outcome: 'succeed', afterPolls: 50 });
    const submitted = await w.core.submit.execute(veo('mine'));
    if (!submitted.ok) throw new Error('not accepted');
    const { id } = submitted.request;
    for (let i = 0; i < 20 && (await w.repo.get(id))?.status !== 'generating'; i++) await w.clock.advance(1000);
    expect((await w.repo.get(id))?.status).toBe('generating');
    const forget = w.core.forget;
    if (!forget) throw new Error('no forget');
    expect(await forget.execute({ userId: 'user-1', dryRun: true })).toMatchObject({ dryRun: true, counts: { requests: 1, inFlight: 1 }, purge: null });
    expect((await w.repo.get(id))?.prompt).toBe('mine');
    const result = await forget.execute({ userId: 'user-1' });
    expect(result).toMatchObject({ dryRun: false, cancelled: 1, counts: { requests: 1, inFlight: 1 }, purge: { purged: 1, queued: 1 } });
    // Google finishes anyway and writes the video into the request's folder.
    const late = `${w.generator.outputPrefix(id)}sample_0.mp4`;
    w.store.put(late, 4096);
    for (let i = 0; i < 30; i++) await w.clock.advance(10_000);
    await w.core.scheduler.whenIdle();
    expect(w.notifier.finalsFor(id)).toEqual([]);
    expect(await w.core.purge?.execute()).toMatchObject({ purged: 1, objectsDeleted: 1, queued: 1 });
    expect(await w.store.describe(late)).toBeNull();
    await w.clock.advance(60 * 60_000);
    expect(await w.core.purge?.execute()).toMatchObject({ purged: 1, queued: 0 });
    expect(await w.repo.get(id)).toMatchObject({ userId: '', prompt: '', status: 'failed' });
    // The user id is not written to the log by the erasure.
    expect(JSON.stringify(w.logger.find(LogEvents.userForgotten))).not.toContain('user-1');
    await w.core.shutdown();
  });

  it('is not offered without an erasure store', () => {
    expect(makeWorld().core.forget).toBeNull();
  });
});
