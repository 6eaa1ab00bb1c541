import { MessageFlags, Routes, type ButtonInteraction } from 'discord.js';
import { describeError } from '@veo-bot/core';
import { extendCustomId, parseAgainCustomId } from './custom-ids.js';
import { replyFollowUp } from './follow-up-reply.js';
import { COMMAND_NOT_AVAILABLE } from './interaction-replies.js';
import { againRow, hasButton } from './message-builders.js';
import { askerContext, interactionContext } from './veo-replies.js';
import type { HandlerDeps } from './veo-handlers.js';

/**
 * An Again click on a delivered video: an ephemeral deferral (the new request's status message
 * is this reply), then core's Again. Core decides ownership, idempotency (a second click answers
 * with the first), the per-user limit and the budgets, from the database, so this works after a
 * restart and on any shard. Once the new request exists the button is disabled ("Made again");
 * an Extend button beside it stays.
 */
export async function handleAgainButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const requestId = parseAgainCustomId(interaction.customId);
  if (!requestId) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!deps.handlers.again) {
    await interaction.editReply({ content: COMMAND_NOT_AVAILABLE, allowedMentions: { parse: [] } });
    return;
  }
  const result = await deps.handlers.again({ requestId, userId: interaction.user.id, channelId: interaction.channelId, interaction: interactionContext(interaction), ...askerContext(interaction) });
  const made = await replyFollowUp(interaction, result, {
    made: (r) => `🔁 Making it again.${r.droppedSeed === undefined ? '' : ` A new take: seed ${r.droppedSeed} is not reused (\`/veo\` with \`seed:${r.droppedSeed}\` makes the same video).`}`,
    already: 'This video is already being made again; the new one is on its way.',
  });
  if (!made) return;
  try {
    const extendable = hasButton(interaction.message.components, extendCustomId(requestId));
    await interaction.client.rest.patch(Routes.channelMessage(interaction.channelId, interaction.message.id), { body: { components: [againRow(requestId, true, undefined, extendable)] } });
  } catch (error) {
    deps.logger.warn('Could not disable the Again button', { request_id: requestId, channel_id: interaction.channelId, ...describeError(error) });
  }
}
