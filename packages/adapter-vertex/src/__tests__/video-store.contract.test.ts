import { afterEach, describe, expect, it } from 'vitest';
import { videoStoreContract } from '@veo-bot/core/testing';
import { FakeGoogleCloud, createFakeVertexAdapters } from '../testing/index.js';

// The real @google-cloud/storage client against the fake's JSON API (pages of 2, so a prefix
// delete has to follow nextPageToken like it would on a big bucket).
videoStoreContract('GcsVideoStore against FakeGoogleCloud', async () => {
  const fake = new FakeGoogleCloud({ listPageSize: 2 });
  await fake.start();
  const { store } = createFakeVertexAdapters(fake);
  return {
    store,
    bucket: 'fake-bucket',
    put: async (uri, size, type) => void fake.putObject(uri, { mp4Size: size }, type),
    exists: async (uri) => fake.hasObject(uri),
    cleanup: () => fake.stop(),
  };
});

describe('GcsVideoStore deletes, as Cloud Storage answers them', () => {
  let fake: FakeGoogleCloud;
  afterEach(() => fake.stop());

  it('sends DELETE per object (204), treats 404 as already deleted, and surfaces a 503', async () => {
    fake = new FakeGoogleCloud();
    await fake.start();
    const { store } = createFakeVertexAdapters(fake);
    fake.putObject('gs://fake-bucket/veo/x/sample_0.mp4', { mp4Size: 10 });
    fake.failDeletes(1);
    await expect(store.delete('gs://fake-bucket/veo/x/sample_0.mp4')).rejects.toThrow();
    expect(fake.hasObject('gs://fake-bucket/veo/x/sample_0.mp4')).toBe(true);
    await store.delete('gs://fake-bucket/veo/x/sample_0.mp4');
    await store.delete('gs://fake-bucket/veo/x/sample_0.mp4');
    const deletes = fake.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual(Array(3).fill('/storage/v1/b/fake-bucket/o/veo%2Fx%2Fsample_0.mp4'));
    const res = await fetch(`${fake.url}/storage/v1/b/fake-bucket/o/veo%2Fx%2Fsample_0.mp4`, { method: 'DELETE' });
    expect(res.status).toBe(404);
  });
});
