import { Routes, type REST } from 'discord.js';
import type { ModelPolicy } from '@veo-bot/core';
import { createDiscordRest } from './rest-client.js';
import { buildVeoCommand } from './veo-command.js';

/** Options of {@link registerCommands}. */
export interface RegisterCommandsOptions {
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
 * Bulk-overwrites the application's commands with `/veo` (PUT, so running it again is
 * harmless). Usable from a CLI command without logging in to the gateway.
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisterCommandsResult> {
  const rest = options.rest ?? createDiscordRest({ ...(options.token ? { token: options.token } : {}), ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}) });
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const saved = (await rest.put(route, { body: [buildVeoCommand(options.policy)] })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: saved.length };
}
