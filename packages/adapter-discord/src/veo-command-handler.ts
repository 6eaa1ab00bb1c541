import { TimestampStyles, time, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { DEFAULT_IMAGE_LIMITS, validateGenerationOptions, type BudgetRefusal, type InteractionContext, type ValidationIssue } from '@veo-bot/core';
import { replyEphemeral } from './interaction-replies.js';
import type { HandlerDeps } from './veo-handlers.js';
import { readVeoOptions } from './veo-command.js';
import { attachedShape, downloadVeoAttachments, precheckVeoAttachments, readVeoAttachments } from './veo-images.js';

export { IMAGE_NOT_RECEIVED } from './veo-images.js';

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
export function askerContext(interaction: Pick<ChatInputCommandInteraction | ButtonInteraction, 'channel' | 'member' | 'guildId'>): { channelNsfw: boolean; memberRoleIds: string[] } {
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

/**
 * `/veo`: cheap local checks first — the options against the chosen model (with what was
 * attached: first and last frame, reference images), and each image's declared type and size — so
 * a refusal is a plain ephemeral reply and nothing is downloaded; then a public deferral well
 * within Discord's 3 s, the downloads (one at a time, each stopped past the cap),
 * and core's submit. Core shows the queue position and ETA by editing the deferred reply. A
 * refusal only core can make (image content, rate limit, budget) replaces the public
 * "thinking…" with an ephemeral follow-up.
 */
export async function handleVeoCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const options = readVeoOptions(interaction);
  const attachments = readVeoAttachments(interaction);
  const local = validateGenerationOptions({ ...options, images: attachedShape(attachments) }, deps.policy);
  const limits = deps.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  const issues = [...(local.ok ? [] : local.issues), ...precheckVeoAttachments(attachments, limits)];
  if (issues.length > 0) {
    await replyEphemeral(interaction, invalidOptionsText(issues));
    return;
  }
  await interaction.deferReply();
  const downloaded = await downloadVeoAttachments(attachments, limits.maxBytes);
  if (!downloaded.ok) {
    await replyEphemeral(interaction, invalidOptionsText([downloaded.issue]));
    return;
  }
  const result = await deps.handlers.submit({
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    options,
    interaction: interactionContext(interaction),
    ...askerContext(interaction),
    ...downloaded.images,
  });
  if (result.ok) return;
  if (result.reason === 'invalid') await replyEphemeral(interaction, invalidOptionsText(result.issues));
  else if (result.reason === 'rate-limited') await replyEphemeral(interaction, rateLimitedText(result.message, result.retryAt));
  else if (result.reason === 'unavailable' || result.reason === 'not-allowed') await replyEphemeral(interaction, result.message);
  else await replyEphemeral(interaction, budgetRefusalText(result));
}
