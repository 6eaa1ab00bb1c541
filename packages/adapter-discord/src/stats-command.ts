import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { StatsPeriod } from '@veo-bot/core';
import { readOption } from './interaction-options.js';

/** Name of the statistics slash command. */
export const STATS_COMMAND_NAME = 'veo-stats';

const PERIODS: readonly StatsPeriod[] = ['day', 'week', 'month'];

/**
 * `/veo-stats [period]`, for members with Manage Server, in servers only. Discord hides it
 * from everyone else by default; a server may change that, so the handler checks again.
 */
export function buildStatsCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(STATS_COMMAND_NAME)
    .setDescription("This server's video statistics (Manage Server only)")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Bucket size: day (last 30 days), week (12 weeks), month (12 months)')
        .addChoices(...PERIODS.map((p) => ({ name: p, value: p }))),
    )
    .toJSON();
}

/** The bucket size of a `/veo-stats` interaction (default day). */
export function readStatsPeriod(interaction: ChatInputCommandInteraction): StatsPeriod {
  const raw = readOption(interaction, 'period', 'string');
  return (raw.state === 'ok' && PERIODS.find((p) => p === raw.value)) || 'day';
}
