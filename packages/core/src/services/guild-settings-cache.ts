import { describeError } from '../domain/errors.js';
import { type GuildSettings, defaultGuildSettings } from '../domain/guild-settings.js';
import type { Clock } from '../ports/clock.js';
import type { GuildSettingsSnapshot, SettingsSnapshot } from '../ports/guild-settings-snapshot.js';
import type { GuildSettingsStore } from '../ports/guild-settings-store.js';
import type { Logger } from '../ports/logger.js';

/** How long a read of one server's settings is trusted without a change notice. */
export const SETTINGS_REFRESH_MS = 60_000;

type Entry = {
  readonly settings: GuildSettings | null;
  readonly readAt: number;
  /** Known only from the local snapshot (the store was never read by this process). */
  readonly fromSnapshot?: boolean;
};

/** JSON with the fields in one order, whichever adapter built the object. */
const canonical = (settings: GuildSettings): string => JSON.stringify(settings, Object.keys(settings).sort());

/** `settings` as the snapshot lists them; null for a server nobody configured, which needs no line. */
function listed(settings: GuildSettings | null | undefined): string | null {
  if (!settings) return null;
  const json = canonical(settings);
  return json === canonical(defaultGuildSettings(settings.guildId)) ? null : json;
}

/** What identifies a snapshot's content, to skip writing the same one again. */
const contentKey = (settings: readonly GuildSettings[]): string => `[${settings.map(canonical).join(',')}]`;

/**
 * The settings worth keeping, in a stable order. Who changed them is left out: applying them
 * does not need it, and a local copy must not keep a name that erasure removes from the database.
 */
function configured(known: Iterable<GuildSettings | null>): GuildSettings[] {
  const list: GuildSettings[] = [];
  for (const settings of known) if (settings && listed(settings) !== null) list.push({ ...settings, updatedBy: null });
  return list.sort((a, b) => (a.guildId < b.guildId ? -1 : a.guildId > b.guildId ? 1 : 0));
}

/**
 * Per-server settings as this process knows them. Reads go to the store at most once per
 * {@link SETTINGS_REFRESH_MS} per server, and at once after a change notice from any instance
 * (the store's `watch`: PostgreSQL LISTEN/NOTIFY). While the store cannot answer, the last
 * settings read stand — never "everything allowed" for a server this process knew settings
 * of, or heard had changed (it is unknown then).
 *
 * With a {@link GuildSettingsSnapshot}, what this process knows is saved locally once it has
 * read the store in full, and again whenever it learns of a change; a process that cannot read
 * the store and never could since it started (the database was down from its start) takes the
 * snapshot as its last known settings. Without a snapshot such a process knows no server's
 * settings, and `get` says so (null): `/veo` is refused in servers, direct messages go on.
 */
export class GuildSettingsCache {
  private readonly entries = new Map<string, Entry>();
  /** Servers absent from the last full read had no settings then (defaults). */
  private fullReadAt: number | null = null;
  private stopWatching: (() => Promise<void>) | null = null;
  /** Loaded at most once, and only while the store was never read. */
  private snapshotLoad: Promise<void> | null = null;
  /** Servers absent from the loaded snapshot had no settings when it was taken. */
  private snapshotTakenAt: Date | null = null;
  /** The settings last saved or loaded ({@link contentKey}): the same ones are not written again. */
  private savedKey: string | null = null;
  /** Saves run one after another, each writing what is known when it runs. */
  private saving: Promise<void> = Promise.resolve();
  private saveFailing = false;

  constructor(private readonly deps: {
    readonly store: GuildSettingsStore;
    /** Where the last known settings are kept for a start while the store is down (optional). */
    readonly snapshot?: GuildSettingsSnapshot;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly refreshMs?: number;
  }) {}

  /**
   * Reads every server's settings and listens for changes unless it already does; never throws.
   * Called whenever this process (re)joins the database, since changes may have been missed.
   */
  async start(): Promise<void> {
    await this.readAll();
    if (this.stopWatching || !this.deps.store.watch) return;
    try {
      this.stopWatching = await this.deps.store.watch({ changed: (id) => this.changed(id), reconnected: () => void this.readAll() });
    } catch (error) {
      this.deps.logger.warn('Settings changes are not pushed; each server is re-read every minute', describeError(error));
    }
  }

  /** Stops listening for changes, and lets a snapshot being written finish. */
  async stop(): Promise<void> {
    await this.stopWatching?.().catch(() => undefined);
    this.stopWatching = null;
    await this.saving;
  }

  /** Reads every server's settings at once (after start and after a lost connection); false when the store did not answer. */
  async readAll(): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    let all: GuildSettings[];
    try {
      all = await this.deps.store.all();
    } catch (error) {
      this.deps.logger.warn('Server settings could not be read; last known settings stay in force', describeError(error));
      return false;
    }
    const present = new Set(all.map((s) => s.guildId));
    // The store has the last word: a server only the snapshot listed has no settings any more.
    for (const [id, entry] of this.entries) if (entry.fromSnapshot && !present.has(id)) this.entries.delete(id);
    for (const settings of all) this.entries.set(settings.guildId, { settings, readAt: now });
    this.fullReadAt = now;
    void this.saveSnapshot(); // in the background: a slow disk never holds start-up back
    return true;
  }

  /** Another instance (or this one) changed `guildId`'s settings: read them again before the next use. */
  invalidate(guildId: string): void {
    const entry = this.entries.get(guildId);
    this.entries.set(guildId, { ...entry, settings: entry?.settings ?? null, readAt: Number.NEGATIVE_INFINITY });
  }

  /** Settings just written by this process. */
  remember(settings: GuildSettings): void {
    const before = this.entries.get(settings.guildId)?.settings;
    this.entries.set(settings.guildId, { settings, readAt: this.deps.clock.now().getTime() });
    if (listed(before) !== listed(settings)) void this.saveSnapshot();
  }

  /** Resolves once the snapshot writes asked for so far are done (or failed: they never throw). */
  snapshotSaved(): Promise<void> {
    return this.saving;
  }

  /** The settings of `guildId`; null when they cannot be known right now (never read, no snapshot, store down). */
  async get(guildId: string): Promise<GuildSettings | null> {
    const now = this.deps.clock.now().getTime();
    const entry = this.entries.get(guildId);
    if (entry?.settings && now - entry.readAt < (this.deps.refreshMs ?? SETTINGS_REFRESH_MS)) return entry.settings;
    try {
      const settings = (await this.deps.store.get(guildId)) ?? defaultGuildSettings(guildId);
      this.entries.set(guildId, { settings, readAt: now });
      if (listed(entry?.settings) !== listed(settings)) void this.saveSnapshot();
      return settings;
    } catch (error) {
      return this.lastKnown(guildId, error);
    }
  }

  /** A change notice: forget, and with a snapshot to keep current, read the server again now. */
  private changed(guildId: string): void {
    this.invalidate(guildId);
    if (this.deps.snapshot) void this.get(guildId);
  }

  /** What stands for `guildId` while the store cannot answer. */
  private async lastKnown(guildId: string, error: unknown): Promise<GuildSettings | null> {
    if (this.fullReadAt === null) await this.loadSnapshot();
    const entry = this.entries.get(guildId);
    if (entry) {
      this.deps.logger.warn('Server settings could not be read; using the last known ones', { guild_id: guildId, known: entry.settings !== null, from_snapshot: entry.fromSnapshot === true, ...describeError(error) });
      return entry.settings;
    }
    // Absent from the last full read, or from the snapshot: the server had no settings then.
    if (this.fullReadAt !== null || this.snapshotTakenAt !== null) return defaultGuildSettings(guildId);
    this.deps.logger.warn('Server settings unknown (never read since start, no snapshot): /veo refused in this server', { guild_id: guildId, ...describeError(error) });
    return null;
  }

  private loadSnapshot(): Promise<void> {
    this.snapshotLoad ??= this.readSnapshot();
    return this.snapshotLoad;
  }

  private async readSnapshot(): Promise<void> {
    const { snapshot, logger } = this.deps;
    let loaded: SettingsSnapshot | null = null;
    try {
      loaded = (await snapshot?.load()) ?? null;
    } catch (error) {
      logger.warn('Settings snapshot could not be loaded', describeError(error));
    }
    if (this.fullReadAt !== null) return; // the store answered meanwhile
    if (!loaded) {
      const why = snapshot ? 'no settings snapshot to use' : 'no settings snapshot is kept';
      logger.warn(`Server settings never read since start (database down), ${why}: /veo is refused in servers until the database answers`);
      return;
    }
    // A server read since (or heard of: a change notice) keeps what this process knows of it.
    for (const settings of loaded.settings) {
      if (!this.entries.has(settings.guildId)) this.entries.set(settings.guildId, { settings, readAt: Number.NEGATIVE_INFINITY, fromSnapshot: true });
    }
    this.snapshotTakenAt = loaded.takenAt;
    this.savedKey = contentKey(configured(loaded.settings));
    logger.warn('Server settings never read since start (database down): using the local snapshot', { taken_at: loaded.takenAt.toISOString(), guild_count: loaded.settings.length });
  }

  /** Saves what this process knows, once it has read the store in full; queued, never throws. */
  private saveSnapshot(): Promise<void> {
    const { snapshot } = this.deps;
    if (!snapshot || this.fullReadAt === null) return this.saving;
    this.saving = this.saving.then(() => this.writeSnapshot(snapshot));
    return this.saving;
  }

  private async writeSnapshot(snapshot: GuildSettingsSnapshot): Promise<void> {
    // A server heard to have changed but not read since is written as last read: the
    // snapshot holds each server's settings as this process last read them.
    const settings = configured([...this.entries.values()].map((e) => e.settings));
    const key = contentKey(settings);
    if (key === this.savedKey) return;
    try {
      await snapshot.save({ takenAt: this.deps.clock.now(), settings });
      this.savedKey = key;
      if (this.saveFailing) this.deps.logger.info('Settings snapshot saved again', { guild_count: settings.length });
      this.saveFailing = false;
    } catch (error) {
      // Once per failing spell, not on every read.
      if (!this.saveFailing) this.deps.logger.warn('Settings snapshot could not be saved; a start while the database is down would use an older one', describeError(error));
      this.saveFailing = true;
    }
  }
}
