import type { GuildSettings } from '../domain/guild-settings.js';
import type { GuildSettingsSnapshot, SettingsSnapshot } from '../ports/guild-settings-snapshot.js';

/** A copy that shares nothing with the caller's objects, as a file written and read back would. */
function copy(snapshot: SettingsSnapshot): SettingsSnapshot {
  const settings = snapshot.settings.map((s): GuildSettings => ({
    ...s,
    allowedChannels: [...s.allowedChannels],
    allowedModels: [...s.allowedModels],
    allowedResolutions: [...s.allowedResolutions],
    allowedDurations: [...s.allowedDurations],
    blockedWords: [...s.blockedWords],
    blockedPatterns: [...s.blockedPatterns],
    updatedAt: s.updatedAt ? new Date(s.updatedAt.getTime()) : null,
  }));
  return { takenAt: new Date(snapshot.takenAt.getTime()), settings };
}

/**
 * GuildSettingsSnapshot in memory: what one host's disk would keep between two processes (give
 * the same instance to the second one). `failSaves = true` simulates a disk that refuses writes.
 */
export class InMemoryGuildSettingsSnapshot implements GuildSettingsSnapshot {
  private kept: SettingsSnapshot | null;
  failSaves = false;
  /** Successful saves (to show that an unchanged read writes nothing). */
  saves = 0;
  loads = 0;

  constructor(initial: SettingsSnapshot | null = null) {
    this.kept = initial ? copy(initial) : null;
  }

  async load(): Promise<SettingsSnapshot | null> {
    this.loads += 1;
    return this.kept ? copy(this.kept) : null;
  }

  async save(snapshot: SettingsSnapshot): Promise<void> {
    if (this.failSaves) throw new Error('In-memory settings snapshot refuses writes (disk full)');
    this.kept = copy(snapshot);
    this.saves += 1;
  }

  /** What is kept now (null: nothing). */
  current(): SettingsSnapshot | null {
    return this.kept ? copy(this.kept) : null;
  }
}
