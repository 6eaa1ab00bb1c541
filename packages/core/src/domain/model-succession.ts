import type { GenerationParams, ModelPolicy } from './generation-options.js';
import { type ModelCapabilities, acceptsImage, findModel, modelLabel, retiredModel } from './models.js';

/**
 * The model a follow-up (Retry, Again) of a request made with `modelId` runs with: the same one
 * while it is offered; else Google's replacement of a retired model when that is offered; else
 * the default model. Never a model this deployment does not offer. With `image` (the request
 * had a first frame), the first of those that takes an image, else any offered one that does;
 * null when none does (the follow-up is refused, never sent without its image).
 */
export function successorModel(modelId: string, policy: ModelPolicy, image?: false): ModelCapabilities;
export function successorModel(modelId: string, policy: ModelPolicy, image: boolean): ModelCapabilities | null;
export function successorModel(modelId: string, policy: ModelPolicy, image = false): ModelCapabilities | null {
  const replacement = retiredModel(modelId)?.replacement;
  const candidates = [modelId, replacement, policy.defaultModel].flatMap((id) => (id ? [findModel(id, policy.models)] : [])).filter((m) => m !== undefined);
  if (candidates.length === 0) throw new Error(`Default model ${policy.defaultModel} is not offered (a policy bug)`);
  if (!image) return candidates[0]!;
  return candidates.find(acceptsImage) ?? policy.models.find(acceptsImage) ?? null;
}

const nearest = (value: number, allowed: readonly number[]): number =>
  [...allowed].sort((a, b) => Math.abs(a - value) - Math.abs(b - value) || b - a)[0] ?? value;

/**
 * The parameters of a follow-up of a stored request: unchanged while its model is offered,
 * otherwise moved to {@link successorModel} with each choice kept where the new model allows it
 * (a Veo 2 clip of 5 s becomes 6 s, an unsupported resolution the model's first, audio only
 * where it was asked for and is possible); null when the request had an image and no model
 * offered takes one. Pure.
 */
export function followUpParams(params: GenerationParams, policy: ModelPolicy, image?: false): GenerationParams;
export function followUpParams(params: GenerationParams, policy: ModelPolicy, image: boolean): GenerationParams | null;
export function followUpParams(params: GenerationParams, policy: ModelPolicy, image = false): GenerationParams | null {
  const model = successorModel(params.model, policy, image);
  if (!model) return null;
  if (model.id === params.model) return params;
  return {
    ...params,
    model: model.id,
    durationSeconds: model.durations.includes(params.durationSeconds) ? params.durationSeconds : nearest(params.durationSeconds, model.durations),
    aspectRatio: model.aspectRatios.includes(params.aspectRatio) ? params.aspectRatio : (model.aspectRatios[0] ?? params.aspectRatio),
    resolution: model.resolutions.includes(params.resolution) ? params.resolution : (model.resolutions[0] ?? params.resolution),
    generateAudio: params.generateAudio && model.audio,
  };
}

/**
 * What a user is told about a request stored with a retired model (resume fails it instead of
 * sending a model Google no longer serves); null for a model that is not retired.
 */
export function retiredModelMessage(modelId: string): string | null {
  const retired = retiredModel(modelId);
  if (!retired) return null;
  return `${retired.label} (${retired.id}) was retired by Google on ${retired.retiredOn}, so this video was not made and nothing was charged. Press Retry to make it with ${modelLabel(retired.replacement)}.`;
}
