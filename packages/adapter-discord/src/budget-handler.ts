import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BudgetView, QueryResult } from '@veo-bot/core';
import { budgetChanges, readBudgetSetOptions } from './budget-command.js';
import { budgetEmbed } from './budget-view.js';
import { COMMAND_NOT_AVAILABLE, replyEphemeral } from './interaction-replies.js';
import type { HandlerDeps } from './veo-handlers.js';
import { fitContent } from './text-limits.js';

/** Shown when the database cannot answer and the handler gave no message of its own. */
export const BUDGET_UNAVAILABLE = 'Budgets are temporarily unavailable. Please try again in a minute.';
/** Shown to members without Manage Server who try to change the caps. */
export const BUDGET_NOT_ALLOWED = 'Only members with the **Manage Server** permission can change the budget. `/veo-budget show` shows it.';
/** Shown in direct messages. */
export const BUDGET_GUILD_ONLY = '`/veo-budget` works in a server, not in direct messages.';

const noMentions = { parse: [] };

async function answer(interaction: ChatInputCommandInteraction, result: QueryResult<BudgetView>, title?: string): Promise<void> {
  if (!result.ok) {
    // Core's messages are written for users: the invalid value, or that the database is down.
    await interaction.editReply({ content: fitContent(result.message || BUDGET_UNAVAILABLE), embeds: [], allowedMentions: noMentions });
    return;
  }
  await interaction.editReply({ content: '', embeds: [budgetEmbed(result.value, title)], allowedMentions: noMentions });
}

/**
 * `/veo-budget show|set`: servers only. `show` is for anyone who can use the command; `set`
 * needs Manage Server, checked here because a server can change who sees the command. Both
 * answer ephemerally after a deferral (the database may be slow).
 */
export async function handleBudgetCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const { handlers } = deps;
  if (!handlers.budget) return;
  if (!interaction.inGuild()) {
    await replyEphemeral(interaction, BUDGET_GUILD_ONLY);
    return;
  }
  const guildId = interaction.guildId;
  if (interaction.options.getSubcommand(false) !== 'set') {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await answer(interaction, await handlers.budget({ guildId, userId: interaction.user.id }));
    return;
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    await replyEphemeral(interaction, BUDGET_NOT_ALLOWED);
    return;
  }
  if (!handlers.setBudget) {
    await replyEphemeral(interaction, COMMAND_NOT_AVAILABLE);
    return;
  }
  const changes = budgetChanges(readBudgetSetOptions(interaction));
  if (!changes.ok) {
    await replyEphemeral(interaction, changes.message);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await answer(interaction, await handlers.setBudget({ guildId, actorId: interaction.user.id, caps: changes.caps }), '💰 Video budget updated');
}
