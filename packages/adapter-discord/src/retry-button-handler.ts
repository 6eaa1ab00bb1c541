import { MessageFlags, Routes, type ButtonInteraction } from 'discord.js';
import { describeError } from '@veo-bot/core';
import { parseRetryCustomId } from './custom-ids.js';
import { progressText, retryRow } from './message-builders.js';
import { budgetRefusalText, askerContext, interactionContext } from './veo-replies.js';
import type { HandlerDeps } from './veo-handlers.js';
import { fitContent } from './text-limits.js';

/**
 * A Retry click: an ephemeral deferral right away (only the clicker sees the answer; the
 * retry's status message is this reply), then core's retry. Core decides ownership and
 * idempotency from the database, so this works after a restart and on any shard. Once a
 * retry exists the button on the failure message is disabled.
 */
export async function handleRetryButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const requestId = parseRetryCustomId(interaction.customId);
  if (!requestId) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await deps.handlers.retry({
    requestId,
    userId: interaction.user.id,
    channelId: interaction.channelId,
    interaction: interactionContext(interaction),
    ...askerContext(interaction),
  });
  if (!result.ok) {
    const content = result.reason === 'over-budget' || result.reason === 'budget-unavailable' ? budgetRefusalText(result) : result.message;
    await interaction.editReply({ content: fitContent(content), allowedMentions: { parse: [] } });
    return;
  }
  const content = result.created
    ? `🔁 Retry started. ${progressText({ stage: 'queued', position: result.queuePosition ?? 1, ...(result.eta ? { eta: result.eta } : {}) })}`
    : 'This request was already retried; the new video is on its way.';
  await interaction.editReply({ content: fitContent(content), allowedMentions: { parse: [] } });
  await disableRetryButton(interaction, requestId, deps);
}

async function disableRetryButton(interaction: ButtonInteraction, requestId: string, deps: HandlerDeps): Promise<void> {
  try {
    await interaction.client.rest.patch(Routes.channelMessage(interaction.channelId, interaction.message.id), { body: { components: [retryRow(requestId, true)] } });
  } catch (error) {
    deps.logger.warn('Could not disable the Retry button', { request_id: requestId, channel_id: interaction.channelId, ...describeError(error) });
  }
}
