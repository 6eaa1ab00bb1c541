import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, TimestampStyles, escapeMarkdown, time, type APIActionRowComponent, type APIComponentInActionRow, type APIEmbed } from 'discord.js';
import { formatUsd, isTerminal, type HistoryPage, type RequestStatus, type VideoRequest } from '@veo-bot/core';
import { historyCustomId, type HistoryPageState } from './custom-ids.js';
import { HISTORY_PAGE_SIZE } from './history-command.js';
import { formatElapsed } from './message-builders.js';
import { DISCORD_LIMITS, fitEmbeds, truncate } from './text-limits.js';

/** A reply in discord.js' shape: what `editReply` takes. */
export interface HistoryView {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInActionRow>[];
}

/** How each status reads to a user. */
export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  pending: '⏳ Pending',
  generating: '🎬 Generating',
  completed: '✅ Completed',
  failed: '❌ Failed',
  timeout: '⌛ Timed out',
  cancelled: '🚫 Cancelled',
};

const COLOR = 0x5865f2;

/** One line of text, at most `max` characters (an ellipsis marks the cut). */
export function cut(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** Whether users can open `uri` directly. */
export function isWebLink(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/** Pages needed for `total` requests (at least 1). */
export function historyPageCount(total: number): number {
  return Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
}

/** The friendly answer when there is nothing to list. */
export function emptyHistoryText(status: RequestStatus | null): string {
  if (status) return `You have no requests with status **${status}**. Try \`/veo-history\` without a status to see all of them.`;
  return "You haven't made any videos yet. Try `/veo` with a prompt to make your first one!";
}

function videoLine(request: VideoRequest, link: string | null): string {
  if (link && isWebLink(link)) return `[Open the video](${link})`;
  const uri = request.videoUrls[0];
  return uri ? `Video: \`${uri.replace(/`/g, '')}\`` : 'No video link was stored.';
}

/**
 * What a request costs, as a user reads it: its final cost ("$3.20"), or while it runs its
 * estimate ("$3.20 (est.)"). Empty for a row from before prices were recorded (no final cost,
 * no estimate): "$0.00" would claim it was free.
 */
export function costText(request: Pick<VideoRequest, 'finalCostUsd' | 'estimatedCostUsd'>): string {
  if (request.finalCostUsd !== null) return formatUsd(request.finalCostUsd);
  return request.estimatedCostUsd > 0 ? `${formatUsd(request.estimatedCostUsd)} (est.)` : '';
}

/** One request as an embed field: the prompt (cut), status, when, how long, its cost, and the video link or the failure reason. */
export function historyEntry(request: VideoRequest, position: number, link: string | null): { name: string; value: string } {
  const took = request.durationMs !== null ? ` · took ${formatElapsed(request.durationMs)}` : isTerminal(request.status) ? '' : ' · in progress';
  const cost = costText(request);
  const lines = [`${STATUS_LABELS[request.status]} · ${time(request.createdAt, TimestampStyles.ShortDateTime)}${took}${cost ? ` · ${cost}` : ''}`];
  if (request.status === 'completed') lines.push(videoLine(request, link));
  if (request.status === 'failed' || request.status === 'timeout') lines.push(`Reason: ${escapeMarkdown(cut(request.errorMessage ?? 'not recorded', 300))}`);
  return { name: `${position}. ${escapeMarkdown(cut(request.prompt, 80))}`, value: truncate(lines.join('\n'), DISCORD_LIMITS.fieldValue) };
}

/** Previous / Next; their `custom_id`s carry the whole state, so they work after a restart. */
export function historyButtons(state: HistoryPageState, pageCount: number): APIActionRowComponent<APIComponentInActionRow> {
  const previous = new ButtonBuilder()
    .setCustomId(historyCustomId({ ...state, page: Math.max(1, state.page - 1) }))
    .setLabel('◀ Previous')
    .setStyle(ButtonStyle.Secondary)
    .setDisabled(state.page <= 1);
  const next = new ButtonBuilder()
    .setCustomId(historyCustomId({ ...state, page: state.page + 1 }))
    .setLabel('Next ▶')
    .setStyle(ButtonStyle.Secondary)
    .setDisabled(state.page >= pageCount);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(previous, next).toJSON();
}

/** One page of history as an embed, with page buttons when there is more than one page. `links` maps request ids to openable links. */
export function historyView(page: HistoryPage, state: HistoryPageState, links: ReadonlyMap<string, string>): HistoryView {
  const pageCount = historyPageCount(page.total);
  const first = (state.page - 1) * HISTORY_PAGE_SIZE + 1;
  const embed = new EmbedBuilder()
    .setTitle(state.status ? `🎞️ Your videos · ${state.status}` : '🎞️ Your videos')
    .setColor(COLOR)
    .addFields(page.items.map((r, i) => historyEntry(r, first + i, links.get(r.id) ?? null)))
    .setFooter({ text: `Page ${state.page} of ${pageCount} · ${page.total} request${page.total === 1 ? '' : 's'}` });
  return { content: '', embeds: fitEmbeds([embed.toJSON()]), components: pageCount > 1 ? [historyButtons(state, pageCount)] : [] };
}
