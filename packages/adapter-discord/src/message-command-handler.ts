import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { maxReferenceImages } from '@veo-bot/core';
import { promptModalCustomId } from './custom-ids.js';
import { replyEphemeral } from './interaction-replies.js';
import { messageImages, referenceAttachments, referenceModelFor } from './message-command.js';
import { PENDING_PROMPT, promptModal } from './prompt-modal.js';
import { readServerSettings } from './server-settings-read.js';
import type { HandlerDeps } from './veo-handlers.js';
import { invalidOptionsText } from './veo-replies.js';
import { localIssues } from './veo-submit.js';

/** Shown for a message without a PNG, JPEG or WebP attachment; no form opens. */
export const NO_MESSAGE_IMAGE = 'This message has no image to use (PNG, JPEG or WebP).';
/** Shown when the bot runs without a draft store: the command needs the prompt form. */
export const MESSAGE_COMMAND_NEEDS_FORMS = 'Making a video from a message needs the bot\'s form support, which is not set up here. Use /veo with reference_1…reference_3 instead.';
/** How long the server's settings may take before the operator's models are used (the modal must answer within 3 s). */
export const MESSAGE_COMMAND_SETTINGS_TIMEOUT_MS = 1_500;

const SETTINGS_EVENTS = {
  slow: 'Server settings too slow for the message command; offered models used',
  failed: 'Server settings could not be read for the message command; offered models used',
} as const;

/** The "at most N reference images" refusal. */
export function tooManyImagesText(count: number, max: number): string {
  return `This message has ${count} images; Veo takes at most ${max} reference images.`;
}

/**
 * "Make a Veo video" on a message: its image attachments (in order) become reference images of
 * the default model, or of the first offered model that takes them, at its reference-image
 * length. Checked locally first (a refusal is ephemeral and no form opens); then kept as a draft
 * and answered with the prompt modal, whose submit is `/veo`'s (`handlePromptModal` →
 * `submitVeo`: download with the size guard, core's submit, the public status message).
 */
export async function handleMessageCommand(interaction: MessageContextMenuCommandInteraction, deps: HandlerDeps): Promise<void> {
  if (!deps.drafts) return replyEphemeral(interaction, MESSAGE_COMMAND_NEEDS_FORMS);
  const images = messageImages(interaction.targetMessage);
  if (images.length === 0) return replyEphemeral(interaction, NO_MESSAGE_IMAGE);
  const fields = { interaction_id: interaction.id, guild_id: interaction.guildId, user_id: interaction.user.id };
  const settings = interaction.guildId ? await readServerSettings(interaction.guildId, deps, { timeoutMs: MESSAGE_COMMAND_SETTINGS_TIMEOUT_MS, fields, events: SETTINGS_EVENTS }) : null;
  const choice = referenceModelFor(deps.policy, settings);
  if (!choice.ok) return replyEphemeral(interaction, choice.message);
  const max = maxReferenceImages(choice.model);
  if (images.length > max) return replyEphemeral(interaction, tooManyImagesText(images.length, max));
  const options = { model: choice.model.id, durationSeconds: choice.durationSeconds };
  const attachments = referenceAttachments(images);
  const issues = localIssues({ ...options, prompt: PENDING_PROMPT }, attachments, deps);
  if (issues.length > 0) return replyEphemeral(interaction, invalidOptionsText(issues));
  const draftId = deps.drafts.put({ userId: interaction.user.id, options, attachments });
  const described = images.length === 1 ? 'the image is kept in it' : `the ${images.length} images are kept in it`;
  await interaction.showModal(promptModal({
    customId: promptModalCustomId(draftId),
    title: `Your video (${choice.model.label}, ${choice.durationSeconds} s)`.slice(0, 45),
    promptLabel: 'Prompt',
    promptDescription: `What the video should show; ${described}`,
  }));
}
