import type { GenerationParams, VideoGenerator } from '@veo-bot/core';

/** Shared with core's contract suite. */
export { aGenerationParams as params, pollUntilDone } from '@veo-bot/core/testing';

/** Starts and returns the operation name, failing the test on a refused start. */
export async function startOk(generator: VideoGenerator, requestId: string, p: GenerationParams): Promise<string> {
  const started = await generator.start(requestId, p);
  if (!started.ok) throw new Error(`start failed: ${started.error.kind} ${started.error.message}`);
  return started.operationName;
}
