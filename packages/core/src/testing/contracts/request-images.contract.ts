import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceImage } from '../../domain/source-image.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';
import { aTestImage } from '../images.js';
import type { RepositoryFixture } from './request-repository.contract.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const anImage = (fill: number): SourceImage => ({ bytes: aTestImage('image/webp', { width: 1024, height: 1024, sizeBytes: 64 * 1024, fill }), mimeType: 'image/webp', width: 1024, height: 1024 });

/**
 * The image side of a RequestRepository (first frames stored atomically with their request,
 * deleted with it) and the completion history ETAs are made from. Part of
 * `requestRepositoryContract`.
 */
export function requestImagesContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRepository contract (images, completion history): ${name}`, () => {
    let fx: RepositoryFixture;
    let repo: RequestRepository;
    beforeEach(async () => {
      fx = await setup();
      repo = fx.repo;
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    it('stores a request with its image in one create and reads the exact bytes back; text-only requests have none', async () => {
      const image = anImage(1);
      const request = aRequest({ id: testUuid() });
      expect(await repo.create(request, image)).toEqual({ created: true, request });
      expect(await repo.findImage(request.id)).toEqual(image);
      const plain = aRequest({ id: testUuid() });
      await repo.create(plain);
      expect(await repo.findImage(plain.id)).toBeNull();
      expect(await repo.findImage(testUuid())).toBeNull();
    });

    it('a duplicate create (same id, or a second follow-up of the same request) keeps the first image and adds none', async () => {
      const request = aRequest({ id: testUuid() });
      await repo.create(request, anImage(1));
      expect(await repo.create(request, anImage(2))).toMatchObject({ created: false, conflict: 'id' });
      expect((await repo.findImage(request.id))?.bytes).toEqual(anImage(1).bytes);
      const done = aRequest({ id: testUuid(), createdAt: at(-5) });
      await repo.create(done);
      const first = aRequest({ id: testUuid(), retryOf: done.id });
      const second = aRequest({ id: testUuid(), retryOf: done.id });
      await repo.create(first, anImage(3));
      expect(await repo.create(second, anImage(4))).toMatchObject({ created: false, conflict: 'retry_of' });
      expect(await repo.findImage(second.id)).toBeNull();
    });

    it('retention deletes the image with its request', async () => {
      const old = aRequest({ id: testUuid(), createdAt: at(-10_000) });
      await repo.create(old, anImage(5));
      await repo.transition(old.id, { to: 'failed', at: at(-9_000), errorMessage: 'x' });
      expect(await repo.deleteOlderThan(at(-100), 10)).toBe(1);
      expect(await repo.findImage(old.id)).toBeNull();
    });

    it('recentCompletionDurations: generation times of the newest completed requests of one model', async () => {
      const finish = async (model: string, minute: number, seconds: number, to: 'completed' | 'failed' = 'completed') => {
        const r = aRequest({ id: testUuid(), model, createdAt: at(minute - 10) });
        await repo.create(r);
        await repo.transition(r.id, { to: 'generating', at: at(minute), operationName: `op-${r.id}`, gcsPrefix: 'gs://b/p/' });
        await repo.transition(r.id, { to, at: new Date(at(minute).getTime() + seconds * 1000), ...(to === 'completed' ? { videoUrls: ['gs://b/p/v.mp4'] } : { errorMessage: 'x' }) });
      };
      await finish('veo-3.1-generate-001', 1, 50);
      await finish('veo-3.1-generate-001', 2, 70);
      await finish('veo-3.1-generate-001', 3, 90, 'failed');
      await finish('veo-3.1-fast-generate-001', 4, 30);
      await finish('veo-3.1-generate-001', 5, 80);
      expect(await repo.recentCompletionDurations('veo-3.1-generate-001', 20)).toEqual([80_000, 70_000, 50_000]);
      expect(await repo.recentCompletionDurations('veo-3.1-generate-001', 2)).toEqual([80_000, 70_000]);
      expect(await repo.recentCompletionDurations('veo-3.1-fast-generate-001', 20)).toEqual([30_000]);
      expect(await repo.recentCompletionDurations('veo-2.0-generate-001', 20)).toEqual([]);
    });
  });
}
