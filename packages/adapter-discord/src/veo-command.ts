import { SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { rawOption, readAttachmentOption, type AttachmentRead } from './interaction-options.js';
import { MAX_NEGATIVE_PROMPT_LENGTH, MAX_PROMPT_LENGTH, type ModelPolicy, type RawGenerationOptions } from '@veo-bot/core';

/** Name of the slash command. */
export const VEO_COMMAND_NAME = 'veo';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The `/veo` command, with choices built from the models the policy offers (Discord allows
 * at most 25 choices per option). Validation against the chosen model happens in core.
 */
export function buildVeoCommand(policy: ModelPolicy): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const models = policy.models;
  const durations = unique(models.flatMap((m) => m.durations)).sort((a, b) => a - b);
  const ratios = unique(models.flatMap((m) => m.aspectRatios));
  const resolutions = unique(models.flatMap((m) => m.resolutions));
  const builder = new SlashCommandBuilder()
    .setName(VEO_COMMAND_NAME)
    .setDescription('Generate a video with Google Veo')
    .addStringOption((o) => o.setName('prompt').setDescription('What the video should show').setRequired(true).setMaxLength(MAX_PROMPT_LENGTH))
    .addIntegerOption((o) => o.setName('duration').setDescription('Length in seconds').addChoices(...durations.slice(0, 25).map((d) => ({ name: `${d} seconds`, value: d }))))
    .addStringOption((o) => o.setName('aspect_ratio').setDescription('Frame shape').addChoices(...ratios.map((r) => ({ name: r, value: r }))))
    .addStringOption((o) => o.setName('resolution').setDescription('Output resolution').addChoices(...resolutions.map((r) => ({ name: r, value: r }))))
    .addBooleanOption((o) => o.setName('audio').setDescription('Generate an audio track (models that support it)'));
  if (models.length > 1) {
    builder.addStringOption((o) =>
      o
        .setName('model')
        .setDescription('Veo model')
        .addChoices(...models.slice(0, 25).map((m) => ({ name: m.id === policy.defaultModel ? `${m.label} (default)` : m.label, value: m.id }))),
    );
  }
  builder
    .addStringOption((o) => o.setName('negative_prompt').setDescription('What the video should avoid').setMaxLength(MAX_NEGATIVE_PROMPT_LENGTH))
    .addIntegerOption((o) => o.setName('seed').setDescription('Seed for repeatable results').setMinValue(0).setMaxValue(4_294_967_295))
    .addAttachmentOption((o) => o.setName('image').setDescription('First frame: a PNG, JPEG or WebP image to start the video from'));
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
