import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstFrameOnly, type SourceImage } from '@veo-bot/core';
import { MemoryLogger, aRequest, aTestImage, testUuid } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
const png = (fill: number): SourceImage => ({ bytes: aTestImage('image/png', { width: 1280, height: 720, fill }), mimeType: 'image/png', width: 1280, height: 720 });
let repo: PgRequestRepository;

beforeAll(async () => {
  db = await createTestSchema();
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.truncate();
});

describe('request_images and request_extra_images on PostgreSQL', () => {
  it('stores the sha256 of the bytes (computed by the database) and deletes the image with its request', async () => {
    const bytes = aTestImage('image/jpeg', { sizeBytes: 300_000, fill: 5 });
    const request = aRequest({ id: testUuid() });
    await repo.create(request, firstFrameOnly({ bytes, mimeType: 'image/jpeg', width: 1280, height: 720 }));
    const row = await db.pool().query<{ sha256: string; size: number }>('SELECT sha256, octet_length(bytes) AS size FROM request_images WHERE request_id = $1', [request.id]);
    expect(row.rows[0]).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: 300_000 });
    await db.pool().query('DELETE FROM video_requests WHERE id = $1', [request.id]);
    expect((await db.pool().query('SELECT 1 FROM request_images')).rowCount).toBe(0);
  });

  it('is atomic: an image the table refuses leaves no request row behind', async () => {
    const request = aRequest({ id: testUuid() });
    const bad = { bytes: aTestImage('image/png'), mimeType: 'image/gif' as unknown as 'image/png', width: 1280, height: 720 };
    await expect(repo.create(request, firstFrameOnly(bad))).rejects.toThrow(/request_images_mime_type_check/);
    expect(await repo.get(request.id)).toBeNull();
  });

  it('a bad last frame or reference image (refused by request_extra_images) leaves neither the request nor its first frame', async () => {
    const request = aRequest({ id: testUuid() });
    const bad = { bytes: aTestImage('image/png'), mimeType: 'image/gif' as unknown as 'image/png', width: 1280, height: 720 };
    await expect(repo.create(request, { first: png(1), last: bad, references: [] })).rejects.toThrow(/request_extra_images_mime_type_check/);
    expect(await repo.get(request.id)).toBeNull();
    expect((await db.pool().query('SELECT 1 FROM request_images')).rowCount).toBe(0);
  });

  it('rolling deploy: request_images keeps one row per request, the first frame, so the read of older instances still gets the first frame', async () => {
    // The exact query an instance before migration 11 runs (it takes rows[0]).
    const OLD_READ = 'SELECT mime_type, bytes, width, height FROM request_images WHERE request_id = $1';
    const framed = aRequest({ id: testUuid() });
    await repo.create(framed, { first: png(1), last: png(2), references: [] });
    const old = await db.pool().query<{ bytes: Buffer }>(OLD_READ, [framed.id]);
    expect(old.rows.map((r) => new Uint8Array(r.bytes))).toEqual([png(1).bytes]);
    const referenced = aRequest({ id: testUuid() });
    await repo.create(referenced, { first: null, last: null, references: [png(3), png(4)] });
    expect((await db.pool().query(OLD_READ, [referenced.id])).rowCount).toBe(0);
    const extra = await db.pool().query<{ role: string; ordinal: number }>('SELECT role, ordinal FROM request_extra_images ORDER BY request_id = $1, role, ordinal', [referenced.id]);
    expect(extra.rows).toEqual([{ role: 'last', ordinal: 0 }, { role: 'reference', ordinal: 0 }, { role: 'reference', ordinal: 1 }]);
  });

  it('a row an older instance wrote (request_images only, no role) reads as the first frame', async () => {
    const request = aRequest({ id: testUuid() });
    await repo.create(request);
    const image = png(5);
    await db.pool().query('INSERT INTO request_images (request_id, mime_type, bytes, width, height) VALUES ($1, $2, $3, $4, $5)', [request.id, image.mimeType, Buffer.from(image.bytes), image.width, image.height]);
    expect(await repo.findImages(request.id)).toEqual(firstFrameOnly(image));
  });

  it('the ETA history query uses its index', async () => {
    await db.pool().query('SET enable_seqscan = off');
    const plan = await db.pool().query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT duration_ms FROM video_requests WHERE status = 'completed' AND model = 'veo-3.1-generate-001' AND duration_ms IS NOT NULL ORDER BY completed_at DESC LIMIT 20`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('video_requests_model_completed_idx');
  });
});
