import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_LENGTH, validateGenerationOptions } from '../generation-options.js';
import { DEFAULT_MODEL_ID, VEO_MODELS, type ModelCapabilities } from '../models.js';

/** A silent, 720p-only model such as an operator might declare. */
const SILENT: ModelCapabilities = { id: 'veo-silent-001', label: 'Silent Veo', durations: [5, 6, 7, 8], aspectRatios: ['16:9'], resolutions: ['720p'], audio: false, defaultDuration: 8 };
const policy = { models: [...VEO_MODELS, SILENT], defaultModel: DEFAULT_MODEL_ID };
const messages = (raw: Parameters<typeof validateGenerationOptions>[0]) => {
  const result = validateGenerationOptions(raw, policy);
  return result.ok ? [] : result.issues.map((i) => `${i.field}: ${i.message}`);
};

describe('validateGenerationOptions', () => {
  it('fills the model defaults and trims the prompt', () => {
    const result = validateGenerationOptions({ prompt: '  a fox running through snow ' }, policy);
    expect(result).toEqual({
      ok: true,
      value: { prompt: 'a fox running through snow', model: DEFAULT_MODEL_ID, durationSeconds: 8, aspectRatio: '16:9', resolution: '720p', generateAudio: true, negativePrompt: null, seed: null, personGeneration: null, sourceVideoUri: null },
    });
  });

  it('rejects an empty or whitespace prompt', () => {
    expect(messages({ prompt: '   ' })).toEqual(['prompt: The prompt must not be empty.']);
    expect(messages({})).toEqual(['prompt: The prompt must not be empty.']);
  });

  it('rejects a prompt over the maximum length, saying the length', () => {
    expect(messages({ prompt: 'x'.repeat(MAX_PROMPT_LENGTH + 1) })[0]).toContain(`${MAX_PROMPT_LENGTH + 1} characters; the maximum is ${MAX_PROMPT_LENGTH}`);
  });

  it('names the allowed values of the chosen model', () => {
    expect(messages({ prompt: 'p', durationSeconds: 5 })).toEqual(['durationSeconds: Duration must be one of 4, 6, 8 seconds for Veo 3.1.']);
    expect(messages({ prompt: 'p', aspectRatio: '4:3' })).toEqual(['aspectRatio: Aspect ratio must be one of 16:9, 9:16.']);
    expect(messages({ prompt: 'p', resolution: '4k' })[0]).toContain('720p, 1080p');
    expect(messages({ prompt: 'p', model: SILENT.id, durationSeconds: 5, generateAudio: true })).toEqual(['generateAudio: Silent Veo cannot generate audio.']);
    expect(messages({ prompt: 'p', model: SILENT.id, resolution: '1080p' })[0]).toContain('720p for Silent Veo');
  });

  it('refuses models the operator does not offer', () => {
    const narrow = { models: VEO_MODELS.filter((m) => m.id === DEFAULT_MODEL_ID), defaultModel: DEFAULT_MODEL_ID };
    const result = validateGenerationOptions({ prompt: 'p', model: 'veo-2.0-generate-001' }, narrow);
    // A retired model is simply not offered: it is refused like any other.
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toBe(`Model "veo-2.0-generate-001" is not offered here. Allowed: ${DEFAULT_MODEL_ID}.`);
  });

  it('reports every problem at once, with wrong types handled', () => {
    const found = messages({ prompt: 42, durationSeconds: '8', generateAudio: 'yes', seed: -1, negativePrompt: 7 });
    expect(found.map((m) => m.split(':')[0])).toEqual(['prompt', 'durationSeconds', 'generateAudio', 'negativePrompt', 'seed']);
  });

  it('accepts seed and negative prompt', () => {
    const result = validateGenerationOptions({ prompt: 'p', seed: 7, negativePrompt: ' blur ', generateAudio: false, aspectRatio: '9:16', resolution: '1080p', durationSeconds: 4 }, policy);
    expect(result.ok && result.value).toMatchObject({ seed: 7, negativePrompt: 'blur', generateAudio: false, aspectRatio: '9:16', resolution: '1080p', durationSeconds: 4 });
  });
});
