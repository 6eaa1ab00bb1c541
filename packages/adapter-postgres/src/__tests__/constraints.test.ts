import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoRequest } from '@veo-bot/core';
import { aRequest, MemoryLogger, testUuid } from '@veo-bot/core/testing';
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

/** Rows the schema must refuse even if a bug in the code tried to write them. */
const invalid: [string, Partial<VideoRequest>, string][] = [
  ['an empty prompt', { prompt: '   ' }, 'video_requests_prompt_not_empty'],
  ['an unknown aspect ratio', { aspectRatio: '4:3' as VideoRequest['aspectRatio'] }, 'video_requests_aspect_ratio_check'],
  ['an unknown resolution', { resolution: '4k' as VideoRequest['resolution'] }, 'video_requests_resolution_check'],
  ['a zero duration', { durationSeconds: 0 }, 'video_requests_duration_positive'],
  ['an unknown status', { status: 'done' as VideoRequest['status'] }, 'video_requests_status_check'],
  ['a negative seed', { seed: -1 }, 'video_requests_seed_range'],
  ['an unknown notify outcome', { notifiedAt: new Date(), notifyOutcome: 'maybe' as VideoRequest['notifyOutcome'] }, 'video_requests_notify_outcome_check'],
  ['a lease owner without an expiry', { leaseOwner: 'w1', leaseUntil: null }, 'video_requests_lease_complete'],
];

describe('schema constraints', () => {
  it.each(invalid)('rejects %s', async (_name, overrides, constraint) => {
    await expect(repo.create(aRequest({ id: testUuid(), ...overrides }))).rejects.toMatchObject({ code: '23514', constraint });
  });

  it('rejects a retry of a request that does not exist', async () => {
    await expect(repo.create(aRequest({ id: testUuid(), retryOf: testUuid() }))).rejects.toMatchObject({ code: '23503' });
  });

  it('leaves nothing behind after a rejected insert', async () => {
    const request = aRequest({ id: testUuid(), durationSeconds: -8 });
    await expect(repo.create(request)).rejects.toMatchObject({ code: '23514' });
    expect(await repo.get(request.id)).toBeNull();
  });
});
