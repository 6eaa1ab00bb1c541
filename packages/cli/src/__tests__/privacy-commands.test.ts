import { NO_IMAGES, firstFrameOnly } from '@veo-bot/core';
import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger, aRequest, aTestImage, testUuid } from '@veo-bot/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let db: TestSchema;
let google: FakeGoogleCloud;
let repo: PgRequestRepository;
let env: Record<string, string>;
let withGoogle: Record<string, string>;
const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);
const image = { bytes: aTestImage('image/png', { width: 512, height: 512 }), mimeType: 'image/png' as const, width: 512, height: 512 };
const prefixOf = (id: string) => `gs://fake-bucket/veo/${id}/`;

beforeAll(async () => {
  db = await createTestSchema();
  google = new FakeGoogleCloud();
  await google.start();
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  env = { DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema };
  withGoogle = { ...env, GOOGLE_CLOUD_PROJECT: 'fake-project', GCS_BUCKET: 'fake-bucket', GCS_PREFIX: 'veo', VERTEX_BASE_URL: google.url, GCS_API_ENDPOINT: google.url, GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN };
});
afterAll(async () => {
  await google?.stop();
  await db?.drop();
});
beforeEach(async () => db.truncate());

/** A delivered video (object in the fake bucket, image in Postgres) made `minutesAgo`. */
async function video(userId: string, minutesAgo: number) {
  const r = aRequest({ id: testUuid(), userId, guildId: '4242', createdAt: ago(minutesAgo), prompt: `secret of ${userId}`, estimatedCostUsd: 3.2 });
  await repo.create(r, firstFrameOnly(image));
  await repo.transition(r.id, { to: 'generating', at: ago(minutesAgo), operationName: 'ops/1', gcsPrefix: prefixOf(r.id) });
  await repo.transition(r.id, { to: 'completed', at: ago(minutesAgo - 1), videoUrls: [`${prefixOf(r.id)}sample_0.mp4`] });
  await repo.markNotified(r.id, ago(minutesAgo - 1), 'delivered');
  google.putObject(`${prefixOf(r.id)}sample_0.mp4`, { mp4Size: 4096 });
  return r;
}

const spend = async () => (JSON.parse((await runCli(['stats', '--guild', '4242', '--period', 'month', '--json'], env)).stdout) as { spendUsd: number; total: number }).spendUsd;

describe('veo-bot forget', () => {
  it('--dry-run prints the counts and changes nothing; a bad id or missing Google settings is exit 2 and changes nothing', async () => {
    const mine = await video('555', 30);
    const dry = await runCli(['forget', '--user', '555', '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('Would erase for user 555: 1 request(s) (0 in flight), 1 image(s), 1 video(s), 0 budget change(s). Dry run: nothing was changed.');
    const asJson = JSON.parse((await runCli(['forget', '--user', '555', '--dry-run', '--json'], env)).stdout) as Record<string, unknown>;
    expect(asJson).toMatchObject({ dryRun: true, requests: 1, images: 1, videos: 1 });
    expect((await runCli(['forget', '--user', 'not-an-id'], env)).code).toBe(2);
    const noGoogle = await runCli(['forget', '--user', '555'], env);
    expect(noGoogle.code).toBe(2);
    expect(noGoogle.stderr).toContain('GCS_BUCKET: required to delete videos from Cloud Storage');
    expect((await repo.get(mine.id))?.prompt).toBe('secret of 555');
    expect(google.hasObject(`${prefixOf(mine.id)}sample_0.mp4`)).toBe(true);
  });

  it('erases rows, images and videos, cancels what is in flight, and leaves spend reports and other users as they were', async () => {
    const mine = await video('555', 30);
    const running = aRequest({ id: testUuid(), userId: '555', guildId: '4242', createdAt: ago(1), estimatedCostUsd: 1.6, leaseOwner: 'another-instance', leaseUntil: ago(-10) });
    await repo.create(running);
    await repo.recordStartAttempt(running.id, ago(1), 'another-instance');
    await repo.transition(running.id, { to: 'generating', at: ago(1), operationName: 'ops/2', gcsPrefix: prefixOf(running.id) });
    const theirs = await video('666', 20);
    const before = await spend();
    const result = await runCli(['forget', '--user', '555'], withGoogle);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Erased for user 555: 2 request(s) (1 in flight), 1 image(s), 1 video(s), 0 budget change(s); 1 request(s) in flight cancelled.');
    expect(result.stdout).toContain('Cloud Storage: 1 object(s) deleted for 2 request(s).');
    expect(google.hasObject(`${prefixOf(mine.id)}sample_0.mp4`)).toBe(false);
    expect(await repo.findImages(mine.id)).toEqual(NO_IMAGES);
    expect(await repo.get(running.id)).toMatchObject({ status: 'failed', userId: '', prompt: '', leaseOwner: null, interaction: null });
    expect((await repo.get(running.id))?.notifiedAt).not.toBeNull();
    expect(await spend()).toBe(before);
    expect((await runCli(['history', '--user', '555'], env)).stdout).toContain('No requests for user 555.');
    expect(google.hasObject(`${prefixOf(theirs.id)}sample_0.mp4`)).toBe(true);
    expect((await repo.get(theirs.id))?.prompt).toBe('secret of 666');
  });
});

describe('veo-bot cleanup deletes the videos too', () => {
  it('deletes old rows with their images and objects; objects GCS refuses stay queued (exit 1) and go on the next run', async () => {
    const old = await video('777', 60 * 24 * 100);
    const recent = await video('777', 10);
    google.failDeletes(1);
    const first = await runCli(['cleanup'], { ...withGoogle, REQUEST_RETENTION_DAYS: '90' });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Deleted 1 finished request(s)');
    expect(first.stdout).toContain('1 could not be deleted yet');
    expect(await repo.get(old.id)).toBeNull();
    expect(google.hasObject(`${prefixOf(old.id)}sample_0.mp4`)).toBe(true);
    const dry = await runCli(['cleanup', '--dry-run'], { ...withGoogle, REQUEST_RETENTION_DAYS: '90' });
    expect(dry.stdout).toContain('1 request(s) of earlier runs still have objects in Cloud Storage waiting to be deleted.');
    const second = await runCli(['cleanup'], { ...withGoogle, REQUEST_RETENTION_DAYS: '90' });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Cloud Storage: 1 object(s) deleted for 1 request(s).');
    expect(google.hasObject(`${prefixOf(old.id)}sample_0.mp4`)).toBe(false);
    expect(google.hasObject(`${prefixOf(recent.id)}sample_0.mp4`)).toBe(true);
    expect(await repo.get(recent.id)).not.toBeNull();
  });
});
