import { SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { REQUEST_STATUSES, type RequestStatus } from '@veo-bot/core';
import { readOption } from './interaction-options.js';

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
    .addIntegerOption((o) => o.setName('page').setDescription('Page number (5 per page)').setMinValue(1).setMaxValue(MAX_HISTORY_PAGE))
    .toJSON();
}

/** The highest page `/veo-history` accepts (as registered). */
export const MAX_HISTORY_PAGE = 100_000;

/**
 * The options of a `/veo-history` interaction: an unknown status counts as no filter, pages
 * start at 1. A page that is not a whole number from 1 to 100000 (a forged interaction: Discord
 * enforces the registered range) is refused with a message, before any query.
 */
export function readHistoryOptions(interaction: ChatInputCommandInteraction): { status: RequestStatus | null; page: number } | { error: string } {
  const rawStatus = readOption(interaction, 'status', 'string');
  const status = rawStatus.state === 'ok' ? (REQUEST_STATUSES.find((s) => s === rawStatus.value) ?? null) : null;
  const page = readOption(interaction, 'page', 'integer');
  if (page.state === 'absent') return { status, page: 1 };
  if (page.state === 'wrong' || page.value < 1 || page.value > MAX_HISTORY_PAGE) return { error: `The page must be a whole number from 1 to ${MAX_HISTORY_PAGE}.` };
  return { status, page: page.value };
}
