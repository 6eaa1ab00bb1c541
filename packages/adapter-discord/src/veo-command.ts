import { SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { rawOption, readAttachmentOption, type AttachmentRead } from './interaction-options.js';
import { MAX_NEGATIVE_PROMPT_LENGTH, MAX_PROMPT_LENGTH, allowedChoices, type ModelPolicy, type RawGenerationOptions } from '@veo-bot/core';
import { CHOICE_LIMITS, durationChoice, modelChoice, resolutionChoice } from './veo-choices.js';
import { VEO_IMAGE_OPTIONS } from './veo-images.js';

/** Name of the slash command. */
export const VEO_COMMAND_NAME = 'veo';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** How {@link buildVeoCommand} offers `model`, `resolution` and `duration`. */
export interface VeoCommandOptions {
  /**
   * As autocomplete options (no fixed choices), so each server sees only what its settings
   * allow (see `handleVeoAutocomplete`); default false: fixed choices, the same everywhere.
   * Discord's options are global, so a per-server list can only be an autocomplete answer.
   */
  readonly autocomplete?: boolean;
}

/**
 * The `/veo` command, with choices built from the models the policy offers (Discord allows
 * at most 25 choices per option), or with `model`, `resolution` and `duration` answered by
 * autocomplete (`options.autocomplete`). Validation against the chosen model happens in core
 * either way: an autocomplete option takes any typed value.
 */
export function buildVeoCommand(policy: ModelPolicy, options: VeoCommandOptions = {}): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const models = policy.models;
  const all = allowedChoices(policy, null);
  const auto = options.autocomplete ?? false;
  const limit = <T>(choices: T[]): T[] => choices.slice(0, CHOICE_LIMITS.count);
  const builder = new SlashCommandBuilder()
    .setName(VEO_COMMAND_NAME)
    .setDescription('Generate a video with Google Veo')
    .addStringOption((o) => o.setName('prompt').setDescription('What the video should show (leave out to type a long one in a form)').setMaxLength(MAX_PROMPT_LENGTH))
    .addIntegerOption((o) => {
      o.setName('duration').setDescription('Length in seconds');
      return auto ? o.setAutocomplete(true) : o.addChoices(...limit(all.durations.map(durationChoice)));
    })
    .addStringOption((o) => o.setName('aspect_ratio').setDescription('Frame shape').addChoices(...unique(models.flatMap((m) => m.aspectRatios)).map((r) => ({ name: r, value: r }))))
    .addStringOption((o) => {
      o.setName('resolution').setDescription('Output resolution');
      return auto ? o.setAutocomplete(true) : o.addChoices(...limit(all.resolutions.map(resolutionChoice)));
    })
    .addBooleanOption((o) => o.setName('audio').setDescription('Generate an audio track (models that support it)'));
  if (models.length > 1) {
    builder.addStringOption((o) => {
      o.setName('model').setDescription('Veo model');
      return auto ? o.setAutocomplete(true) : o.addChoices(...limit(models.map((m) => modelChoice(m, policy))));
    });
  }
  builder
    .addStringOption((o) => o.setName('negative_prompt').setDescription('What the video should avoid').setMaxLength(MAX_NEGATIVE_PROMPT_LENGTH))
    .addIntegerOption((o) => o.setName('seed').setDescription('Seed for repeatable results').setMinValue(0).setMaxValue(4_294_967_295));
  // image, last_image, reference_1..3: core checks which of them the chosen model takes.
  for (const image of VEO_IMAGE_OPTIONS) builder.addAttachmentOption((o) => o.setName(image.name).setDescription(image.description));
  return builder.toJSON();
}

/**
 * The options of a `/veo` interaction as core expects them (absent → undefined, so core applies
 * defaults). Values are passed as Discord sent them, whatever their type: core's validation
 * checks types and ranges and words the refusal (discord.js' typed getters would throw instead).
 */
export function readVeoOptions(interaction: ChatInputCommandInteraction): RawGenerationOptions {
  return {
    prompt: rawOption(interaction, 'prompt') ?? '',
    model: rawOption(interaction, 'model'),
    durationSeconds: rawOption(interaction, 'duration'),
    aspectRatio: rawOption(interaction, 'aspect_ratio'),
    resolution: rawOption(interaction, 'resolution'),
    generateAudio: rawOption(interaction, 'audio'),
    negativePrompt: rawOption(interaction, 'negative_prompt'),
    seed: rawOption(interaction, 'seed'),
  };
}

/** The `image` option of a `/veo` interaction: none, the attachment, or given but missing from the resolved data. */
export function readImageAttachment(interaction: ChatInputCommandInteraction): AttachmentRead {
  return readAttachmentOption(interaction, 'image');
}
