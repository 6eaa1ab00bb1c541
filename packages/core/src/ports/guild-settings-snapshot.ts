import type { GuildSettings } from '../domain/guild-settings.js';

/** Every configured server's settings as one process knew them at one moment. */
export interface SettingsSnapshot {
  /** When the settings were read (the first read that found them: an unchanged read rewrites nothing). */
  readonly takenAt: Date;
  /** Servers listed had these settings; a server absent had none (defaults). */
  readonly settings: readonly GuildSettings[];
}

/**
 * A local copy of the per-server settings, kept beside the process (a file), so that a process
 * started while the database is down still applies the last settings it knew instead of none.
 * The settings cache writes it after it read the store and loads it only when it never could.
 */
export interface GuildSettingsSnapshot {
  /**
   * The snapshot last saved; null when there is none or it cannot be used (missing, unreadable,
   * corrupt, another format): an implementation says why in its own log and does not throw then.
   */
  load(): Promise<SettingsSnapshot | null>;
  /** Replaces the snapshot, all at once (a reader never sees half of one). May throw. */
  save(snapshot: SettingsSnapshot): Promise<void>;
}
