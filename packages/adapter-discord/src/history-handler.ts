import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { describeError, type HistoryPage, type QueryResult, type VideoRequest } from '@veo-bot/core';
import { parseHistoryCustomId, type HistoryPageState } from './custom-ids.js';
import { HISTORY_PAGE_SIZE, readHistoryOptions } from './history-command.js';
import { emptyHistoryText, historyPageCount, historyView, isWebLink, type HistoryView } from './history-view.js';
import { replyEphemeral } from './interaction-replies.js';
import type { HandlerDeps, VeoHandlers } from './veo-handlers.js';
import { fitContent } from './text-limits.js';

/** Shown when the database cannot answer. */
export const HISTORY_UNAVAILABLE = 'Your history is temporarily unavailable. Please try again in a minute.';
/** Shown to someone pressing another user's page buttons. */
export const NOT_YOUR_HISTORY = 'Only the person who asked for this history can page through it. Use `/veo-history` to see your own.';

/** What a history request comes to: a page, nothing to show, or an error to explain. */
export type HistoryReply = { readonly kind: 'view'; readonly view: HistoryView } | { readonly kind: 'empty' | 'error'; readonly text: string };

const noMentions = { parse: [] };

function load(handlers: VeoHandlers, state: HistoryPageState): Promise<QueryResult<HistoryPage>> {
  if (!handlers.history) throw new Error('No history handler');
  const offset = (state.page - 1) * HISTORY_PAGE_SIZE;
  // Called as a method: the composition root may pass a class instance.
  return handlers.history({ userId: state.ownerId, ...(state.status ? { status: state.status } : {}), limit: HISTORY_PAGE_SIZE, offset });
}

async function resolveLinks(items: readonly VideoRequest[], deps: HandlerDeps): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const { handlers } = deps;
  for (const request of items) {
    const uri = request.videoUrls[0];
    if (request.status !== 'completed' || !uri) continue;
    if (isWebLink(uri)) links.set(request.id, uri);
    else if (handlers.linkFor) {
      try {
        links.set(request.id, await handlers.linkFor(uri));
      } catch (error) {
        deps.logger.warn('Could not make a video link for history', { request_id: request.id, ...describeError(error) });
      }
    }
  }
  return links;
}

/** Loads one page; past the end (the list shrank, or a large page number) it shows the last page instead. */
export async function historyReply(deps: HandlerDeps, state: HistoryPageState): Promise<HistoryReply> {
  let current = state;
  let result = await load(deps.handlers, current);
  if (result.ok && result.value.items.length === 0 && result.value.total > 0) {
    current = { ...state, page: historyPageCount(result.value.total) };
    result = await load(deps.handlers, current);
  }
  if (!result.ok) return { kind: 'error', text: result.reason === 'unavailable' ? HISTORY_UNAVAILABLE : result.message };
  if (result.value.items.length === 0) return { kind: 'empty', text: emptyHistoryText(state.status) };
  return { kind: 'view', view: historyView(result.value, current, await resolveLinks(result.value.items, deps)) };
}

function body(reply: HistoryReply): HistoryView & { allowedMentions: typeof noMentions } {
  if (reply.kind === 'view') return { ...reply.view, allowedMentions: noMentions };
  return { content: fitContent(reply.text), embeds: [], components: [], allowedMentions: noMentions };
}

/** `/veo-history`: an ephemeral deferral (the database may be slow), then the page. */
export async function handleHistoryCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const read = readHistoryOptions(interaction);
  if ('error' in read) {
    await replyEphemeral(interaction, read.error);
    return;
  }
  const { status, page } = read;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(body(await historyReply(deps, { ownerId: interaction.user.id, status, page })));
}

/**
 * Previous / Next: the state comes from the `custom_id`, so the buttons work after a
 * restart and on any shard. Only the owner may page; a database failure leaves the page
 * as it was and explains in an ephemeral follow-up.
 */
export async function handleHistoryButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const state = parseHistoryCustomId(interaction.customId);
  if (!state) return;
  if (state.ownerId !== interaction.user.id) {
    await replyEphemeral(interaction, NOT_YOUR_HISTORY);
    return;
  }
  await interaction.deferUpdate();
  const reply = await historyReply(deps, state);
  if (reply.kind === 'error') {
    await interaction.followUp({ content: fitContent(reply.text), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    return;
  }
  await interaction.editReply(body(reply));
}
