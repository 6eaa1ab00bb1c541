import { EmbedBuilder, TimestampStyles, time, type APIEmbed } from 'discord.js';
import { formatUsd, type BudgetCap, type BudgetView, type SpendCaps, type SpendTotals } from '@veo-bot/core';
import { fitEmbed } from './text-limits.js';

const COLOR = 0x5865f2;

interface CapRow {
  readonly key: keyof SpendCaps;
  readonly cap: BudgetCap;
  readonly title: string;
  readonly spent: keyof SpendTotals;
  readonly window: string;
}

/** In the order `/veo-budget show` lists them. */
const ROWS: readonly CapRow[] = [
  { key: 'guildDailyUsd', cap: 'guild-daily', title: 'Server · per day', spent: 'guildDayUsd', window: 'today' },
  { key: 'guildMonthlyUsd', cap: 'guild-monthly', title: 'Server · per month', spent: 'guildMonthUsd', window: 'this month' },
  { key: 'userDailyUsd', cap: 'user-daily', title: 'You · per day', spent: 'userDayUsd', window: 'today' },
];

/** Where a cap in force comes from: this server's own setting, or the bot's configured default. */
function source(view: BudgetView, key: keyof SpendCaps): string {
  return view.guildCaps?.[key] != null ? 'set for this server' : 'bot default';
}

/** One cap as a field: limit and source, spent, left, and when it resets (in the reader's time zone). */
function capField(view: BudgetView, row: CapRow): { name: string; value: string } {
  const spent = formatUsd(view.spent[row.spent]);
  const status = view.statuses.find((s) => s.cap === row.cap);
  if (view.caps[row.key] === null || !status) return { name: row.title, value: `No cap · ${spent} spent ${row.window}` };
  const lines = [
    `**${formatUsd(status.limitUsd)}** (${source(view, row.key)}) · ${formatUsd(status.spentUsd)} spent · **${formatUsd(status.remainingUsd)} left**`,
    `Resets ${time(status.resetsAt, TimestampStyles.ShortDateTime)} (${time(status.resetsAt, TimestampStyles.RelativeTime)})`,
  ];
  return { name: row.title, value: lines.join('\n') };
}

/**
 * The `/veo-budget` embed: each cap in force (server per day, per month, the reader's own per
 * day) with what has been spent, what is left and when it resets, and who last changed them.
 */
export function budgetEmbed(view: BudgetView, title = '💰 Video budget for this server'): APIEmbed {
  const by = view.updatedBy ? ` by <@${view.updatedBy}>` : '';
  const changed = view.updatedAt ? `Last changed${by} ${time(view.updatedAt, TimestampStyles.RelativeTime)}.` : 'This server uses the bot’s default caps.';
  const embed = new EmbedBuilder()
    .setTitle(title)
    .setColor(COLOR)
    .setDescription(`${changed}\nSpend counts finished videos at their cost and running ones at their estimate. Days and months are UTC.`)
    .addFields(ROWS.map((row) => capField(view, row)))
    .setFooter({ text: 'Members with Manage Server can change the caps with /veo-budget set.' })
    .toJSON();
  return fitEmbed(embed);
}
