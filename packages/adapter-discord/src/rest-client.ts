import { REST } from 'discord.js';
import { streamingMakeRequest } from './streamed-upload.js';

/** Discord's public API base; point it elsewhere for a rate-limit proxy (nirn-proxy) or a local fake. */
export const DEFAULT_DISCORD_API = 'https://discord.com/api';

/** Options to build a REST client. */
export interface RestClientOptions {
  /** Bot token; omit for a client that only uses interaction tokens. Never logged. */
  readonly token?: string;
  /** API base without `/v10` (default {@link DEFAULT_DISCORD_API}). */
  readonly apiBaseUrl?: string;
}

/**
 * A `@discordjs/rest` client for API v10 at the configured base URL. Attachments made with
 * `streamedFilesRequest` are sent as they are read (see `streamingMakeRequest`).
 */
export function createDiscordRest(options: RestClientOptions): REST {
  const rest = new REST({ api: options.apiBaseUrl ?? DEFAULT_DISCORD_API, version: '10', makeRequest: streamingMakeRequest });
  if (options.token) rest.setToken(options.token);
  return rest;
}
