import { Routes, type REST, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { ModelPolicy } from '@veo-bot/core';
import { buildBudgetCommand } from './budget-command.js';
import { buildForgetCommand } from './forget-command.js';
import { buildHistoryCommand } from './history-command.js';
import { buildMessageCommand } from './message-command.js';
import { buildSettingsCommand } from './settings-command.js';
import { createDiscordRest } from './rest-client.js';
import { buildStatsCommand } from './stats-command.js';
import { buildVeoCommand } from './veo-command.js';

/** Which optional commands to include besides `/veo` (each defaults to true). */
export interface CommandSelection {
  /** `/veo-history`. */
  readonly history?: boolean;
  /** `/veo-stats`. */
  readonly stats?: boolean;
  /** `/veo-budget`. */
  readonly budget?: boolean;
  /** `/veo-settings`; with it, `/veo`'s model, resolution and duration choices are answered per server by autocomplete. */
  readonly settings?: boolean;
  /** `/veo-forget-me`. */
  readonly forget?: boolean;
  /** The message command "Make a Veo video" (a message's images as reference images; answered only where a draft store is given). */
  readonly messageCommand?: boolean;
}

/** Options of {@link registerCommands}. */
export interface RegisterCommandsOptions extends CommandSelection {
  readonly applicationId: string;
  readonly policy: ModelPolicy;
  /** Register in this guild only (instant; for development), else globally. */
  readonly guildId?: string | null;
  /** An existing REST client with the bot token set; otherwise `token` + `apiBaseUrl` build one. */
  readonly rest?: REST;
  readonly token?: string;
  readonly apiBaseUrl?: string;
}

/** Where the commands went and how many. */
export interface RegisterCommandsResult {
  readonly scope: 'guild' | 'global';
  readonly count: number;
}

/**
 * Every command the bot offers: `/veo` first, then `/veo-history`, `/veo-stats`, `/veo-budget`,
 * `/veo-settings`, `/veo-forget-me` and the message command "Make a Veo video" (type 3, last) unless
 * left out. With `/veo-settings`, `/veo`'s `model`, `resolution` and `duration` are autocomplete
 * options, so each server is shown only what it allows.
 */
export function buildCommands(policy: ModelPolicy, selection: CommandSelection = {}): RESTPostAPIApplicationCommandsJSONBody[] {
  const settings = selection.settings ?? true;
  return [
    buildVeoCommand(policy, { autocomplete: settings }),
    ...(selection.history ?? true ? [buildHistoryCommand()] : []),
    ...(selection.stats ?? true ? [buildStatsCommand()] : []),
    ...(selection.budget ?? true ? [buildBudgetCommand()] : []),
    ...(settings ? [buildSettingsCommand(policy)] : []),
    ...(selection.forget ?? true ? [buildForgetCommand()] : []),
    ...(selection.messageCommand ?? true ? [buildMessageCommand()] : []),
  ];
}

/**
 * Bulk-overwrites the application's commands with {@link buildCommands} (PUT, so running
 * it again is harmless, and a command left out is removed). Usable from a CLI command
 * without logging in to the gateway.
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisterCommandsResult> {
  const rest = options.rest ?? createDiscordRest({ ...(options.token ? { token: options.token } : {}), ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}) });
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const saved = (await rest.put(route, { body: buildCommands(options.policy, options) })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: saved.length };
}
