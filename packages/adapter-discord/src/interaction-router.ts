import type { Interaction } from 'discord.js';
import { handleAgainButton } from './again-button-handler.js';
import { BUDGET_COMMAND_NAME } from './budget-command.js';
import { handleBudgetCommand } from './budget-handler.js';
import { parseAgainCustomId, parseHistoryCustomId, parseRetryCustomId } from './custom-ids.js';
import { HISTORY_COMMAND_NAME } from './history-command.js';
import { handleHistoryButton, handleHistoryCommand } from './history-handler.js';
import { handleRetryButton } from './retry-button-handler.js';
import { STATS_COMMAND_NAME } from './stats-command.js';
import { handleStatsCommand } from './stats-handler.js';
import { VEO_COMMAND_NAME } from './veo-command.js';
import { handleVeoCommand } from './veo-command-handler.js';
import type { HandlerDeps } from './veo-handlers.js';

/**
 * Handles the interaction if it is one of veo-bot's (its commands, Retry, Again and history buttons);
 * resolves false for anything else, so a host bot can route its own. Handler errors propagate.
 */
export async function routeVeoInteraction(interaction: Interaction, deps: HandlerDeps): Promise<boolean> {
  const { history, guildStats, budget } = deps.handlers;
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === VEO_COMMAND_NAME) await handleVeoCommand(interaction, deps);
    else if (interaction.commandName === HISTORY_COMMAND_NAME && history) await handleHistoryCommand(interaction, deps);
    else if (interaction.commandName === STATS_COMMAND_NAME && guildStats) await handleStatsCommand(interaction, deps);
    else if (interaction.commandName === BUDGET_COMMAND_NAME && budget) await handleBudgetCommand(interaction, deps);
    else return false;
    return true;
  }
  if (interaction.isButton()) {
    if (parseRetryCustomId(interaction.customId)) await handleRetryButton(interaction, deps);
    else if (parseAgainCustomId(interaction.customId)) await handleAgainButton(interaction, deps);
    else if (history && parseHistoryCustomId(interaction.customId)) await handleHistoryButton(interaction, deps);
    else return false;
    return true;
  }
  return false;
}
