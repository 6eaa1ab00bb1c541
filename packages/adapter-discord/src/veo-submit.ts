import type { ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import { DEFAULT_IMAGE_LIMITS, validateGenerationOptions, type ImageLimits, type RawGenerationOptions, type ValidationIssue } from '@veo-bot/core';
import { replyEphemeral } from './interaction-replies.js';
import { attachedShape, downloadVeoAttachments, precheckVeoAttachments, type VeoAttachments } from './veo-images.js';
import { askerContext, budgetRefusalText, interactionContext, invalidOptionsText, rateLimitedText } from './veo-replies.js';
import type { HandlerDeps } from './veo-handlers.js';

/** An interaction that submits a `/veo`: the command itself, or the submit of its prompt modal. */
export type VeoSubmitInteraction = ChatInputCommandInteraction | ModalSubmitInteraction;

/**
 * The cheap local checks — the options against the chosen model with what was attached (first
 * and last frame, reference images), each image's declared type and size — with nothing
 * downloaded; empty when they pass. An image given but not delivered is refused rather than
 * made (and charged) without it.
 */
export function localIssues(options: RawGenerationOptions, attachments: VeoAttachments, deps: Pick<HandlerDeps, 'policy' | 'imageLimits'>): ValidationIssue[] {
  const local = validateGenerationOptions({ ...options, images: attachedShape(attachments) }, deps.policy);
  const limits: ImageLimits = deps.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  return [...(local.ok ? [] : local.issues), ...precheckVeoAttachments(attachments, limits)];
}

/**
 * The one submit path of a `/veo`, typed in the command or in its prompt modal: local checks
 * first, so a refusal is a plain ephemeral reply and nothing is downloaded; then a public
 * deferral well within Discord's 3 s, the downloads (one at a time, each stopped past the cap), and core's
 * submit. Core shows the queue position and ETA by editing the deferred reply. A refusal only
 * core can make (image content, rate limit, budget) replaces the public "thinking…" with an
 * ephemeral follow-up.
 */
export async function submitVeo(interaction: VeoSubmitInteraction, options: RawGenerationOptions, attachments: VeoAttachments, deps: HandlerDeps): Promise<void> {
  const issues = localIssues(options, attachments, deps);
  if (issues.length > 0) {
    await replyEphemeral(interaction, invalidOptionsText(issues));
    return;
  }
  const channelId = interaction.channelId;
  if (!channelId) {
    // Discord sends a channel with every interaction that can reach /veo; without one nothing can be posted.
    await replyEphemeral(interaction, 'This can only be used in a channel.');
    return;
  }
  await interaction.deferReply();
  const limits = deps.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  const downloaded = await downloadVeoAttachments(attachments, limits.maxBytes);
  if (!downloaded.ok) {
    await replyEphemeral(interaction, invalidOptionsText([downloaded.issue]));
    return;
  }
  const result = await deps.handlers.submit({
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId,
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
