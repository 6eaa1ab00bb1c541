import type { GenerationParams } from '../domain/generation-options.js';
import type { PollOutcome, VideoGenerator } from '../ports/video-generator.js';

/** Valid Veo 3.1 parameters for `prompt`; override any field. */
export function aGenerationParams(prompt: string, overrides: Partial<GenerationParams> = {}): GenerationParams {
  return {
    prompt,
    model: 'veo-3.1-generate-001',
    durationSeconds: 8,
    aspectRatio: '16:9',
    resolution: '720p',
    generateAudio: true,
    negativePrompt: null,
    seed: null,
    personGeneration: null,
    sourceVideoUri: null,
    ...overrides,
  };
}

/** Polls until the operation is no longer running (bounded by count, not time). */
export async function pollUntilDone(generator: VideoGenerator, name: string, max = 20): Promise<PollOutcome> {
  for (let i = 0; i < max; i++) {
    const outcome = await generator.poll(name);
    if (outcome.state !== 'running') return outcome;
  }
  throw new Error(`operation ${name} still running after ${max} polls`);
}
