import { aRequest, testUuid } from '@veo-bot/core/testing';
import { describe, expect, it } from 'vitest';
import { completionBody, failureBody } from '../message-builders.js';

const labels = (body: { components?: unknown }) => JSON.stringify(body.components).match(/"label":"[^"]*"/g);

describe('buttons of requests made with a model Google retired', () => {
  it('Retry and Again name the model they will use; the embed still names the original', () => {
    const veo2 = aRequest({ id: testUuid(), status: 'failed', model: 'veo-2.0-generate-001', errorMessage: 'retired' });
    const failed = failureBody(veo2, { reason: 'Veo 2 (veo-2.0-generate-001) was retired by Google on 2026-06-30', resumed: true, retryable: true, route: 'channel' });
    expect(labels(failed)).toEqual(['"label":"Retry with Veo 3.1"']);
    expect(JSON.stringify(failed.embeds)).toContain('Veo 2');
    const fast = aRequest({ id: testUuid(), status: 'completed', model: 'veo-3.0-fast-generate-001' });
    const done = completionBody(fast, { video: { link: 'https://example.com/v.mp4', sizeBytes: 50 * 1024 * 1024 }, resumed: false, route: 'channel' } as never, false, 10 * 1024 * 1024);
    expect(labels(done)).toEqual(['"label":"Again with Veo 3.1 Fast"']);
  });

  it('a current model keeps the plain labels', () => {
    const lite = aRequest({ id: testUuid(), status: 'failed', model: 'veo-3.1-lite-generate-001' });
    expect(labels(failureBody(lite, { reason: 'x', resumed: false, retryable: true, route: 'channel' }))).toEqual(['"label":"Retry"']);
    expect(JSON.stringify(failureBody(lite, { reason: 'x', resumed: false, retryable: true, route: 'channel' }).embeds)).toContain('Veo 3.1 Lite');
  });
});
