import { EmbedBuilder, escapeMarkdown, type APIEmbed } from 'discord.js';
import { REQUEST_STATUSES, failureRatePercent, formatUsd, type GuildStats, type StatusCounts } from '@veo-bot/core';
import { cut, STATUS_LABELS } from './history-view.js';
import { formatElapsed } from './message-builders.js';
import { DISCORD_LIMITS, fitEmbed, truncate } from './text-limits.js';

/** File name of the chart attachment (the embed shows it via `attachment://`). */
export const CHART_FILE_NAME = 'veo-stats.png';

const COLOR = 0x5865f2;
const NONE = '—';
const RANGE: Readonly<Record<GuildStats['period'], string>> = { day: 'last 30 days, by day', week: 'last 12 weeks, by week', month: 'last 12 months, by month' };

/** Completed over finished (completed, failed, timeout) in percent; null when nothing finished. Same rule as core's failure rate. */
export function successRatePercent(counts: StatusCounts): number | null {
  if (counts.completed + counts.failed + counts.timeout === 0) return null;
  return Math.round((100 - failureRatePercent(counts)) * 100) / 100;
}

const ms = (value: number | null): string => (value === null ? NONE : formatElapsed(value));

function list(lines: readonly string[]): string {
  return lines.length === 0 ? NONE : truncate(lines.join('\n'), DISCORD_LIMITS.fieldValue);
}

/** The period's spend, when the statistics carry it. */
function spendFields(stats: GuildStats): { name: string; value: string; inline: boolean }[] {
  if (stats.spendUsd === undefined) return [];
  const running = stats.counts.pending + stats.counts.generating > 0 ? '\nrunning ones at their estimate' : '';
  return [{ name: 'Spend', value: `${formatUsd(stats.spendUsd)} in the ${RANGE[stats.period].split(',')[0]}${running}`, inline: true }];
}

/** The `/veo-stats` embed: counts by status, success rate, generation times, spend, top prompts, busiest users and (when given) the chart. */
export function statsEmbed(stats: GuildStats, chartFile: string | null): APIEmbed {
  const rate = successRatePercent(stats.counts);
  const embed = new EmbedBuilder()
    .setTitle('📊 Veo statistics for this server')
    .setColor(COLOR)
    .setDescription(stats.total === 0 ? `No video requests in the ${RANGE[stats.period].split(',')[0]}.` : `${stats.total} video request${stats.total === 1 ? '' : 's'} in the ${RANGE[stats.period]}.`)
    .addFields(
      { name: 'By status', value: REQUEST_STATUSES.map((s) => `${STATUS_LABELS[s]}: ${stats.counts[s]}`).join('\n'), inline: true },
      { name: 'Success rate', value: rate === null ? NONE : `${rate}% of finished`, inline: true },
      { name: 'Generation time', value: `average ${ms(stats.averageDurationMs)}\np95 ${ms(stats.p95DurationMs)}`, inline: true },
      ...spendFields(stats),
      { name: 'Top prompts', value: list(stats.topPrompts.slice(0, 10).map((p, i) => `${i + 1}. ${escapeMarkdown(cut(p.prompt, 70))} (${p.count}×)`)) },
      { name: 'Busiest users', value: list(stats.topUsers.slice(0, 10).map((u, i) => `${i + 1}. <@${u.userId}>: ${u.count}`)) },
    )
    .setFooter({ text: `${stats.since.toISOString().slice(0, 10)} to ${stats.until.toISOString().slice(0, 10)} (UTC)` });
  if (chartFile) embed.setImage(`attachment://${chartFile}`);
  return fitEmbed(embed.toJSON());
}
