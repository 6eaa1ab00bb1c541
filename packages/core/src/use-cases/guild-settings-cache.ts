import { describeError } from '../domain/errors.js';
import { type GuildSettings, defaultGuildSettings } from '../domain/guild-settings.js';
import type { Clock } from '../ports/clock.js';
import type { GuildSettingsStore } from '../ports/guild-settings-store.js';
import type { Logger } from '../ports/logger.js';

/** How long a read of one server's settings is trusted without a change notice. */
export const SETTINGS_REFRESH_MS = 60_000;

type Entry = { readonly settings: GuildSettings | null; readonly readAt: number };

/**
 * Per-server settings as this process knows them. Reads go to the store at most once per
 * {@link SETTINGS_REFRESH_MS} per server, and at once after a change notice from any instance
 * (the store's `watch`: PostgreSQL LISTEN/NOTIFY). While the store cannot answer, the last
 * settings read stand — never "everything allowed" for a server this process knew settings
 * of, or heard had changed (it is unknown then). A process that has not read the settings at
 * all since it started (the database was down from its start) applies no server rules, with a
 * warning: `/veo` keeps working through an outage, as the README promises.
 */
export class GuildSettingsCache {
  private readonly entries = new Map<string, Entry>();
  /** Servers absent from the last full read had no settings then (defaults). */
  private fullReadAt: number | null = null;
  private stopWatching: (() => Promise<void>) | null = null;

  constructor(private readonly deps: { readonly store: GuildSettingsStore; readonly clock: Clock; readonly logger: Logger; readonly refreshMs?: number }) {}

  /**
   * Reads every server's settings and listens for changes unless it already does; never throws.
   * Called whenever this process (re)joins the database, since changes may have been missed.
   */
  async start(): Promise<void> {
    await this.readAll();
    if (this.stopWatching || !this.deps.store.watch) return;
    try {
      this.stopWatching = await this.deps.store.watch({ changed: (id) => this.invalidate(id), reconnected: () => void this.readAll() });
    } catch (error) {
      this.deps.logger.warn('Settings changes are not pushed; each server is re-read every minute', describeError(error));
    }
  }

  /** Stops listening for changes. */
  async stop(): Promise<void> {
    await this.stopWatching?.().catch(() => undefined);
    this.stopWatching = null;
  }

  /** Reads every server's settings at once (after start and after a lost connection); false when the store did not answer. */
  async readAll(): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    try {
      const all = await this.deps.store.all();
      for (const settings of all) this.entries.set(settings.guildId, { settings, readAt: now });
      this.fullReadAt = now;
      return true;
    } catch (error) {
      this.deps.logger.warn('Server settings could not be read; last known settings stay in force', describeError(error));
      return false;
    }
  }

  /** Another instance (or this one) changed `guildId`'s settings: read them again before the next use. */
  invalidate(guildId: string): void {
    const entry = this.entries.get(guildId);
    this.entries.set(guildId, { settings: entry?.settings ?? null, readAt: Number.NEGATIVE_INFINITY });
  }

  /** Settings just written by this process. */
  remember(settings: GuildSettings): void {
    this.entries.set(settings.guildId, { settings, readAt: this.deps.clock.now().getTime() });
  }

  /** The settings of `guildId`; null when they cannot be known right now (never read, store down). */
  async get(guildId: string): Promise<GuildSettings | null> {
    const now = this.deps.clock.now().getTime();
    const entry = this.entries.get(guildId);
    if (entry?.settings && now - entry.readAt < (this.deps.refreshMs ?? SETTINGS_REFRESH_MS)) return entry.settings;
    try {
      const settings = (await this.deps.store.get(guildId)) ?? defaultGuildSettings(guildId);
      this.entries.set(guildId, { settings, readAt: now });
      return settings;
    } catch (error) {
      if (entry) {
        this.deps.logger.warn('Server settings could not be read; using the last known ones', { guild_id: guildId, known: entry.settings !== null, ...describeError(error) });
        return entry.settings;
      }
      if (this.fullReadAt === null) this.deps.logger.warn('Server settings never read since start (database down): no server rules applied', { guild_id: guildId, ...describeError(error) });
      return defaultGuildSettings(guildId);
    }
  }
}
