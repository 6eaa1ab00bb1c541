import type { ModelPolicy } from './generation-options.js';
import type { GuildSettings } from './guild-settings.js';
import { type ModelCapabilities, type Resolution, findModel } from './models.js';

/** The models, resolutions and durations `/veo` may offer a user, in the order to show them. */
export interface AllowedChoices {
  /** Offered models the server allows, in the operator's order. */
  readonly models: readonly ModelCapabilities[];
  /** Resolutions of those models (or of the chosen one) the server allows. */
  readonly resolutions: readonly Resolution[];
  /** Durations in seconds of those models (or of the chosen one) the server allows, shortest first. */
  readonly durations: readonly number[];
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const narrowed = <T>(values: readonly T[], allowed: readonly T[] | undefined): T[] => (allowed && allowed.length > 0 ? values.filter((v) => allowed.includes(v)) : [...values]);

/**
 * What `/veo` can offer for its model, resolution and duration options: the values the
 * operator's models make (`policy`), narrowed by a server's settings (null: none known, or a
 * direct message, so no narrowing) and, when the user already picked an offered model, by what
 * that model makes. An unknown `chosenModel` narrows nothing: submitting it is refused anyway.
 * The same values the submit path accepts, so nothing shown is refused for being disallowed.
 */
export function allowedChoices(policy: ModelPolicy, settings: GuildSettings | null, chosenModel?: string | null): AllowedChoices {
  const models = settings && settings.allowedModels.length > 0 ? policy.models.filter((m) => settings.allowedModels.includes(m.id)) : [...policy.models];
  const chosen = chosenModel ? findModel(chosenModel, policy.models) : undefined;
  // Durations and resolutions come from every model the user could still pick (or the one picked).
  const makers = chosen ? [chosen] : models;
  return {
    models,
    resolutions: narrowed(unique(makers.flatMap((m) => m.resolutions)), settings?.allowedResolutions),
    durations: narrowed(unique(makers.flatMap((m) => m.durations)).sort((a, b) => a - b), settings?.allowedDurations),
  };
}
