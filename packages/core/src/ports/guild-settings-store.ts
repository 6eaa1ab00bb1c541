import type { GuildSettings, GuildSettingsChange } from '../domain/guild-settings.js';

/** One change of a server's settings, as the audit log keeps it. */
export interface SettingsAuditEntry {
  readonly guildId: string;
  /** Discord user id, or `cli:<who>` for a change made with `veo-bot settings`. */
  readonly changedBy: string;
  readonly changedAt: Date;
  /** The fields set, with their new values. */
  readonly change: GuildSettingsChange;
}

/**
 * Where per-server settings live (PostgreSQL: `guild_settings` and `guild_settings_audit`),
 * shared by every instance. Every method may throw RepositoryUnavailableError.
 */
export interface GuildSettingsStore {
  /** The settings of `guildId`; null when nobody ever changed them. */
  get(guildId: string): Promise<GuildSettings | null>;
  /** Every server's stored settings (a small table: read at start and after a lost connection). */
  all(): Promise<GuildSettings[]>;
  /**
   * In one transaction, with the server's settings locked (concurrent edits never lose one
   * another): computes the change from the current settings with `edit` (which may throw to
   * refuse it: nothing is written then), applies it, writes its audit entry, and tells every
   * instance (see {@link watch}). Returns the settings as stored.
   */
  update(guildId: string, edit: (current: GuildSettings) => GuildSettingsChange, by: string, at: Date): Promise<GuildSettings>;
  /** The newest `limit` audit entries of `guildId`, newest first. */
  audit(guildId: string, limit: number): Promise<SettingsAuditEntry[]>;
  /**
   * Calls `changed(guildId)` whenever any instance changes a server's settings, and
   * `reconnected()` after a lost connection came back (changes may have been missed meanwhile).
   * Resolves with a stop function. Optional: without it, caches rely on their refresh interval.
   */
  watch?(listener: { changed(guildId: string): void; reconnected(): void }): Promise<() => Promise<void>>;
}
