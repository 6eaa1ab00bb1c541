import type { GenerationParams, ModelPolicy } from './generation-options.js';
import { acceptsImageShape } from './image-inputs.js';
import { type ModelCapabilities, findModel, modelLabel, retiredModel } from './models.js';
import type { ImageShape } from './request-images.js';

/** The images a follow-up carries: `true` for a first frame only (older callers), or their shape. */
export type FollowedImages = boolean | ImageShape;

const shapeFrom = (images: FollowedImages): ImageShape | null =>
  images === false ? null : images === true ? { first: true, last: false, references: 0 } : images.first || images.last || images.references > 0 ? images : null;

/**
 * The model a follow-up (Retry, Again) of a request made with `modelId` runs with: the same one
 * while it is offered; else Google's replacement of a retired model when that is offered; else
 * the default model. Never a model this deployment does not offer. With `image` (the request
 * had images: a first frame, a last frame, reference images), the first of those that takes
 * images of that shape, else any offered one that does; null when none does (the follow-up is
 * refused, never sent without its images).
 */
export function successorModel(modelId: string, policy: ModelPolicy, image?: false): ModelCapabilities;
export function successorModel(modelId: string, policy: ModelPolicy, image: FollowedImages): ModelCapabilities | null;
export function successorModel(modelId: string, policy: ModelPolicy, image: FollowedImages = false): ModelCapabilities | null {
  const replacement = retiredModel(modelId)?.replacement;
  const candidates = [modelId, replacement, policy.defaultModel].flatMap((id) => (id ? [findModel(id, policy.models)] : [])).filter((m) => m !== undefined);
  if (candidates.length === 0) throw new Error(`Default model ${policy.defaultModel} is not offered (a policy bug)`);
  const shape = shapeFrom(image);
  if (!shape) return candidates[0]!;
  const fits = (m: ModelCapabilities) => acceptsImageShape(m, shape);
  return candidates.find(fits) ?? policy.models.find(fits) ?? null;
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
export function followUpParams(params: GenerationParams, policy: ModelPolicy, image: FollowedImages): GenerationParams | null;
export function followUpParams(params: GenerationParams, policy: ModelPolicy, image: FollowedImages = false): GenerationParams | null {
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
