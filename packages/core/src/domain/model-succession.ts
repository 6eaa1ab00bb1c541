import type { GenerationParams, ModelPolicy } from './generation-options.js';
import { type ModelCapabilities, findModel, modelLabel, retiredModel } from './models.js';

/**
 * The model a follow-up (Retry, Again) of a request made with `modelId` runs with: the same one
 * while it is offered; else Google's replacement of a retired model when that is offered; else
 * the default model. Never a model this deployment does not offer.
 */
export function successorModel(modelId: string, policy: ModelPolicy): ModelCapabilities {
  const offered = findModel(modelId, policy.models);
  if (offered) return offered;
  const replacement = retiredModel(modelId)?.replacement;
  const target = (replacement && findModel(replacement, policy.models)) || findModel(policy.defaultModel, policy.models);
  if (!target) throw new Error(`Default model ${policy.defaultModel} is not offered (a policy bug)`);
  return target;
}

const nearest = (value: number, allowed: readonly number[]): number =>
  [...allowed].sort((a, b) => Math.abs(a - value) - Math.abs(b - value) || b - a)[0] ?? value;

/**
 * The parameters of a follow-up of a stored request: unchanged while its model is offered,
 * otherwise moved to {@link successorModel} with each choice kept where the new model allows it
 * (a Veo 2 clip of 5 s becomes 6 s, an unsupported resolution the model's first, audio only
 * where it was asked for and is possible). Pure.
 */
export function followUpParams(params: GenerationParams, policy: ModelPolicy): GenerationParams {
  const model = successorModel(params.model, policy);
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
