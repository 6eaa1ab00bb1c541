import { afterEach, describe, expect, it } from 'vitest';
import type { VideoStore } from '../../ports/video-store.js';

/** A store over one bucket, `gs://{bucket}/`, with a way to put objects behind its back. */
export interface VideoStoreFixture {
  readonly store: VideoStore;
  /** The bucket the fixture writes to. */
  readonly bucket: string;
  /** Stores an object of `sizeBytes` (as Veo or anything else would have written it). */
  put(uri: string, sizeBytes: number, contentType?: string): Promise<void>;
  /** Whether the object exists, asked of the storage itself (not through `store`). */
  exists(uri: string): Promise<boolean>;
  cleanup?(): Promise<void>;
}

/**
 * The deleting half of every VideoStore (in memory, or Cloud Storage through the real client):
 * retention and `forget` call it, again after a crash, so every delete must be idempotent.
 */
export function videoStoreContract(name: string, setup: () => Promise<VideoStoreFixture>): void {
  describe(`VideoStore contract (deleting): ${name}`, () => {
    let fx: VideoStoreFixture | undefined;
    afterEach(async () => {
      await fx?.cleanup?.();
      fx = undefined;
    });

    it('delete removes one object; an object already gone counts as deleted', async () => {
      fx = await setup();
      const uri = `gs://${fx.bucket}/veo/r1/sample_0.mp4`;
      await fx.put(uri, 2048);
      await fx.put(`gs://${fx.bucket}/veo/r1/sample_1.mp4`, 10);
      await fx.store.delete(uri);
      expect(await fx.exists(uri)).toBe(false);
      expect(await fx.store.describe(uri)).toBeNull();
      expect(await fx.exists(`gs://${fx.bucket}/veo/r1/sample_1.mp4`)).toBe(true);
      await expect(fx.store.delete(uri)).resolves.toBeUndefined();
      await expect(fx.store.delete(`gs://${fx.bucket}/veo/never-was.mp4`)).resolves.toBeUndefined();
    });

    it('deletePrefix removes everything under the prefix, videos or not, and nothing beside it', async () => {
      fx = await setup();
      const inside = ['veo/r1/a/sample_0.mp4', 'veo/r1/b/sample_0.mp4', 'veo/r1/c/sample_0.mp4', 'veo/r1/notes.txt'].map((n) => `gs://${fx?.bucket}/${n}`);
      const beside = ['veo/r10/sample_0.mp4', 'veo/r2/sample_0.mp4', 'veo/r1'].map((n) => `gs://${fx?.bucket}/${n}`);
      for (const uri of inside) await fx.put(uri, 100, uri.endsWith('.txt') ? 'text/plain' : 'video/mp4');
      for (const uri of beside) await fx.put(uri, 100);
      expect(await fx.store.deletePrefix(`gs://${fx.bucket}/veo/r1/`)).toBe(inside.length);
      for (const uri of inside) expect(await fx.exists(uri)).toBe(false);
      for (const uri of beside) expect(await fx.exists(uri)).toBe(true);
      expect(await fx.store.list(`gs://${fx.bucket}/veo/r1/`)).toEqual([]);
    });

    it('deletePrefix run again (after a crash halfway) finishes the job and then finds nothing', async () => {
      fx = await setup();
      await fx.put(`gs://${fx.bucket}/veo/r3/sample_0.mp4`, 100);
      await fx.put(`gs://${fx.bucket}/veo/r3/sample_1.mp4`, 100);
      await fx.store.delete(`gs://${fx.bucket}/veo/r3/sample_0.mp4`);
      expect(await fx.store.deletePrefix(`gs://${fx.bucket}/veo/r3/`)).toBe(1);
      expect(await fx.store.deletePrefix(`gs://${fx.bucket}/veo/r3/`)).toBe(0);
      expect(await fx.store.deletePrefix(`gs://${fx.bucket}/veo/nothing-here/`)).toBe(0);
    });

    it('refuses a prefix that names a whole bucket, and deletes nothing', async () => {
      fx = await setup();
      await fx.put(`gs://${fx.bucket}/veo/keep.mp4`, 100);
      await expect(fx.store.deletePrefix(`gs://${fx.bucket}/`)).rejects.toThrow(/whole bucket/);
      await expect(fx.store.deletePrefix(`gs://${fx.bucket}`)).rejects.toThrow(/whole bucket/);
      expect(await fx.exists(`gs://${fx.bucket}/veo/keep.mp4`)).toBe(true);
    });
  });
}
