import { allowedChoices, type AllowedChoices, type GuildSettings, type ModelCapabilities, type ModelPolicy, type Resolution } from '@veo-bot/core';
import { truncate } from './text-limits.js';

/** The `/veo` options a server can narrow (`/veo-settings models|resolutions|durations`): autocomplete options when the bot has settings. */
export const NARROWED_OPTIONS = ['model', 'resolution', 'duration'] as const;
/** One of {@link NARROWED_OPTIONS}. */
export type NarrowedOption = (typeof NARROWED_OPTIONS)[number];

/** Discord's limits on the choices of one option or one autocomplete answer. */
export const CHOICE_LIMITS = { count: 25, nameLength: 100 } as const;

/** A choice as Discord takes it: a string for `model` and `resolution`, an integer for `duration`. */
export type VeoChoice = { readonly name: string; readonly value: string } | { readonly name: string; readonly value: number };

/** Whether `name` is one of {@link NARROWED_OPTIONS}. */
export function isNarrowedOption(name: string): name is NarrowedOption {
  return (NARROWED_OPTIONS as readonly string[]).includes(name);
}

/** A model as `/veo` lists it: its label, marked `(default)` for the policy's default. */
export function modelChoice(model: ModelCapabilities, policy: ModelPolicy): { name: string; value: string } {
  return { name: truncate(model.id === policy.defaultModel ? `${model.label} (default)` : model.label, CHOICE_LIMITS.nameLength), value: model.id };
}

/** A duration as `/veo` lists it (`8 seconds`). */
export function durationChoice(seconds: number): { name: string; value: number } {
  return { name: `${seconds} seconds`, value: seconds };
}

/** A resolution as `/veo` lists it. */
export function resolutionChoice(resolution: Resolution): { name: string; value: string } {
  return { name: resolution, value: resolution };
}

/** Every choice of `option` among `allowed`, in order (not yet cut to Discord's 25). */
export function choicesOf(option: NarrowedOption, allowed: AllowedChoices, policy: ModelPolicy): VeoChoice[] {
  if (option === 'model') return allowed.models.map((m) => modelChoice(m, policy));
  if (option === 'resolution') return allowed.resolutions.map(resolutionChoice);
  return allowed.durations.map(durationChoice);
}

/**
 * The answer to a `/veo` autocomplete for `option`: what the operator's models make, narrowed
 * by the server's settings (null: none known, or a direct message) and by the model already
 * chosen, keeping those whose label or value contains what the user typed (any case), at most 25.
 */
export function autocompleteChoices(option: NarrowedOption, typed: string, policy: ModelPolicy, settings: GuildSettings | null, chosenModel: string | null): VeoChoice[] {
  const query = typed.trim().toLowerCase();
  const choices = choicesOf(option, allowedChoices(policy, settings, chosenModel), policy);
  return choices.filter((c) => c.name.toLowerCase().includes(query) || String(c.value).toLowerCase().includes(query)).slice(0, CHOICE_LIMITS.count);
}
