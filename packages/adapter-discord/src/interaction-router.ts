import type { Interaction } from 'discord.js';
import { handleAgainButton } from './again-button-handler.js';
import { handleCancelButton } from './cancel-button-handler.js';
import { BUDGET_COMMAND_NAME } from './budget-command.js';
import { handleBudgetCommand } from './budget-handler.js';
import { SETTINGS_COMMAND_NAME } from './settings-command.js';
import { handleSettingsCommand } from './settings-handler.js';
import { describeError } from '@veo-bot/core';
import { PROMPT_MODAL_CUSTOM_ID_PREFIX, VEO_CUSTOM_ID_PREFIX, parseAgainCustomId, parseCancelCustomId, parseExtendCustomId, parseExtendModalCustomId, parseForgetCustomId, parseHistoryCustomId, parseRetryCustomId } from './custom-ids.js';
import { handleExtendButton, handleExtendModal } from './extend-handlers.js';
import { FORM_EXPIRED } from './prompt-modal.js';
import { FORGET_COMMAND_NAME } from './forget-command.js';
import { handleForgetButton, handleForgetCommand } from './forget-handler.js';
import { HISTORY_COMMAND_NAME } from './history-command.js';
import { MESSAGE_COMMAND_NAME } from './message-command.js';
import { handleMessageCommand } from './message-command-handler.js';
import { handleHistoryButton, handleHistoryCommand } from './history-handler.js';
import { GENERIC_ERROR, STALE_COMPONENT, replyEphemeral } from './interaction-replies.js';
import { handleRetryButton } from './retry-button-handler.js';
import { STATS_COMMAND_NAME } from './stats-command.js';
import { handleStatsCommand } from './stats-handler.js';
import { handleVeoAutocomplete } from './veo-autocomplete.js';
import { VEO_COMMAND_NAME } from './veo-command.js';
import { handlePromptModal, handleVeoCommand } from './veo-command-handler.js';
import type { HandlerDeps } from './veo-handlers.js';

/**
 * Handles the interaction if it is one of veo-bot's (its commands — the message command "Make a
 * Veo video" too — and `/veo`'s autocomplete,
 * Retry, Again, Extend, Cancel, history and erase-confirm buttons, the prompt and Extend modals); resolves false for anything else, so a host bot can route its own. A component
 * whose `custom_id` starts with `veo:` but is unknown or malformed (a forged or stale button, a
 * non-UUID request id, a page out of range) is answered "This button is no longer valid." before
 * any handler runs; such a modal, "This form has expired — please run /veo again.". Every interaction it takes gets exactly one answer: a handler that throws is
 * logged with its stack and answered with a generic ephemeral message.
 */
export async function routeVeoInteraction(interaction: Interaction, deps: HandlerDeps): Promise<boolean> {
  // The notifier reads the same directory: the exact upload limit beats the boost-tier table.
  if (deps.guilds && interaction.guildId && 'attachmentSizeLimit' in interaction && typeof interaction.attachmentSizeLimit === 'number') {
    deps.guilds.rememberUploadLimit(interaction.guildId, interaction.attachmentSizeLimit);
  }
  const handle = pick(interaction, deps);
  if (!handle) return false;
  try {
    await handle();
  } catch (error) {
    deps.logger.error('Interaction handler failed', { interaction_id: interaction.id, guild_id: interaction.guildId, user_id: interaction.user.id, ...describeError(error) });
    if (interaction.isRepliable()) await replyEphemeral(interaction, GENERIC_ERROR).catch(() => undefined);
  }
  return true;
}

function pick(interaction: Interaction, deps: HandlerDeps): (() => Promise<void>) | null {
  const { history, guildStats, budget, forget, forgetPreview } = deps.handlers;
  if (interaction.isAutocomplete()) return interaction.commandName === VEO_COMMAND_NAME ? () => handleVeoAutocomplete(interaction, deps) : null;
  if (interaction.isMessageContextMenuCommand()) return interaction.commandName === MESSAGE_COMMAND_NAME ? () => handleMessageCommand(interaction, deps) : null;
  if (interaction.isChatInputCommand()) {
    const name = interaction.commandName;
    if (name === VEO_COMMAND_NAME) return () => handleVeoCommand(interaction, deps);
    if (name === HISTORY_COMMAND_NAME && history) return () => handleHistoryCommand(interaction, deps);
    if (name === STATS_COMMAND_NAME && guildStats) return () => handleStatsCommand(interaction, deps);
    if (name === BUDGET_COMMAND_NAME && budget) return () => handleBudgetCommand(interaction, deps);
    if (name === SETTINGS_COMMAND_NAME && deps.handlers.settings) return () => handleSettingsCommand(interaction, deps);
    if (name === FORGET_COMMAND_NAME && forget && forgetPreview) return () => handleForgetCommand(interaction, deps);
    return null;
  }
  if (interaction.isButton()) {
    const id = interaction.customId;
    if (parseRetryCustomId(id)) return () => handleRetryButton(interaction, deps);
    if (parseAgainCustomId(id)) return () => handleAgainButton(interaction, deps);
    if (parseCancelCustomId(id)) return () => handleCancelButton(interaction, deps);
    if (parseExtendCustomId(id)) return () => handleExtendButton(interaction, deps);
    if (history && parseHistoryCustomId(id)) return () => handleHistoryButton(interaction, deps);
    if (forget && parseForgetCustomId(id)) return () => handleForgetButton(interaction, deps);
  }
  if (interaction.isModalSubmit()) {
    const id = interaction.customId;
    // A prompt modal whose draft is malformed, unknown or expired gets the same answer (inside).
    if (id.startsWith(PROMPT_MODAL_CUSTOM_ID_PREFIX)) return () => handlePromptModal(interaction, deps);
    if (parseExtendModalCustomId(id)) return () => handleExtendModal(interaction, deps);
    if (id.startsWith(VEO_CUSTOM_ID_PREFIX)) return () => replyEphemeral(interaction, FORM_EXPIRED);
    return null;
  }
  if (interaction.isMessageComponent() && interaction.customId.startsWith(VEO_CUSTOM_ID_PREFIX)) return () => replyEphemeral(interaction, STALE_COMPONENT);
  return null;
}
