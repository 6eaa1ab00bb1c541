import { ModalBuilder, TextInputBuilder, TextInputStyle, type APIModalInteractionResponseCallbackData, type ModalSubmitInteraction } from 'discord.js';
import { MAX_NEGATIVE_PROMPT_LENGTH, MAX_PROMPT_LENGTH } from '@veo-bot/core';

/** `custom_id` of the modal's paragraph input for the prompt. */
export const PROMPT_FIELD = 'prompt';
/** `custom_id` of the modal's optional short input for the negative prompt. */
export const NEGATIVE_PROMPT_FIELD = 'negative_prompt';
/** Discord's longest text input value (interactions/message-components "Text Input", checked 2026-12-03). */
export const TEXT_INPUT_MAX_LENGTH = 4000;

/** Shown for a prompt modal whose draft is unknown, expired, someone else's or already used; nothing is made. */
export const FORM_EXPIRED = 'This form has expired — please run /veo again.';

/** Stands in for the prompt while the other options are checked before the modal opens. */
export const PENDING_PROMPT = 'prompt to come';

/** What a prompt modal asks for and shows. */
export interface PromptModalSpec {
  readonly customId: string;
  /** At most 45 characters (Discord's limit). */
  readonly title: string;
  readonly promptLabel: string;
  readonly promptDescription: string;
  /** Pre-filled negative prompt (what `/veo` was given), if any. */
  readonly negativePrompt?: string;
}

/**
 * A modal with a required paragraph input for the prompt (at most the bot's prompt limit, and
 * never more than Discord's 4,000) and an optional short input for the negative prompt.
 * Labels (type 18) wrap the inputs, as Discord now asks.
 */
export function promptModal(spec: PromptModalSpec): APIModalInteractionResponseCallbackData {
  const prompt = new TextInputBuilder().setCustomId(PROMPT_FIELD).setStyle(TextInputStyle.Paragraph).setRequired(true)
    .setMinLength(1).setMaxLength(Math.min(MAX_PROMPT_LENGTH, TEXT_INPUT_MAX_LENGTH));
  const negative = new TextInputBuilder().setCustomId(NEGATIVE_PROMPT_FIELD).setStyle(TextInputStyle.Short).setRequired(false)
    .setMaxLength(Math.min(MAX_NEGATIVE_PROMPT_LENGTH, TEXT_INPUT_MAX_LENGTH));
  if (spec.negativePrompt) negative.setValue(spec.negativePrompt.slice(0, MAX_NEGATIVE_PROMPT_LENGTH));
  return new ModalBuilder()
    .setCustomId(spec.customId)
    .setTitle(spec.title)
    .addLabelComponents(
      (label) => label.setLabel(spec.promptLabel).setDescription(spec.promptDescription).setTextInputComponent(prompt),
      (label) => label.setLabel('Negative prompt (optional)').setDescription('What the video should avoid').setTextInputComponent(negative),
    )
    .toJSON();
}

/** The prompt and negative prompt a submitted prompt modal carries (an empty negative prompt is none). */
export function readPromptFields(interaction: ModalSubmitInteraction): { prompt: string; negativePrompt: string | undefined } {
  const read = (id: string): string => {
    const field = interaction.fields.fields.get(id);
    return field && 'value' in field && typeof field.value === 'string' ? field.value : '';
  };
  const negative = read(NEGATIVE_PROMPT_FIELD);
  return { prompt: read(PROMPT_FIELD), negativePrompt: negative.trim() === '' ? undefined : negative };
}
