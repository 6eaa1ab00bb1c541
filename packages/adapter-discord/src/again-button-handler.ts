import { MessageFlags, Routes, type ButtonInteraction } from 'discord.js';
import { describeError, type AgainResult } from '@veo-bot/core';
import { parseAgainCustomId } from './custom-ids.js';
import { COMMAND_NOT_AVAILABLE } from './interaction-replies.js';
import { againRow, progressText } from './message-builders.js';
import { askerContext, budgetRefusalText, interactionContext, rateLimitedText } from './veo-command-handler.js';
import type { HandlerDeps } from './veo-handlers.js';
import { fitContent } from './text-limits.js';

/** What the clicker reads for a refusal. */
function refusalText(result: Extract<AgainResult, { ok: false }>): string {
  if (result.reason === 'over-budget' || result.reason === 'budget-unavailable') return budgetRefusalText(result);
  if (result.reason === 'rate-limited') return rateLimitedText(result.message, result.retryAt);
  return result.message;
}

/**
 * An Again click on a delivered video: an ephemeral deferral (the new request's status message
 * is this reply), then core's Again. Core decides ownership, idempotency (a second click answers
 * with the first), the per-user limit and the budgets, from the database, so this works after a
 * restart and on any shard. Once the new request exists the button is disabled ("Made again").
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
  if (!result.ok) {
    await interaction.editReply({ content: fitContent(refusalText(result)), allowedMentions: { parse: [] } });
    return;
  }
  const take = result.droppedSeed === undefined ? '' : ` A new take: seed ${result.droppedSeed} is not reused (\`/veo\` with \`seed:${result.droppedSeed}\` makes the same video).`;
  const content = result.created
    ? `🔁 Making it again.${take} ${progressText({ stage: 'queued', position: result.queuePosition ?? 1, ...(result.eta ? { eta: result.eta } : {}) })}`
    : 'This video is already being made again; the new one is on its way.';
  await interaction.editReply({ content: fitContent(content), allowedMentions: { parse: [] } });
  try {
    await interaction.client.rest.patch(Routes.channelMessage(interaction.channelId, interaction.message.id), { body: { components: [againRow(requestId, true)] } });
  } catch (error) {
    deps.logger.warn('Could not disable the Again button', { request_id: requestId, channel_id: interaction.channelId, ...describeError(error) });
  }
}
