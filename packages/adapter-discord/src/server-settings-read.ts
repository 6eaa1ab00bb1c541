import { describeError, type GuildSettings } from '@veo-bot/core';
import type { HandlerDeps } from './veo-handlers.js';

/** The log events of {@link readServerSettings}, named by each caller (they say what was done instead). */
export interface ServerSettingsEvents {
  /** Logged (warn) when the settings did not come within the timeout. */
  readonly slow: string;
  /** Logged (warn) when reading them failed. */
  readonly failed: string;
}

/**
 * A server's settings through `handlers.guildSettings`, or null when they are unknown (no
 * handler, none known), failing, or slower than `timeoutMs` — for answers that must come within
 * Discord's 3 s and only narrow what is offered: the submit path applies the rules anyway.
 * Never throws.
 */
export async function readServerSettings(
  guildId: string,
  deps: Pick<HandlerDeps, 'handlers' | 'logger'>,
  options: { readonly timeoutMs: number; readonly fields: Record<string, unknown>; readonly events: ServerSettingsEvents },
): Promise<GuildSettings | null> {
  const { handlers } = deps;
  if (!handlers.guildSettings) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), options.timeoutMs)));
  try {
    const settings = await Promise.race([handlers.guildSettings(guildId), late]);
    if (settings !== 'late') return settings;
    deps.logger.warn(options.events.slow, { ...options.fields, timeout_ms: options.timeoutMs });
    return null;
  } catch (error) {
    deps.logger.warn(options.events.failed, { ...options.fields, ...describeError(error) });
    return null;
  } finally {
    clearTimeout(timer);
  }
}
