import { describe, expect, it } from 'vitest';
import { validateGenerationOptions } from '../generation-options.js';
import { describeImageInputs } from '../image-inputs.js';
import { parseModelCatalog } from '../model-catalog.js';
import { followUpParams } from '../model-succession.js';
import { DEFAULT_MODEL_ID, VEO_MODELS, findModel } from '../models.js';

const policy = { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };
const shape = (first: boolean, last: boolean, references: number) => ({ first, last, references });
const check = (model: string, images: ReturnType<typeof shape>, extra: Record<string, unknown> = {}) =>
  validateGenerationOptions({ prompt: 'a fox', model, images, ...extra }, policy);
const issues = (result: ReturnType<typeof check>) => (result.ok ? [] : result.issues.map((i) => `${i.field}: ${i.message}`));

describe('image inputs per model (checked 2026-12-03)', () => {
  it.each(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001'])('%s takes a first frame with a last frame, or up to 3 reference images at 8 s', (model) => {
    expect(check(model, shape(true, true, 0), { durationSeconds: 4 })).toMatchObject({ ok: true, value: { durationSeconds: 4 } });
    // With reference images and no duration asked for, the length they allow.
    expect(check(model, shape(false, false, 3))).toMatchObject({ ok: true, value: { durationSeconds: 8 } });
    expect(check(model, shape(false, false, 1), { durationSeconds: 8, aspectRatio: '9:16' })).toMatchObject({ ok: true });
  });

  it('Veo 3.1 Lite takes a first frame only, and says so', () => {
    expect(check('veo-3.1-lite-generate-001', shape(true, false, 0))).toMatchObject({ ok: true });
    expect(issues(check('veo-3.1-lite-generate-001', shape(true, true, 0)))).toEqual([
      'lastImage: Veo 3.1 Lite takes a first frame; it takes no last frame. Leave out `last_image` or choose another model.',
    ]);
    expect(issues(check('veo-3.1-lite-generate-001', shape(false, false, 2)))).toEqual([
      'referenceImages: Veo 3.1 Lite takes a first frame; it takes no reference images. Leave them out or choose another model.',
    ]);
  });

  it('refuses what Veo forbids, naming it: a last frame alone, references with frames, more than 3, another length, with an extension', () => {
    expect(issues(check(DEFAULT_MODEL_ID, shape(false, true, 0)))).toEqual([expect.stringMatching(/^lastImage: A last frame needs a first frame: add `image`/)]);
    expect(issues(check(DEFAULT_MODEL_ID, shape(true, false, 1)))).toEqual([expect.stringMatching(/^referenceImages: Reference images cannot be combined with `image` or `last_image`/)]);
    expect(issues(check(DEFAULT_MODEL_ID, shape(false, false, 4)))).toEqual(['referenceImages: Veo 3.1 takes at most 3 reference images; 4 were given.']);
    expect(issues(check(DEFAULT_MODEL_ID, shape(false, false, 2), { durationSeconds: 6 }))).toEqual(['referenceImages: With reference images, Veo 3.1 makes videos of 8 seconds only.']);
    expect(issues(check(DEFAULT_MODEL_ID, shape(false, false, 1), { sourceVideoUri: 'gs://bucket/veo/x/sample_0.mp4' }))).toContain(
      'referenceImages: An extension continues the video itself; it takes no reference images.',
    );
  });

  it('a model without image input refuses every image; text-only stays valid everywhere', () => {
    const textOnly = { ...findModel(DEFAULT_MODEL_ID)!, id: 'veo-text-only', label: 'Text Veo', imageInput: false };
    const result = validateGenerationOptions({ prompt: 'a fox', images: shape(true, false, 0) }, { models: [textOnly], defaultModel: 'veo-text-only' });
    expect(issues(result)).toEqual(['image: Text Veo makes videos from text only; leave out the image or choose another model.']);
    for (const m of VEO_MODELS) expect(check(m.id, shape(false, false, 0))).toMatchObject({ ok: true });
    expect(describeImageInputs(findModel(DEFAULT_MODEL_ID)!)).toBe('Veo 3.1 takes a first frame, a last frame with it, or up to 3 reference images');
  });

  it('a follow-up with reference images only goes to a model that takes them', () => {
    const params = { prompt: 'a fox', model: 'veo-3.1-fast-generate-001', durationSeconds: 8, aspectRatio: '16:9' as const, resolution: '720p' as const, generateAudio: true, negativePrompt: null, seed: null, personGeneration: null, sourceVideoUri: null };
    const liteAndDefault = { models: VEO_MODELS.filter((m) => m.id !== 'veo-3.1-fast-generate-001'), defaultModel: 'veo-3.1-lite-generate-001' };
    expect(followUpParams(params, liteAndDefault, shape(false, false, 2))?.model).toBe('veo-3.1-generate-001');
    const liteOnly = { models: VEO_MODELS.filter((m) => m.id === 'veo-3.1-lite-generate-001'), defaultModel: 'veo-3.1-lite-generate-001' };
    expect(followUpParams(params, liteOnly, shape(true, true, 0))).toBeNull();
    expect(followUpParams(params, liteOnly, shape(true, false, 0))?.model).toBe('veo-3.1-lite-generate-001');
  });
});

describe('VEO_MODEL_CATALOG: lastFrame and referenceImages', () => {
  const entry = {
    id: 'veo-3.2-generate-001', label: 'Veo 3.2', durations: [4, 6, 8], aspectRatios: ['16:9'], resolutions: ['720p'], audio: false, imageInput: true,
    pricePerSecond: { '720p': { withoutAudio: 0.2 } },
  };
  const problems = (extra: Record<string, unknown>) => {
    const result = parseModelCatalog([{ ...entry, ...extra }]);
    return result.ok ? [] : result.problems;
  };

  it('reads both optional fields into the model; absent means neither', () => {
    const result = parseModelCatalog([{ ...entry, lastFrame: true, referenceImages: { max: 2, durations: [8, 6] } }, { ...entry, id: 'veo-plain-001' }]);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.catalog.models[0]).toMatchObject({ lastFrame: true, referenceImages: { max: 2, durations: [6, 8] } });
    expect(result.catalog.models[1]).not.toHaveProperty('lastFrame');
    expect(result.catalog.models[1]).not.toHaveProperty('referenceImages');
  });

  it('names the entry and the field of every problem', () => {
    const at = 'models[0] (veo-3.2-generate-001)';
    expect(problems({ lastFrame: 'yes' })).toEqual([`${at}.lastFrame must be true or false`]);
    expect(problems({ lastFrame: true, imageInput: false })).toEqual([`${at}.lastFrame needs imageInput: true (a last frame goes with a first frame)`]);
    expect(problems({ referenceImages: 3 })).toEqual([`${at}.referenceImages must be an object like { "max": 3, "durations": [8] }`]);
    expect(problems({ referenceImages: { max: 4, durations: [8] } })).toEqual([`${at}.referenceImages.max must be a whole number from 1 to 3 (Veo takes at most 3 asset images)`]);
    expect(problems({ referenceImages: { max: 3, durations: [10] } })).toEqual([`${at}.referenceImages.durations must be a non-empty list of distinct values from its durations (4, 6, 8)`]);
    expect(problems({ referenceImages: { max: 3, durations: [8], type: 'STYLE' } })).toEqual([`${at}.referenceImages.type is not a field (allowed: max, durations)`]);
  });
});
