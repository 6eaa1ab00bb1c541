import { describeError } from '../domain/errors.js';
import type { ModelPolicy } from '../domain/generation-options.js';
import { type GuildSettings, type GuildSettingsChange, defaultGuildSettings, settingsProblems } from '../domain/guild-settings.js';
import type { Clock } from '../ports/clock.js';
import type { GuildSettingsStore, SettingsAuditEntry } from '../ports/guild-settings-store.js';
import type { Logger } from '../ports/logger.js';
import type { GuildSettingsCache } from '../services/guild-settings-cache.js';
import type { QueryResult } from './queries.js';

/** Said when the settings cannot be read or written. */
export const SETTINGS_UNAVAILABLE = 'Server settings are temporarily unavailable. Please try again in a minute.';

/** A server's settings with their latest changes (newest first). */
export interface SettingsView {
  readonly settings: GuildSettings;
  readonly audit: readonly SettingsAuditEntry[];
}

/** One change asked for: `edit` computes it from the settings as they stand (add or remove a word, a channel). */
export interface ChangeSettingsInput {
  readonly guildId: string;
  /** Who changes it: a Discord user id, or `cli:…`. */
  readonly actorId: string;
  readonly edit: (current: GuildSettings) => GuildSettingsChange;
  /** Whether a channel id belongs to this server (Discord knows; the CLI cannot tell). */
  readonly channelIsHere?: (channelId: string) => boolean;
}

class Refused extends Error {}

/** `/veo-settings` and `veo-bot settings`: shows a server's settings and audit log, and changes them (validated, audited, pushed to every instance). */
export class GuildSettingsAdmin {
  constructor(private readonly deps: { readonly store: GuildSettingsStore; readonly cache?: GuildSettingsCache; readonly clock: Clock; readonly logger: Logger; readonly policy: ModelPolicy }) {}

  async show(guildId: string, auditLimit = 10): Promise<QueryResult<SettingsView>> {
    try {
      const [settings, audit] = await Promise.all([this.deps.store.get(guildId), this.deps.store.audit(guildId, auditLimit)]);
      return { ok: true, value: { settings: settings ?? defaultGuildSettings(guildId), audit } };
    } catch (error) {
      this.deps.logger.error('Reading server settings failed', { guild_id: guildId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: SETTINGS_UNAVAILABLE };
    }
  }

  async change(input: ChangeSettingsInput): Promise<QueryResult<SettingsView>> {
    const { store, clock, logger, policy } = this.deps;
    let fields: string[] = [];
    try {
      const stored = await store.update(input.guildId, (current) => {
        const change = input.edit(current);
        const problems = settingsProblems(change, policy, input.channelIsHere);
        if (problems.length > 0) throw new Refused(problems.join('\n'));
        fields = Object.keys(change);
        return change;
      }, input.actorId, clock.now());
      this.deps.cache?.remember(stored);
      logger.info('Server settings changed', { guild_id: input.guildId, user_id: input.actorId, fields });
      return { ok: true, value: { settings: stored, audit: await store.audit(input.guildId, 10).catch(() => []) } };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: 'invalid', message: `Nothing was changed:\n${error.message}` };
      logger.error('Changing server settings failed', { guild_id: input.guildId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: SETTINGS_UNAVAILABLE };
    }
  }
}
