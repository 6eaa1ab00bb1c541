import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VideoGenerator } from '../../ports/video-generator.js';
import type { VideoStore } from '../../ports/video-store.js';
import type { GenerationScript } from '../generation-script.js';
import { aGenerationParams as params, pollUntilDone } from '../generation-helpers.js';
import { testUuid } from '../builders.js';

/** A generator and its store over one (fake) remote, scriptable per prompt. */
export interface GeneratorFixture {
  readonly generator: VideoGenerator;
  readonly store: VideoStore;
  /** Makes the next generation started with `prompt` behave as `script`. */
  script(prompt: string, script: GenerationScript): void;
  /** A brand-new generator over the same remote (a restarted process). */
  restart(): VideoGenerator;
  cleanup?(): Promise<void>;
}

/** The behaviour every VideoGenerator (+ its VideoStore) must have. */
export function videoGeneratorContract(name: string, setup: () => Promise<GeneratorFixture>): void {
  describe(`VideoGenerator contract: ${name}`, () => {
    let fx: GeneratorFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    it('gives every request its own output prefix', () => {
      const a = fx.generator.outputPrefix(testUuid());
      const b = fx.generator.outputPrefix(testUuid());
      expect(a).not.toBe(b);
      expect(a.endsWith('/')).toBe(true);
    });

    it('starts, polls while running, then finds the video in the store', async () => {
      fx.script('ok', { outcome: 'succeed', afterPolls: 2, sizeBytes: 2048 });
      const id = testUuid();
      const started = await fx.generator.start(id, params('ok'));
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      expect((await fx.generator.poll(started.operationName)).state).toBe('running');
      const done = await pollUntilDone(fx.generator, started.operationName);
      expect(done.state).toBe('succeeded');
      if (done.state !== 'succeeded') return;
      expect(done.videos).toHaveLength(1);
      const video = done.videos[0]!;
      expect(video.uri.startsWith(fx.generator.outputPrefix(id))).toBe(true);
      expect(await fx.store.describe(video.uri)).toMatchObject({ sizeBytes: 2048, mimeType: 'video/mp4' });
      expect((await fx.store.list(fx.generator.outputPrefix(id))).map((v) => v.uri)).toEqual([video.uri]);
      let total = 0;
      for await (const chunk of fx.store.read(video.uri)) total += chunk.byteLength;
      expect(total).toBe(2048);
      expect(await fx.store.link(video.uri)).toMatch(/^https?:\/\//);
    });

    it('a restarted process polls a stored operation name to completion', async () => {
      fx.script('resume', { outcome: 'succeed', afterPolls: 1 });
      const started = await fx.generator.start(testUuid(), params('resume'));
      if (!started.ok) throw new Error('start failed');
      const fresh = fx.restart();
      expect((await pollUntilDone(fresh, started.operationName)).state).toBe('succeeded');
    });

    it('reports Vertex errors with their message', async () => {
      fx.script('bad', { outcome: 'fail', message: 'Internal error while generating' });
      const started = await fx.generator.start(testUuid(), params('bad'));
      if (!started.ok) throw new Error('start failed');
      const done = await pollUntilDone(fx.generator, started.operationName);
      expect(done).toMatchObject({ state: 'failed', filtered: false });
      if (done.state === 'failed') expect(done.message).toContain('Internal error while generating');
    });

    it('reports safety-filtered results as failed and filtered', async () => {
      fx.script('unsafe', { outcome: 'filtered', reason: 'violates usage guidelines' });
      const started = await fx.generator.start(testUuid(), params('unsafe'));
      if (!started.ok) throw new Error('start failed');
      const done = await pollUntilDone(fx.generator, started.operationName);
      expect(done).toMatchObject({ state: 'failed', filtered: true });
    });

    it('reports an operation that no longer exists as expired', async () => {
      fx.script('gone', { outcome: 'expire' });
      const started = await fx.generator.start(testUuid(), params('gone'));
      if (!started.ok) throw new Error('start failed');
      expect((await pollUntilDone(fx.generator, started.operationName)).state).toBe('expired');
    });

    it('classifies 429 as quota (safe to retry) and a bad request as rejected', async () => {
      fx.script('busy', { outcome: 'quota', times: 1, then: { outcome: 'succeed' } });
      const first = await fx.generator.start(testUuid(), params('busy'));
      expect(first).toMatchObject({ ok: false, error: { kind: 'quota' } });
      const second = await fx.generator.start(testUuid(), params('busy'));
      expect(second.ok).toBe(true);
      fx.script('nope', { outcome: 'reject', message: 'prompt is invalid' });
      expect(await fx.generator.start(testUuid(), params('nope'))).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    });

    it('answers null / empty for objects that do not exist', async () => {
      expect(await fx.store.describe(`${fx.generator.outputPrefix(testUuid())}missing.mp4`)).toBeNull();
      expect(await fx.store.list(fx.generator.outputPrefix(testUuid()))).toEqual([]);
    });
  });
}
