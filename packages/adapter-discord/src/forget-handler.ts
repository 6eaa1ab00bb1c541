import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { UserDataCounts } from '@veo-bot/core';
import { forgetCustomId, parseForgetCustomId } from './custom-ids.js';
import { FORGET_CONFIRM_TTL_MS } from './forget-command.js';
import { replyEphemeral } from './interaction-replies.js';
import type { HandlerDeps } from './veo-handlers.js';

/** Shown when the database cannot answer; nothing was erased. */
export const FORGET_UNAVAILABLE = 'Your data cannot be erased right now (the database is not answering). Nothing was changed; please try again in a few minutes.';
/** Shown to anyone but the asker pressing the confirm button. */
export const NOT_YOUR_ERASURE = 'Only the person who asked can confirm this. Use `/veo-forget-me` to erase your own data.';
/** Shown for a confirm button older than {@link FORGET_CONFIRM_TTL_MS} (or dated in the future: forged). */
export const FORGET_EXPIRED = 'This confirmation has expired and nothing was erased. Use `/veo-forget-me` again.';
/** Shown when there is nothing to erase. */
export const NOTHING_STORED = 'This bot has nothing stored about you.';

const noMentions = { parse: [] };

function describe(c: UserDataCounts): string {
  const parts = [`${c.requests} video request(s)`, `${c.images} image(s)`, `${c.videos} video(s) in storage`];
  if (c.budgetEdits > 0) parts.push(`your name on ${c.budgetEdits} server budget change(s)`);
  return parts.join(', ');
}

/** `/veo-forget-me`: an ephemeral summary of what is stored, with a red confirm button only the asker can use. */
export async function handleForgetCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const { forgetPreview } = deps.handlers;
  if (!forgetPreview) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const preview = await forgetPreview(interaction.user.id);
  if (!preview.ok) return void (await interaction.editReply({ content: FORGET_UNAVAILABLE, allowedMentions: noMentions }));
  const c = preview.value;
  if (c.requests === 0 && c.budgetEdits === 0) return void (await interaction.editReply({ content: NOTHING_STORED, allowedMentions: noMentions }));
  const inFlight = c.inFlight > 0 ? ` ${c.inFlight} of them still being made will be cancelled and never delivered.` : '';
  const button = new ButtonBuilder()
    .setCustomId(forgetCustomId({ ownerId: interaction.user.id, issuedAtSeconds: Math.floor(interaction.createdTimestamp / 1000) }))
    .setLabel('Erase my data')
    .setStyle(ButtonStyle.Danger);
  await interaction.editReply({
    content: `This bot stores ${describe(c)} of yours.${inFlight} Erasing cannot be undone: prompts, images and videos are deleted; only anonymous costs stay, so server budgets remain right. The button works for 10 minutes.`,
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON()],
    allowedMentions: noMentions,
  });
}

/**
 * The confirm button. The state is in the `custom_id`: only its owner may press it (so a forged
 * one can only ever erase the presser's own data), and only within 10 minutes of Discord's own
 * time for the command (a stale or future-dated one is refused and nothing happens).
 */
export async function handleForgetButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const state = parseForgetCustomId(interaction.customId);
  const { forget } = deps.handlers;
  if (!state || !forget) return;
  if (state.ownerId !== interaction.user.id) return replyEphemeral(interaction, NOT_YOUR_ERASURE);
  const age = interaction.createdTimestamp - state.issuedAtSeconds * 1000;
  if (age < -60_000 || age > FORGET_CONFIRM_TTL_MS) return replyEphemeral(interaction, FORGET_EXPIRED);
  await interaction.deferUpdate();
  const result = await forget(interaction.user.id);
  if (!result.ok) return void (await interaction.followUp({ content: FORGET_UNAVAILABLE, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }));
  const v = result.value;
  const storage = v.storageFailed > 0 ? ' Some videos could not be deleted from storage yet; they are deleted automatically within the hour.' : '';
  await interaction.editReply({ content: `Done: erased ${describe(v.counts)}${v.cancelled > 0 ? `, and cancelled ${v.cancelled} request(s) in progress` : ''}.${storage}`, components: [], allowedMentions: noMentions });
}
