import { SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { REQUEST_STATUSES, type RequestStatus } from '@veo-bot/core';

/** Name of the history slash command. */
export const HISTORY_COMMAND_NAME = 'veo-history';

/** Requests per page of `/veo-history`. */
export const HISTORY_PAGE_SIZE = 5;

/** `/veo-history [status] [page]`: the invoking user's own requests, newest first. */
export function buildHistoryCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(HISTORY_COMMAND_NAME)
    .setDescription('Your video requests, newest first (only you see the answer)')
    .addStringOption((o) =>
      o
        .setName('status')
        .setDescription('Only requests in this status')
        .addChoices(...REQUEST_STATUSES.map((s) => ({ name: s, value: s }))),
    )
    .addIntegerOption((o) => o.setName('page').setDescription('Page number (5 per page)').setMinValue(1).setMaxValue(100_000))
    .toJSON();
}

/** The options of a `/veo-history` interaction: an unknown status counts as no filter, pages start at 1. */
export function readHistoryOptions(interaction: ChatInputCommandInteraction): { status: RequestStatus | null; page: number } {
  const raw = interaction.options.getString('status');
  const status = REQUEST_STATUSES.find((s) => s === raw) ?? null;
  const page = Math.max(1, interaction.options.getInteger('page') ?? 1);
  return { status, page };
}
