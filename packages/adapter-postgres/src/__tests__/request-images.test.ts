import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger, aRequest, aTestImage, testUuid } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
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

describe('request_images on PostgreSQL', () => {
  it('stores the sha256 of the bytes (computed by the database) and deletes the image with its request', async () => {
    const bytes = aTestImage('image/jpeg', { sizeBytes: 300_000, fill: 5 });
    const request = aRequest({ id: testUuid() });
    await repo.create(request, { bytes, mimeType: 'image/jpeg', width: 1280, height: 720 });
    const row = await db.pool().query<{ sha256: string; size: number }>('SELECT sha256, octet_length(bytes) AS size FROM request_images WHERE request_id = $1', [request.id]);
    expect(row.rows[0]).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: 300_000 });
    await db.pool().query('DELETE FROM video_requests WHERE id = $1', [request.id]);
    expect((await db.pool().query('SELECT 1 FROM request_images')).rowCount).toBe(0);
  });

  it('is atomic: an image the table refuses leaves no request row behind', async () => {
    const request = aRequest({ id: testUuid() });
    const bad = { bytes: aTestImage('image/png'), mimeType: 'image/gif' as unknown as 'image/png', width: 1280, height: 720 };
    await expect(repo.create(request, bad)).rejects.toThrow(/request_images_mime_type_check/);
    expect(await repo.get(request.id)).toBeNull();
  });

  it('the ETA history query uses its index', async () => {
    await db.pool().query('SET enable_seqscan = off');
    const plan = await db.pool().query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT duration_ms FROM video_requests WHERE status = 'completed' AND model = 'veo-3.1-generate-001' AND duration_ms IS NOT NULL ORDER BY completed_at DESC LIMIT 20`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('video_requests_model_completed_idx');
  });
});
