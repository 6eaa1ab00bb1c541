import { TimestampStyles, time, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { DEFAULT_IMAGE_LIMITS, validateGenerationOptions, type BudgetRefusal, type InteractionContext, type ValidationIssue } from '@veo-bot/core';
import { downloadAttachment, precheckAttachment } from './image-download.js';
import { replyEphemeral } from './interaction-replies.js';
import type { HandlerDeps } from './veo-handlers.js';
import { readImageAttachment, readVeoOptions } from './veo-command.js';

/** Shown when the `image` option names a file Discord did not include in the interaction. */
export const IMAGE_NOT_RECEIVED = 'The attached image did not reach the bot (Discord sent no file for it). Please attach it again, or leave `image` out for a text-only video.';

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
 * `/veo`: cheap local checks first — the options against the chosen model, and the image's
 * declared type and size — so a refusal is a plain ephemeral reply and nothing is downloaded;
 * then a public deferral well within Discord's 3 s, the image download (stopped past the cap),
 * and core's submit. Core shows the queue position and ETA by editing the deferred reply. A
 * refusal only core can make (image content, rate limit, budget) replaces the public
 * "thinking…" with an ephemeral follow-up.
 */
export async function handleVeoCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const options = readVeoOptions(interaction);
  const local = validateGenerationOptions(options, deps.policy);
  const image = readImageAttachment(interaction);
  const attachment = image.state === 'ok' ? image.attachment : null;
  const limits = deps.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  // Given but not delivered by Discord: refuse rather than go ahead (and charge) text-only.
  const imageProblem = image.state === 'unresolved' ? IMAGE_NOT_RECEIVED : attachment ? precheckAttachment(attachment, limits) : null;
  const issues = [...(local.ok ? [] : local.issues), ...(imageProblem ? [{ field: 'image' as const, message: imageProblem }] : [])];
  if (issues.length > 0) {
    await replyEphemeral(interaction, invalidOptionsText(issues));
    return;
  }
  await interaction.deferReply();
  const downloaded = attachment ? await downloadAttachment(attachment.url, limits.maxBytes) : null;
  if (downloaded && !downloaded.ok) {
    await replyEphemeral(interaction, invalidOptionsText([{ field: 'image', message: downloaded.message }]));
    return;
  }
  const result = await deps.handlers.submit({
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    options,
    interaction: interactionContext(interaction),
    ...askerContext(interaction),
    ...(downloaded?.ok ? { image: downloaded.bytes } : {}),
  });
  if (result.ok) return;
  if (result.reason === 'invalid') await replyEphemeral(interaction, invalidOptionsText(result.issues));
  else if (result.reason === 'rate-limited') await replyEphemeral(interaction, rateLimitedText(result.message, result.retryAt));
  else if (result.reason === 'unavailable' || result.reason === 'not-allowed') await replyEphemeral(interaction, result.message);
  else await replyEphemeral(interaction, budgetRefusalText(result));
}
