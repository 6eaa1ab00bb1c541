import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import { describeError } from '@veo-bot/core';
import { parseCancelCustomId } from './custom-ids.js';
import { COMMAND_NOT_AVAILABLE } from './interaction-replies.js';
import { cancelledText } from './message-builders.js';
import { fitContent } from './text-limits.js';
import type { HandlerDeps } from './veo-handlers.js';

/**
 * A Cancel click on a queued request's status message: acknowledged as an update of that
 * message, then core's Cancel, which decides ownership (the owner, or a member who can manage
 * that server) and races any start safely through the database. A cancel edits the status
 * message itself (public after `/veo`, ephemeral after Retry or Again) to say so, without its
 * button; a refusal (someone else, already sent to Google) is an ephemeral follow-up and
 * changes nothing.
 */
export async function handleCancelButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const requestId = parseCancelCustomId(interaction.customId);
  if (!requestId) return;
  await interaction.deferUpdate();
  const tell = (content: string) => interaction.followUp({ content: fitContent(content), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  if (!deps.handlers.cancel) {
    await tell(COMMAND_NOT_AVAILABLE);
    return;
  }
  const canManageGuild = interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
  const result = await deps.handlers.cancel({ requestId, userId: interaction.user.id, guildId: interaction.guildId, canManageGuild });
  if (!result.ok) {
    await tell(result.message);
    return;
  }
  if (result.already) {
    await tell('This video was already cancelled.');
    return;
  }
  try {
    await interaction.editReply({ content: cancelledText(interaction.user.id, result.request.userId), components: [], allowedMentions: { parse: [] } });
  } catch (error) {
    deps.logger.warn('Could not mark the status message cancelled', { request_id: requestId, channel_id: interaction.channelId, ...describeError(error) });
    await tell('Cancelled: nothing was sent to Google and nothing is charged.');
  }
}
