import { describe, expect, it } from 'vitest';
import type { SourceImage } from '../../domain/source-image.js';
import { NO_IMAGES, firstFrameOnly } from '../../domain/request-images.js';
import { aRequest, testUuid } from '../builders.js';
import { aTestImage } from '../images.js';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';

const anImage = (fill: number): SourceImage => ({ bytes: aTestImage('image/webp', { width: 1024, height: 1024, sizeBytes: 64 * 1024, fill }), mimeType: 'image/webp', width: 1024, height: 1024 });

/**
 * The image side of a RequestRepository (every image — first frame, last frame, reference
 * images in order — stored atomically with its request in its role, deleted with it) and the completion history ETAs are made from. Part of
 * `requestRepositoryContract`.
 */
export function requestImagesContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRepository contract (images, completion history): ${name}`, () => {
    const { cx } = repositoryCases(setup);

    it('stores a request with its image in one create and reads the exact bytes back; text-only requests have none', async () => {
      const image = anImage(1);
      const request = aRequest({ id: testUuid() });
      expect(await cx.repo.create(request, firstFrameOnly(image))).toEqual({ created: true, request });
      expect(await cx.repo.findImages(request.id)).toEqual({ first: image, last: null, references: [] });
      const plain = aRequest({ id: testUuid() });
      await cx.repo.create(plain);
      expect(await cx.repo.findImages(plain.id)).toEqual(NO_IMAGES);
      expect(await cx.repo.findImages(testUuid())).toEqual(NO_IMAGES);
    });

    it('stores first and last frame, and reference images in their order, with the request in one create; each reads back in its role', async () => {
      const framed = aRequest({ id: testUuid() });
      const frames = { first: anImage(11), last: anImage(12), references: [] };
      expect(await cx.repo.create(framed, frames)).toEqual({ created: true, request: framed });
      expect(await cx.repo.findImages(framed.id)).toEqual(frames);
      const referenced = aRequest({ id: testUuid() });
      const refs = { first: null, last: null, references: [anImage(23), anImage(21), anImage(22)] };
      await cx.repo.create(referenced, refs);
      expect(await cx.repo.findImages(referenced.id)).toEqual(refs);
    });

    it('a duplicate create (same id, or a second follow-up of the same request) keeps the first images and adds none', async () => {
      const request = aRequest({ id: testUuid() });
      await cx.repo.create(request, firstFrameOnly(anImage(1)));
      expect(await cx.repo.create(request, { first: anImage(2), last: anImage(6), references: [] })).toMatchObject({ created: false, conflict: 'id' });
      expect(await cx.repo.findImages(request.id)).toEqual(firstFrameOnly(anImage(1)));
      const done = aRequest({ id: testUuid(), createdAt: at(-5) });
      await cx.repo.create(done);
      const first = aRequest({ id: testUuid(), retryOf: done.id });
      const second = aRequest({ id: testUuid(), retryOf: done.id });
      await cx.repo.create(first, firstFrameOnly(anImage(3)));
      expect(await cx.repo.create(second, { first: null, last: null, references: [anImage(4), anImage(5)] })).toMatchObject({ created: false, conflict: 'retry_of' });
      expect(await cx.repo.findImages(second.id)).toEqual(NO_IMAGES);
    });

    it('retention deletes every image of a request (first, last, references) with it, and only its own', async () => {
      const old = aRequest({ id: testUuid(), createdAt: at(-10_000) });
      await cx.repo.create(old, { first: anImage(5), last: anImage(6), references: [] });
      const oldRefs = aRequest({ id: testUuid(), createdAt: at(-10_000) });
      await cx.repo.create(oldRefs, { first: null, last: null, references: [anImage(7), anImage(8)] });
      const young = aRequest({ id: testUuid(), createdAt: at(-1) });
      await cx.repo.create(young, { first: anImage(9), last: anImage(10), references: [] });
      for (const r of [old, oldRefs, young]) await cx.repo.transition(r.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      expect(await cx.repo.deleteOlderThan(at(-100), 10)).toBe(2);
      expect(await cx.repo.findImages(old.id)).toEqual(NO_IMAGES);
      expect(await cx.repo.findImages(oldRefs.id)).toEqual(NO_IMAGES);
      expect(await cx.repo.findImages(young.id)).toEqual({ first: anImage(9), last: anImage(10), references: [] });
    });

    it('recentCompletionDurations: generation times of the newest completed requests of one model', async () => {
      const finish = async (model: string, minute: number, seconds: number, to: 'completed' | 'failed' = 'completed') => {
        const r = aRequest({ id: testUuid(), model, createdAt: at(minute - 10) });
        await cx.repo.create(r);
        await cx.repo.transition(r.id, { to: 'generating', at: at(minute), operationName: `op-${r.id}`, gcsPrefix: 'gs://b/p/' });
        await cx.repo.transition(r.id, { to, at: new Date(at(minute).getTime() + seconds * 1000), ...(to === 'completed' ? { videoUrls: ['gs://b/p/v.mp4'] } : { errorMessage: 'x' }) });
      };
      await finish('veo-3.1-generate-001', 1, 50);
      await finish('veo-3.1-generate-001', 2, 70);
      await finish('veo-3.1-generate-001', 3, 90, 'failed');
      await finish('veo-3.1-fast-generate-001', 4, 30);
      await finish('veo-3.1-generate-001', 5, 80);
      expect(await cx.repo.recentCompletionDurations('veo-3.1-generate-001', 20)).toEqual([80_000, 70_000, 50_000]);
      expect(await cx.repo.recentCompletionDurations('veo-3.1-generate-001', 2)).toEqual([80_000, 70_000]);
      expect(await cx.repo.recentCompletionDurations('veo-3.1-fast-generate-001', 20)).toEqual([30_000]);
      expect(await cx.repo.recentCompletionDurations('veo-2.0-generate-001', 20)).toEqual([]);
    });
  });
}
