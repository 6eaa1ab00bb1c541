import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { QueryResult, SettingsView } from '@veo-bot/core';
import { COMMAND_NOT_AVAILABLE, replyEphemeral } from './interaction-replies.js';
import { readSettingsRequest, settingsEdit } from './settings-command.js';
import { settingsEmbed } from './settings-view.js';
import { fitContent } from './text-limits.js';
import type { HandlerDeps } from './veo-handlers.js';

/** Shown to members without Manage Server. */
export const SETTINGS_NOT_ALLOWED = 'Only members with the **Manage Server** permission can see or change `/veo-settings`.';
/** Shown in direct messages. */
export const SETTINGS_GUILD_ONLY = '`/veo-settings` works in a server, not in direct messages.';

const noMentions = { parse: [] };

/**
 * `/veo-settings`: servers only, Manage Server only (blocked words are shown to managers, and
 * only ephemerally); answers after a deferral, since the database may be slow.
 */
export async function handleSettingsCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const { handlers } = deps;
  if (!handlers.settings || !handlers.changeSettings) {
    await replyEphemeral(interaction, COMMAND_NOT_AVAILABLE);
    return;
  }
  if (!interaction.inGuild()) {
    await replyEphemeral(interaction, SETTINGS_GUILD_ONLY);
    return;
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    await replyEphemeral(interaction, SETTINGS_NOT_ALLOWED);
    return;
  }
  const request = readSettingsRequest(interaction);
  const guildId = interaction.guildId;
  if (request.subcommand === 'show') {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await answer(interaction, deps, await handlers.settings(guildId));
    return;
  }
  const parsed = settingsEdit(request);
  if (!parsed.ok) {
    await replyEphemeral(interaction, parsed.message);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // A channel option can only name this server's channels; a forged id is refused by core.
  const channels = interaction.guild?.channels.cache;
  const result = await handlers.changeSettings({ guildId, actorId: interaction.user.id, edit: parsed.edit, ...(channels ? { channelIsHere: (id: string) => channels.has(id) } : {}) });
  await answer(interaction, deps, result, '⚙️ /veo settings updated');
}

async function answer(interaction: ChatInputCommandInteraction, deps: HandlerDeps, result: QueryResult<SettingsView>, title?: string): Promise<void> {
  if (!result.ok) {
    await interaction.editReply({ content: fitContent(result.message), embeds: [], allowedMentions: noMentions });
    return;
  }
  await interaction.editReply({ content: '', embeds: [settingsEmbed(result.value, deps.policy.models, title)], allowedMentions: noMentions });
}
