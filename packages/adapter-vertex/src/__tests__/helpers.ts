import type { GenerationParams, PollOutcome, VideoGenerator } from '@veo-bot/core';

/** Valid Veo 3.1 parameters for `prompt`. */
export const params = (prompt: string, overrides: Partial<GenerationParams> = {}): GenerationParams => ({
  prompt,
  model: 'veo-3.1-generate-001',
  durationSeconds: 8,
  aspectRatio: '16:9',
  resolution: '720p',
  generateAudio: true,
  negativePrompt: null,
  seed: null,
  ...overrides,
});

/** Polls until the operation is no longer running (bounded by count, not time). */
export async function pollUntilDone(generator: VideoGenerator, name: string, max = 20): Promise<PollOutcome> {
  for (let i = 0; i < max; i++) {
    const outcome = await generator.poll(name);
    if (outcome.state !== 'running') return outcome;
  }
  throw new Error(`operation ${name} still running after ${max} polls`);
}

/** Starts and returns the operation name, failing the test on a refused start. */
export async function startOk(generator: VideoGenerator, requestId: string, p: GenerationParams): Promise<string> {
  const started = await generator.start(requestId, p);
  if (!started.ok) throw new Error(`start failed: ${started.error.kind} ${started.error.message}`);
  return started.operationName;
}
