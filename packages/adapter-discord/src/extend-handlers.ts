import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { describeError, type ExtendCheck } from '@veo-bot/core';
import { extendModalCustomId, parseExtendCustomId, parseExtendModalCustomId } from './custom-ids.js';
import { replyFollowUp } from './follow-up-reply.js';
import { COMMAND_NOT_AVAILABLE, replyEphemeral } from './interaction-replies.js';
import { promptModal, readPromptFields } from './prompt-modal.js';
import { askerContext, interactionContext } from './veo-replies.js';
import type { HandlerDeps } from './veo-handlers.js';

/** How long the Extend button waits for core's check before opening the modal anyway (Discord wants an answer within 3 s). */
export const EXTEND_CHECK_TIMEOUT_MS = 1_500;

/** Core's check, or null when it did not answer in time or failed: the modal's submit decides then. */
async function quickCheck(deps: HandlerDeps, requestId: string, userId: string): Promise<ExtendCheck | null> {
  const { handlers } = deps;
  if (!handlers.extendCheck) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), EXTEND_CHECK_TIMEOUT_MS)));
  try {
    return await Promise.race([handlers.extendCheck({ requestId, userId }), late]);
  } catch (error) {
    deps.logger.warn('Extend check failed; opening the form anyway', { request_id: requestId, user_id: userId, ...describeError(error) });
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An Extend click on a delivered video: core's quick read first (someone else's video, one
 * gone or too long: an ephemeral refusal in core's words, and no form), then a modal asking how
 * the video goes on (`veo:extendp:<requestId>`). The modal IS the answer to the click.
 */
export async function handleExtendButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const requestId = parseExtendCustomId(interaction.customId);
  if (!requestId) return;
  if (!deps.handlers.extend) {
    await replyEphemeral(interaction, COMMAND_NOT_AVAILABLE);
    return;
  }
  const checked = await quickCheck(deps, requestId, interaction.user.id);
  if (checked && !checked.ok) {
    await replyEphemeral(interaction, checked.message);
    return;
  }
  await interaction.showModal(promptModal({ customId: extendModalCustomId(requestId), title: 'Extend your video', promptLabel: 'What happens next', promptDescription: 'How the video should go on' }));
}

/**
 * The Extend modal's submit: an ephemeral deferral (the new request's status message is this
 * reply, as for Again), then core's Extend — the authority, which checks owner and video again —
 * answered with the same reply as Again.
 */
export async function handleExtendModal(interaction: ModalSubmitInteraction, deps: HandlerDeps): Promise<void> {
  const requestId = parseExtendModalCustomId(interaction.customId);
  if (!requestId) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { handlers } = deps;
  const channelId = interaction.channelId;
  if (!handlers.extend || !channelId) {
    await interaction.editReply({ content: COMMAND_NOT_AVAILABLE, allowedMentions: { parse: [] } });
    return;
  }
  const { prompt, negativePrompt } = readPromptFields(interaction);
  const result = await handlers.extend({
    requestId, userId: interaction.user.id, channelId, interaction: interactionContext(interaction), ...askerContext(interaction),
    prompt, ...(negativePrompt === undefined ? {} : { negativePrompt }),
  });
  await replyFollowUp(interaction, result, { made: () => '⏩ Extending your video.', already: 'This extension is already on its way.' });
}
