import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogleCloud, createFakeVertexAdapters, mp4Bytes } from '../testing/index.js';

const MiB = 1024 * 1024;
const signingKey = () => ({
  client_email: 'veo-bot@fake-project.iam.gserviceaccount.com',
  private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

describe('GcsVideoStore against the fake, with the real @google-cloud/storage client', () => {
  let fake: FakeGoogleCloud;
  beforeEach(async () => {
    fake = new FakeGoogleCloud({ listPageSize: 2 });
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('describes and links a video larger than 10 MiB without downloading it', async () => {
    const uri = 'gs://fake-bucket/veo/big/sample_0.mp4';
    fake.putObject(uri, { mp4Size: 40 * MiB });
    const { store } = createFakeVertexAdapters(fake);
    expect(await store.describe(uri)).toEqual({ uri, sizeBytes: 40 * MiB, mimeType: 'video/mp4' });
    expect(await store.link(uri)).toBe('https://storage.googleapis.com/fake-bucket/veo/big/sample_0.mp4');
    const signed = await createFakeVertexAdapters(fake, { signingCredentials: signingKey() }).store.link(uri);
    // Signed for the configured endpoint, so links of an emulator (or the demo) open there.
    expect(signed.startsWith(`${fake.url}/fake-bucket/veo/big/sample_0.mp4?`)).toBe(true);
    expect(new URL(signed).searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(new URL(signed).searchParams.get('X-Goog-Signature')).toMatch(/^[0-9a-f]+$/);
    expect(fake.mediaRequests()).toHaveLength(0);
  });

  it('uses the configured link template (e.g. the authenticated storage.cloud.google.com URL)', async () => {
    const { store } = createFakeVertexAdapters(fake, { linkTemplate: 'https://storage.cloud.google.com/{bucket}/{object}' });
    expect(await store.link('gs://fake-bucket/veo/a b/sample 0.mp4')).toBe('https://storage.cloud.google.com/fake-bucket/veo/a%20b/sample%200.mp4');
  });

  it('streams exactly the stored bytes, chunk by chunk', async () => {
    const uri = 'gs://fake-bucket/veo/read/sample_0.mp4';
    const size = 3 * MiB + 17;
    fake.putObject(uri, { mp4Size: size });
    const { store } = createFakeVertexAdapters(fake);
    const chunks: Uint8Array[] = [];
    for await (const chunk of store.read(uri)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const all = Buffer.concat(chunks);
    expect(all.equals(Buffer.from(mp4Bytes(size)))).toBe(true);
    expect(all.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(fake.mediaRequests(uri)).toHaveLength(1);
  });

  it('lists only the videos under a prefix, across pages', async () => {
    for (const n of [3, 1, 2]) fake.putObject(`gs://fake-bucket/veo/r1/${n}/sample_0.mp4`, { mp4Size: 1000 + n });
    fake.putObject('gs://fake-bucket/veo/r1/notes.txt', new TextEncoder().encode('not a video'), 'text/plain');
    fake.putObject('gs://fake-bucket/veo/r2/1/sample_0.mp4', { mp4Size: 10 });
    const { store } = createFakeVertexAdapters(fake);
    expect(await store.list('gs://fake-bucket/veo/r1/')).toEqual(
      [1, 2, 3].map((n) => ({ uri: `gs://fake-bucket/veo/r1/${n}/sample_0.mp4`, sizeBytes: 1000 + n, mimeType: 'video/mp4' })),
    );
    expect(fake.requests.filter((r) => r.path.startsWith('/storage/v1/b/fake-bucket/o?')).length).toBeGreaterThan(1);
  });

  it('answers null for a missing object and fails reading it', async () => {
    const { store } = createFakeVertexAdapters(fake);
    expect(await store.describe('gs://fake-bucket/veo/none.mp4')).toBeNull();
    await expect(async () => {
      for await (const _ of store.read('gs://fake-bucket/veo/none.mp4')) void _;
    }).rejects.toThrow();
  });

  it('the fake serves browser links (signed or templated) at /<bucket>/<object>', async () => {
    fake.putObject('gs://fake-bucket/v/link.mp4', { mp4Size: 2000 });
    const { store } = createFakeVertexAdapters(fake, { linkTemplate: `${fake.url}/{bucket}/{object}` });
    const res = await fetch(await store.link('gs://fake-bucket/v/link.mp4'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect((await res.arrayBuffer()).byteLength).toBe(2000);
  });

  it('the fake honours Range requests with 206', async () => {
    fake.putObject('gs://fake-bucket/v/x.mp4', { mp4Size: 5000 });
    const res = await fetch(`${fake.url}/storage/v1/b/fake-bucket/o/v%2Fx.mp4?alt=media`, { headers: { Range: 'bytes=4-7' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 4-7/5000');
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe('ftyp');
  });
});
