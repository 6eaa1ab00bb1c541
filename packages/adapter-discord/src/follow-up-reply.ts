import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { AgainResult } from '@veo-bot/core';
import { progressText } from './message-builders.js';
import { fitContent } from './text-limits.js';
import { budgetRefusalText, rateLimitedText } from './veo-replies.js';

/** What the clicker reads for a refused follow-up (Again, Extend): core's words, with Discord timestamps for a limit or a budget. */
export function followUpRefusalText(result: Extract<AgainResult, { ok: false }>): string {
  if (result.reason === 'over-budget' || result.reason === 'budget-unavailable') return budgetRefusalText(result);
  if (result.reason === 'rate-limited') return rateLimitedText(result.message, result.retryAt);
  return result.message;
}

/** How one kind of follow-up words its answer. */
export interface FollowUpWords {
  /** Before the queue place, when this answer made the new request ("🔁 Making it again."). */
  readonly made: (result: Extract<AgainResult, { ok: true }>) => string;
  /** When an earlier answer already made it. */
  readonly already: string;
}

/**
 * Answers a follow-up in its ephemeral deferred reply, which is the new request's status
 * message: the refusal, or the new request's place in the queue and its ETA. Resolves whether
 * the follow-up exists (made now or before).
 */
export async function replyFollowUp(interaction: ButtonInteraction | ModalSubmitInteraction, result: AgainResult, words: FollowUpWords): Promise<boolean> {
  const content = !result.ok
    ? followUpRefusalText(result)
    : result.created
      ? `${words.made(result)} ${progressText({ stage: 'queued', position: result.queuePosition ?? 1, ...(result.eta ? { eta: result.eta } : {}) })}`
      : words.already;
  await interaction.editReply({ content: fitContent(content), allowedMentions: { parse: [] } });
  return result.ok;
}
