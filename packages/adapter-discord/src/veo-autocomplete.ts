import type { AutocompleteInteraction } from 'discord.js';
import { describeError, type GuildSettings } from '@veo-bot/core';
import { autocompleteChoices, isNarrowedOption, type VeoChoice } from './veo-choices.js';
import { readServerSettings } from './server-settings-read.js';
import type { HandlerDeps } from './veo-handlers.js';

/**
 * How long a server's settings may take before autocomplete answers with the operator's values
 * instead: Discord drops an answer that comes later than 3 s after the interaction was created
 * (it allows no deferral), and the gateway and the answer itself take part of that.
 */
export const AUTOCOMPLETE_SETTINGS_TIMEOUT_MS = 1_500;

type Fields = Record<string, unknown>;

/**
 * `/veo` autocomplete of `model`, `resolution` or `duration`: the values the operator's models
 * make, narrowed by the server's settings (none in direct messages) and by the model already
 * chosen, filtered by what the user typed. Settings that cannot be read (or not within
 * {@link AUTOCOMPLETE_SETTINGS_TIMEOUT_MS}) narrow nothing: the submit path refuses clearly.
 * Never throws and answers exactly once; an answer Discord refuses is logged, nothing more.
 */
export async function handleVeoAutocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const fields: Fields = { interaction_id: interaction.id, guild_id: interaction.guildId, user_id: interaction.user.id };
  let choices: VeoChoice[] = [];
  try {
    choices = await choicesFor(interaction, deps, fields);
  } catch (error) {
    deps.logger.error('Autocomplete choices failed', { ...fields, ...describeError(error) });
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    deps.logger.warn('Autocomplete answer failed', { ...fields, choice_count: choices.length, ...describeError(error) });
  }
}

async function choicesFor(interaction: AutocompleteInteraction, deps: HandlerDeps, fields: Fields): Promise<VeoChoice[]> {
  const focused = interaction.options.getFocused(true);
  if (!isNarrowedOption(focused.name)) return [];
  const model = interaction.options.get('model')?.value;
  const settings = interaction.guildId ? await settingsOf(interaction.guildId, deps, fields) : null;
  return autocompleteChoices(focused.name, String(focused.value ?? ''), deps.policy, settings, typeof model === 'string' ? model : null);
}

const SETTINGS_EVENTS = {
  slow: 'Server settings too slow for autocomplete; offered values answered',
  failed: 'Server settings could not be read for autocomplete; offered values answered',
} as const;

/** The server's settings, or null when they are unknown, unavailable, failing or too slow. */
function settingsOf(guildId: string, deps: HandlerDeps, fields: Fields): Promise<GuildSettings | null> {
  return readServerSettings(guildId, deps, { timeoutMs: AUTOCOMPLETE_SETTINGS_TIMEOUT_MS, fields, events: SETTINGS_EVENTS });
}
