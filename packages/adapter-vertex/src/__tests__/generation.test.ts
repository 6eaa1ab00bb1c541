import { VEO_MODELS, type ModelCapabilities } from '@veo-bot/core';
import { testUuid } from '@veo-bot/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogleCloud, createFakeVertexAdapters } from '../testing/index.js';
import type { VertexAdapters } from '../index.js';
import { params, pollUntilDone, startOk } from './helpers.js';

/** A silent 720p model an operator might declare (as Veo 2 was, before Google retired it). */
const SILENT: ModelCapabilities = { id: 'veo-silent-001', label: 'Silent', durations: [5, 6, 7, 8], aspectRatios: ['16:9', '9:16'], resolutions: ['720p'], audio: false, defaultDuration: 8 };

describe('VertexVideoGenerator against the fake, with the real @google/genai client', () => {
  let fake: FakeGoogleCloud;
  let adapters: VertexAdapters;
  const predicts = () => fake.requests.filter((r) => r.path.endsWith(':predictLongRunning'));

  beforeEach(async () => {
    fake = new FakeGoogleCloud({ accessToken: 'test-token' });
    await fake.start();
    adapters = createFakeVertexAdapters(fake, { token: 'test-token', models: [...VEO_MODELS, SILENT] });
  });
  afterEach(() => fake.stop());

  it('sends the Veo payload once, polls, and finds the video in storage', async () => {
    fake.script('a fox', { outcome: 'succeed', afterPolls: 2, sizeBytes: 4096 });
    const id = testUuid();
    const name = await startOk(adapters.generator, id, params('a fox', { negativePrompt: 'blur', seed: 42, durationSeconds: 6 }));
    expect(name).toMatch(/^projects\/fake-project\/locations\/us-central1\/publishers\/google\/models\/veo-3\.1-generate-001\/operations\//);
    expect(predicts()).toHaveLength(1);
    expect(predicts()[0]).toMatchObject({
      path: '/v1/projects/fake-project/locations/us-central1/publishers/google/models/veo-3.1-generate-001:predictLongRunning',
      bearer: true,
      body: {
        instances: [{ prompt: 'a fox' }],
        parameters: { sampleCount: 1, storageUri: `gs://fake-bucket/veo/${id}/`, durationSeconds: 6, aspectRatio: '16:9', resolution: '720p', generateAudio: true, negativePrompt: 'blur', seed: 42 },
      },
    });
    expect(await adapters.generator.poll(name)).toEqual({ state: 'running' });
    const done = await pollUntilDone(adapters.generator, name);
    expect(done.state).toBe('succeeded');
    if (done.state !== 'succeeded') return;
    expect(done.videos).toEqual([{ uri: expect.stringMatching(new RegExp(`^gs://fake-bucket/veo/${id}/.+\\.mp4$`)), mimeType: 'video/mp4' }]);
    expect(await adapters.store.describe(done.videos[0]!.uri)).toEqual({ uri: done.videos[0]!.uri, sizeBytes: 4096, mimeType: 'video/mp4' });
    expect(fake.startCount).toBe(1);
  });

  it('sends personGeneration only when the request carries one, as Vertex names it', async () => {
    await startOk(adapters.generator, testUuid(), params('nobody', { personGeneration: 'dont_allow' }));
    await startOk(adapters.generator, testUuid(), params('default people'));
    expect(predicts()[0]?.body).toMatchObject({ parameters: { personGeneration: 'dont_allow' } });
    expect((predicts()[1]?.body as { parameters: Record<string, unknown> }).parameters).not.toHaveProperty('personGeneration');
  });

  it('the fake refuses a personGeneration value Vertex does not know, with a 400 the adapter reports as rejected', async () => {
    const before = fake.startCount;
    const answer = await fetch(`${fake.url}/v1/projects/fake-project/locations/us-central1/publishers/google/models/veo-3.1-generate-001:predictLongRunning`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ prompt: 'x' }], parameters: { personGeneration: 'allow_everyone' } }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('personGeneration');
    expect(fake.startCount).toBe(before);
    const outcome = await adapters.generator.start(testUuid(), params('typo', { personGeneration: 'allow_everyone' as never }));
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'rejected' } });
  });

  it('Extend sends the stored video by its Cloud Storage URI and no length; the fake refuses a video that does not exist', async () => {
    fake.script('a fox', { outcome: 'succeed', afterPolls: 0 });
    const first = await startOk(adapters.generator, testUuid(), params('a fox'));
    const done = await pollUntilDone(adapters.generator, first);
    if (done.state !== 'succeeded') throw new Error('not done');
    const uri = done.videos[0]!.uri;
    const extension = await startOk(adapters.generator, testUuid(), params('the fox jumps', { sourceVideoUri: uri, durationSeconds: 7 }));
    expect(extension).toMatch(/operations\//);
    const body = predicts().at(-1)?.body as { instances: Record<string, unknown>[]; parameters: Record<string, unknown> };
    expect(body.instances[0]).toEqual({ prompt: 'the fox jumps', video: { gcsUri: uri, mimeType: 'video/mp4' } });
    expect(body.parameters).not.toHaveProperty('durationSeconds');
    expect((await pollUntilDone(adapters.generator, extension)).state).toBe('succeeded');
    const missing = await adapters.generator.start(testUuid(), params('nothing there', { sourceVideoUri: 'gs://fake-bucket/veo/none/gone.mp4', durationSeconds: 7 }));
    expect(missing).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('does not exist') } });
    const noExtension = await adapters.generator.start(testUuid(), params('silent', { model: SILENT.id, generateAudio: false, sourceVideoUri: uri, durationSeconds: 7 }));
    expect(noExtension).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('cannot extend') } });
  });

  it('a new generator instance with only the stored name completes an operation started before a restart', async () => {
    fake.script('resume me', { outcome: 'succeed', afterPolls: 2 });
    const name = await startOk(adapters.generator, testUuid(), params('resume me'));
    expect((await adapters.generator.poll(name)).state).toBe('running');
    const restarted = createFakeVertexAdapters(fake, { token: 'test-token' }).generator;
    expect((await pollUntilDone(restarted, name)).state).toBe('succeeded');
    expect(fake.startCount).toBe(1);
  });

  it('reports an operation that disappeared as expired', async () => {
    const name = await startOk(adapters.generator, testUuid(), params('short-lived'));
    fake.expireOperation(name);
    expect(await adapters.generator.poll(name)).toEqual({ state: 'expired' });
    expect(await adapters.generator.poll('projects/fake-project/locations/us-central1/publishers/google/models/veo-3.1-generate-001/operations/never')).toEqual({
      state: 'expired',
    });
  });

  it("keeps Vertex's own message when generation fails", async () => {
    fake.script('broken', { outcome: 'fail', message: 'Veo could not render this scene (code 13)' });
    const name = await startOk(adapters.generator, testUuid(), params('broken'));
    expect(await pollUntilDone(adapters.generator, name)).toEqual({ state: 'failed', filtered: false, message: 'Veo could not render this scene (code 13)' });
  });

  it('explains a safety-filtered result with the reason Vertex gave', async () => {
    fake.script('unsafe', { outcome: 'filtered', reason: 'The prompt violates the usage guidelines (celebrity likeness)' });
    const name = await startOk(adapters.generator, testUuid(), params('unsafe'));
    const done = await pollUntilDone(adapters.generator, name);
    expect(done).toMatchObject({ state: 'failed', filtered: true });
    if (done.state !== 'failed') return;
    expect(done.message).toContain('safety filters');
    expect(done.message).toContain('celebrity likeness');
    fake.script('unsafe, no reason', { outcome: 'filtered' });
    const other = await pollUntilDone(adapters.generator, await startOk(adapters.generator, testUuid(), params('unsafe, no reason')));
    expect(other).toMatchObject({ state: 'failed', filtered: true, message: expect.stringContaining('Try rephrasing') });
  });

  it('classifies 429 as quota with the server-given delay, and never retries a start by itself', async () => {
    fake.script('busy', { outcome: 'quota', times: 2, then: { outcome: 'succeed', afterPolls: 0 } });
    const first = await adapters.generator.start(testUuid(), params('busy'));
    expect(first).toMatchObject({ ok: false, error: { kind: 'quota', status: 429, retryAfterMs: 2000 } });
    if (!first.ok) expect(first.error.message).toContain('Quota exceeded');
    expect(predicts()).toHaveLength(1);
    expect((await adapters.generator.start(testUuid(), params('busy'))).ok).toBe(false);
    const name = await startOk(adapters.generator, testUuid(), params('busy'));
    expect((await pollUntilDone(adapters.generator, name)).state).toBe('succeeded');
    expect(predicts()).toHaveLength(3);
    expect(fake.startCount).toBe(1);
  });

  it("rejects a bad request with Vertex's message", async () => {
    fake.script('nope', { outcome: 'reject', message: 'Unsupported aspect ratio for this model' });
    expect(await adapters.generator.start(testUuid(), params('nope'))).toEqual({
      ok: false,
      error: { kind: 'rejected', status: 400, message: 'Unsupported aspect ratio for this model' },
    });
  });

  it("validates options against the model's allowed values before any call", async () => {
    const bad = [params('x', { durationSeconds: 5 }), params('x', { model: SILENT.id, resolution: '1080p' }), params('x', { model: 'veo-2.0-generate-001' }), params('x', { model: 'veo-9' })];
    for (const p of bad) expect(await adapters.generator.start(testUuid(), p)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('does not send generateAudio to a model without audio, which does not know it', async () => {
    await startOk(adapters.generator, testUuid(), params('silent', { model: SILENT.id, generateAudio: false, durationSeconds: 5 }));
    const body = predicts()[0]?.body as { parameters: Record<string, unknown> };
    expect(body.parameters).not.toHaveProperty('generateAudio');
    expect(body.parameters).toMatchObject({ durationSeconds: 5 });
  });

  it('stores inline video bytes under the request prefix and returns that uri', async () => {
    fake.script('inline', { outcome: 'succeed', afterPolls: 0, sizeBytes: 3000 }, { inlineBytes: true });
    const id = testUuid();
    const done = await pollUntilDone(adapters.generator, await startOk(adapters.generator, id, params('inline')));
    expect(done).toEqual({ state: 'succeeded', videos: [{ uri: `gs://fake-bucket/veo/${id}/sample_0.mp4`, mimeType: 'video/mp4' }] });
    expect(await adapters.store.describe(`gs://fake-bucket/veo/${id}/sample_0.mp4`)).toMatchObject({ sizeBytes: 3000, mimeType: 'video/mp4' });
  });

  it('reports a failed poll call as an error of the right kind, then recovers', async () => {
    fake.script('flaky', { outcome: 'succeed', afterPolls: 0 });
    const name = await startOk(adapters.generator, testUuid(), params('flaky'));
    fake.failNextPolls(1, 503);
    expect(await adapters.generator.poll(name)).toMatchObject({ state: 'error', error: { kind: 'transient', status: 503 } });
    fake.failNextPolls(1, 429);
    expect(await adapters.generator.poll(name)).toMatchObject({ state: 'error', error: { kind: 'quota', status: 429 } });
    expect((await adapters.generator.poll(name)).state).toBe('succeeded');
  });
});
