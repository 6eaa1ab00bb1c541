import { RepositoryUnavailableError } from '../domain/errors.js';
import { applySettingsChange, defaultGuildSettings, type GuildSettings, type GuildSettingsChange } from '../domain/guild-settings.js';
import type { GuildSettingsStore, SettingsAuditEntry } from '../ports/guild-settings-store.js';

type Listener = { changed(guildId: string): void; reconnected(): void };

/**
 * GuildSettingsStore in memory, shared by every simulated instance of one world (like one
 * PostgreSQL server): an update notifies every watcher, as NOTIFY does. `available = false`
 * simulates the database being down.
 */
export class InMemoryGuildSettingsStore implements GuildSettingsStore {
  private readonly rows = new Map<string, GuildSettings>();
  private readonly log: SettingsAuditEntry[] = [];
  private readonly listeners = new Set<Listener>();
  available = true;
  /** How many reads reached the store (to show a cache at work). */
  reads = 0;

  private guard(method: string): void {
    if (!this.available) throw new RepositoryUnavailableError(`In-memory settings store is offline (${method})`);
  }

  async get(guildId: string): Promise<GuildSettings | null> {
    this.guard('get');
    this.reads += 1;
    return this.rows.get(guildId) ?? null;
  }

  async all(): Promise<GuildSettings[]> {
    this.guard('all');
    this.reads += 1;
    return [...this.rows.values()];
  }

  async update(guildId: string, edit: (current: GuildSettings) => GuildSettingsChange, by: string, at: Date): Promise<GuildSettings> {
    this.guard('update');
    const change = edit(this.rows.get(guildId) ?? defaultGuildSettings(guildId));
    const next = applySettingsChange(this.rows.get(guildId) ?? defaultGuildSettings(guildId), change, by, at);
    this.rows.set(guildId, next);
    this.log.push({ guildId, changedBy: by, changedAt: at, change });
    for (const l of this.listeners) l.changed(guildId);
    return next;
  }

  async audit(guildId: string, limit: number): Promise<SettingsAuditEntry[]> {
    this.guard('audit');
    return this.log.filter((e) => e.guildId === guildId).reverse().slice(0, limit);
  }

  async watch(listener: Listener): Promise<() => Promise<void>> {
    this.guard('watch');
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }
}
