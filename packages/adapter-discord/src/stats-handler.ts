import { AttachmentBuilder, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { describeError, type GuildStats, type Logger } from '@veo-bot/core';
import { replyEphemeral } from './interaction-replies.js';
import { renderStatsChart } from './stats-chart.js';
import { readStatsPeriod } from './stats-command.js';
import { CHART_FILE_NAME, statsEmbed } from './stats-view.js';
import type { HandlerDeps } from './veo-handlers.js';
import { fitContent } from './text-limits.js';

/** Shown when the database cannot answer. */
export const STATS_UNAVAILABLE = 'Statistics are temporarily unavailable. Please try again in a minute.';
/** Shown to members without Manage Server. */
export const STATS_NOT_ALLOWED = 'Only members with the **Manage Server** permission can see statistics.';
/** Shown in direct messages. */
export const STATS_GUILD_ONLY = '`/veo-stats` works in a server, not in direct messages.';

async function chartOrNull(stats: GuildStats, logger: Logger): Promise<Buffer | null> {
  if (stats.total === 0) return null;
  try {
    return await renderStatsChart(stats);
  } catch (error) {
    // The numbers are still worth sending without the picture.
    logger.error('Could not render the statistics chart', { guild_id: stats.guildId, ...describeError(error) });
    return null;
  }
}

/**
 * `/veo-stats`: refuses outside servers and without Manage Server (Discord's default
 * member permissions can be overridden by a server, so this is the check that counts),
 * then defers ephemerally and answers with the numbers and a PNG chart. Ephemeral because
 * it names other members and their prompts.
 */
export async function handleStatsCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const { handlers } = deps;
  if (!handlers.guildStats) return;
  if (!interaction.inGuild()) {
    await replyEphemeral(interaction, STATS_GUILD_ONLY);
    return;
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    await replyEphemeral(interaction, STATS_NOT_ALLOWED);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await handlers.guildStats({ guildId: interaction.guildId, period: readStatsPeriod(interaction) });
  if (!result.ok) {
    await interaction.editReply({ content: result.reason === 'unavailable' ? STATS_UNAVAILABLE : fitContent(result.message), allowedMentions: { parse: [] } });
    return;
  }
  const chart = await chartOrNull(result.value, deps.logger);
  await interaction.editReply({
    content: '',
    embeds: [statsEmbed(result.value, chart ? CHART_FILE_NAME : null)],
    files: chart ? [new AttachmentBuilder(chart, { name: CHART_FILE_NAME })] : [],
    allowedMentions: { parse: [] },
  });
}
