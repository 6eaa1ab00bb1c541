import { TimestampStyles, time, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { BudgetRefusal, InteractionContext, ValidationIssue } from '@veo-bot/core';

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

/**
 * What a server's rules need to know about where and by whom: whether the channel is
 * age-restricted (from the client's channel cache, which the Guilds intent keeps current;
 * unknown counts as not) and the member's role ids.
 */
export function askerContext(interaction: Pick<ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction, 'channel' | 'member' | 'guildId'>): { channelNsfw: boolean; memberRoleIds: string[] } {
  const channel = interaction.channel;
  const channelNsfw = channel !== null && 'nsfw' in channel && channel.nsfw === true;
  const member = interaction.member;
  const roles = !member ? [] : Array.isArray(member.roles) ? [...member.roles] : [...member.roles.cache.keys()];
  // The cached member lists @everyone (the guild's own id) among its roles; it exempts nobody.
  return { channelNsfw, memberRoleIds: roles.filter((id) => id !== interaction.guildId) };
}

/** The interaction context a later process needs to answer through this interaction. */
export function interactionContext(interaction: { applicationId: string; id: string; token: string }): InteractionContext {
  return { applicationId: interaction.applicationId, interactionId: interaction.id, token: interaction.token };
}
