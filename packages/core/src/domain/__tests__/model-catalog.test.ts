import { describe, expect, it } from 'vitest';
import { parseModelCatalog } from '../model-catalog.js';
import { followUpParams, successorModel } from '../model-succession.js';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '../models.js';
import { estimateCostUsd } from '../pricing.js';

const next = {
  id: 'veo-3.2-generate-001',
  label: 'Veo 3.2',
  durations: [8, 4, 6],
  aspectRatios: ['16:9', '9:16'],
  resolutions: ['720p', '1080p'],
  audio: true,
  imageInput: false,
  pricePerSecond: { '720p': { withAudio: 0.3, withoutAudio: 0.15 }, '1080p': { withAudio: 0.5, withoutAudio: 0.25 } },
};
const problems = (input: unknown) => {
  const result = parseModelCatalog(input);
  return result.ok ? [] : result.problems;
};

describe('parseModelCatalog (VEO_MODEL_CATALOG)', () => {
  it('turns an entry into capabilities and a per-resolution price, in a list or under "models"', () => {
    for (const input of [[next], { models: [next] }]) {
      const result = parseModelCatalog(input);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.catalog.models).toEqual([{ id: 'veo-3.2-generate-001', label: 'Veo 3.2', durations: [4, 6, 8], defaultDuration: 8, aspectRatios: ['16:9', '9:16'], resolutions: ['720p', '1080p'], audio: true, imageInput: false }]);
      const params = { model: 'veo-3.2-generate-001', durationSeconds: 8, generateAudio: true } as const;
      expect(estimateCostUsd({ ...params, resolution: '1080p' }, result.catalog.prices)).toBe(4);
      expect(estimateCostUsd({ ...params, resolution: '720p', generateAudio: false }, result.catalog.prices)).toBe(1.2);
    }
  });

  it('extension: declared models extend their videos like the built-in ones (Extend offered by extensionRefusal), or not at all; bad limits are named', () => {
    const result = parseModelCatalog([{ ...next, extension: { maxInputSeconds: 30, addsSeconds: 7 } }]);
    expect(result.ok && result.catalog.models[0]?.extension).toEqual({ maxInputSeconds: 30, addsSeconds: 7 });
    const without = parseModelCatalog([next]);
    expect(without.ok && without.catalog.models[0]?.extension).toBeUndefined();
    expect(problems([{ ...next, extension: { maxInputSeconds: 0, addsSeconds: 7, more: 1 } }])).toEqual([
      'models[0] (veo-3.2-generate-001).extension.more is not a field (allowed: maxInputSeconds, addsSeconds)',
      'models[0] (veo-3.2-generate-001).extension.maxInputSeconds must be a whole number of seconds from 1 to 60',
    ]);
    expect(problems([{ ...next, extension: true }])).toEqual(['models[0] (veo-3.2-generate-001).extension must be an object like { "maxInputSeconds": 30, "addsSeconds": 7 }']);
  });

  it('a silent model needs no audio price and may not have one', () => {
    const silent = { ...next, audio: false, pricePerSecond: { '720p': { withoutAudio: 0.1 }, '1080p': { withoutAudio: 0.2 } } };
    expect(problems([silent])).toEqual([]);
    expect(problems([{ ...silent, pricePerSecond: { ...silent.pricePerSecond, '720p': { withAudio: 1, withoutAudio: 0.1 } } }])).toEqual(['models[0] (veo-3.2-generate-001).pricePerSecond.720p.withAudio must be left out: the model has no audio']);
  });

  it('names the entry and the field of every problem', () => {
    expect(problems('x')).toEqual(['must be a JSON list of models, or { "models": [...] }']);
    expect(problems([])).toEqual(['declares no model']);
    expect(problems([{ ...next, id: 'Veo 3.2!' }])[0]).toContain('models[0] (Veo 3.2!).id must be a Vertex model id');
    expect(problems([{ ...next, durations: [0, 4] }])).toEqual(['models[0] (veo-3.2-generate-001).durations must be a non-empty list of distinct whole seconds from 1 to 60']);
    expect(problems([{ ...next, defaultDuration: 5 }])).toEqual(['models[0] (veo-3.2-generate-001).defaultDuration must be one of its durations (4, 6, 8)']);
    expect(problems([{ ...next, aspectRatios: ['4:3'] }])).toEqual(['models[0] (veo-3.2-generate-001).aspectRatios must be a non-empty list of distinct values from 16:9, 9:16']);
    expect(problems([{ ...next, resolutions: ['4k'] }])[0]).toContain('.resolutions must be a non-empty list of distinct values from 720p, 1080p');
    expect(problems([{ ...next, audio: 'yes', imageInput: undefined }])).toEqual(expect.arrayContaining(['models[0] (veo-3.2-generate-001).audio must be true or false', 'models[0] (veo-3.2-generate-001).imageInput must be true or false']));
    expect(problems([{ ...next, pricePerSecond: { '720p': { withAudio: 0.3, withoutAudio: 0.15 } } }])).toEqual(['models[0] (veo-3.2-generate-001).pricePerSecond.1080p must be an object like { "withAudio": 0.4, "withoutAudio": 0.2 }']);
    expect(problems([{ ...next, pricePerSecond: { ...next.pricePerSecond, '1080p': { withAudio: -1, withoutAudio: 500 } } }])).toEqual([
      'models[0] (veo-3.2-generate-001).pricePerSecond.1080p.withoutAudio must be a number of USD per second from 0 to 100',
      'models[0] (veo-3.2-generate-001).pricePerSecond.1080p.withAudio must be a number of USD per second from 0 to 100 (the model makes audio)',
    ]);
    expect(problems([{ ...next, pricePerSecond: { ...next.pricePerSecond, '480p': { withoutAudio: 1 } } }])).toEqual(['models[0] (veo-3.2-generate-001).pricePerSecond.480p is not one of its resolutions (720p, 1080p)']);
    expect(problems([{ ...next, fps: 24 }])[0]).toContain('models[0] (veo-3.2-generate-001).fps is not a catalog field');
    expect(problems([next, next])).toEqual(['models[1] (veo-3.2-generate-001): declared twice']);
    expect(problems([{ ...next, label: '' }, 7])).toEqual(['models[0] (veo-3.2-generate-001).label must be text of 1 to 50 characters', 'models[1] must be an object']);
  });

  it('refuses a retired id, naming its replacement; may redefine a built-in model', () => {
    expect(problems([{ ...next, id: 'veo-2.0-generate-001' }])).toEqual(['models[0] (veo-2.0-generate-001): veo-2.0-generate-001 was retired by Google on 2026-06-30; use veo-3.1-generate-001']);
    expect(problems([{ ...next, id: 'veo-3.1-lite-generate-001', label: 'Veo 3.1 Lite' }])).toEqual([]);
  });
});

describe('follow-ups of requests whose model is gone', () => {
  const policy = { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };
  const base = { prompt: 'p', model: 'veo-2.0-generate-001', durationSeconds: 7, aspectRatio: '16:9', resolution: '720p', generateAudio: false, negativePrompt: null, seed: null, personGeneration: null, sourceVideoUri: null } as const;

  it('keeps an offered model; moves a retired one to its replacement, else to the default', () => {
    expect(successorModel('veo-3.1-lite-generate-001', policy).id).toBe('veo-3.1-lite-generate-001');
    expect(successorModel('veo-3.0-fast-generate-001', policy).id).toBe('veo-3.1-fast-generate-001');
    const liteOnly = { models: VEO_MODELS.filter((m) => m.id.includes('lite')), defaultModel: 'veo-3.1-lite-generate-001' };
    expect(successorModel('veo-3.0-fast-generate-001', liteOnly).id).toBe('veo-3.1-lite-generate-001');
    expect(successorModel('veo-9-unknown', policy).id).toBe(DEFAULT_MODEL_ID);
  });

  it('moves a request made from an image only to a model that takes one, or nowhere', () => {
    const textOnly = { ...VEO_MODELS[2]!, id: 'veo-text-only', label: 'Text only', imageInput: false };
    const withText = { models: [textOnly, VEO_MODELS[1]!], defaultModel: 'veo-text-only' };
    // Veo 2's replacement (3.1) is not offered; the default takes no image: the offered model that does.
    expect(successorModel('veo-2.0-generate-001', withText).id).toBe('veo-text-only');
    expect(successorModel('veo-2.0-generate-001', withText, true)?.id).toBe('veo-3.1-fast-generate-001');
    expect(followUpParams(base, withText, true)).toMatchObject({ model: 'veo-3.1-fast-generate-001', durationSeconds: 8 });
    expect(followUpParams(base, { models: [textOnly], defaultModel: 'veo-text-only' }, true)).toBeNull();
  });

  it('adapts the parameters to what the new model allows (7 s → 8 s), and leaves offered ones alone', () => {
    expect(followUpParams(base, policy)).toEqual({ ...base, model: 'veo-3.1-generate-001', durationSeconds: 8 });
    const current = { ...base, model: 'veo-3.1-generate-001', durationSeconds: 4 } as const;
    expect(followUpParams(current, policy)).toBe(current);
    const silentOnly = { models: [{ ...VEO_MODELS[0]!, audio: false, resolutions: ['1080p'] as const }], defaultModel: DEFAULT_MODEL_ID };
    expect(followUpParams({ ...base, model: 'veo-3.0-generate-001', generateAudio: true, durationSeconds: 5 }, silentOnly)).toMatchObject({ generateAudio: false, resolution: '1080p', durationSeconds: 6 });
  });
});
