import { TimestampStyles, time, type ChatInputCommandInteraction } from 'discord.js';
import { validateGenerationOptions, type BudgetRefusal, type InteractionContext, type ValidationIssue } from '@veo-bot/core';
import { replyEphemeral } from './interaction-replies.js';
import { progressText } from './message-builders.js';
import type { HandlerDeps } from './veo-handlers.js';
import { readVeoOptions } from './veo-command.js';

/** The user-facing list of validation problems. */
export function invalidOptionsText(issues: readonly ValidationIssue[]): string {
  return ['Your video request was not accepted:', ...issues.map((i) => `• ${i.message}`)].join('\n');
}

/** The user-facing rate-limit answer with a Discord relative timestamp. */
export function rateLimitedText(message: string, retryAt: Date): string {
  return `${message}\nYou can start another video ${time(retryAt, TimestampStyles.RelativeTime)}.`;
}

/**
 * The user-facing budget refusal: core's message (which cap, what is left, the estimate) and
 * the reset as Discord timestamps, which every reader sees in their own time zone.
 */
export function budgetRefusalText(refusal: BudgetRefusal): string {
  const at = `${time(refusal.retryAt, TimestampStyles.ShortDateTime)} (${time(refusal.retryAt, TimestampStyles.RelativeTime)})`;
  if (refusal.reason === 'over-budget') return `💰 ${refusal.message}\nThe cap resets ${at}.`;
  return `${refusal.message}\nTry again ${time(refusal.retryAt, TimestampStyles.RelativeTime)}.`;
}

/** The interaction context a later process needs to answer through this interaction. */
export function interactionContext(interaction: { applicationId: string; id: string; token: string }): InteractionContext {
  return { applicationId: interaction.applicationId, interactionId: interaction.id, token: interaction.token };
}

/**
 * `/veo`: a cheap local validation first (so a refusal can be a plain ephemeral reply),
 * then a public deferral well within Discord's 3 s, then core's submit. A refusal that only
 * core can make (rate limit, budget) replaces the public "thinking…" with an ephemeral follow-up.
 */
export async function handleVeoCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const options = readVeoOptions(interaction);
  const local = validateGenerationOptions(options, deps.policy);
  if (!local.ok) {
    await replyEphemeral(interaction, invalidOptionsText(local.issues));
    return;
  }
  await interaction.deferReply();
  const result = await deps.handlers.submit({
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    options,
    interaction: interactionContext(interaction),
  });
  if (result.ok) {
    await interaction.editReply({ content: progressText({ stage: 'queued', position: result.queuePosition }), allowedMentions: { parse: [] } });
    return;
  }
  if (result.reason === 'invalid') await replyEphemeral(interaction, invalidOptionsText(result.issues));
  else if (result.reason === 'rate-limited') await replyEphemeral(interaction, rateLimitedText(result.message, result.retryAt));
  else await replyEphemeral(interaction, budgetRefusalText(result));
}
