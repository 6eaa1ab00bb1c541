import type pg from 'pg';
import { applySettingsChange, defaultGuildSettings, type GuildSettings, type GuildSettingsChange, type GuildSettingsStore, type Logger, type PersonGeneration, type Resolution, type SettingsAuditEntry } from '@veo-bot/core';
import { toRepositoryError } from './errors.js';
import { SqlRunner } from './sql-runner.js';

/** The NOTIFY channel every instance listens on; the payload is the guild id. */
export const SETTINGS_CHANNEL = 'veo_guild_settings';

interface SettingsRow {
  guild_id: string;
  allowed_channels: string[];
  nsfw_only: boolean;
  per_user_daily_limit: number | null;
  exempt_role_id: string | null;
  allowed_models: string[];
  allowed_resolutions: string[];
  allowed_durations: number[];
  blocked_words: string[];
  blocked_patterns: string[];
  person_generation: string | null;
  updated_by: string;
  updated_at: Date;
}

function fromRow(row: SettingsRow): GuildSettings {
  return {
    guildId: row.guild_id,
    allowedChannels: row.allowed_channels,
    nsfwOnly: row.nsfw_only,
    perUserDailyLimit: row.per_user_daily_limit,
    exemptRoleId: row.exempt_role_id,
    allowedModels: row.allowed_models,
    allowedResolutions: row.allowed_resolutions as Resolution[],
    allowedDurations: row.allowed_durations,
    blockedWords: row.blocked_words,
    blockedPatterns: row.blocked_patterns,
    personGeneration: row.person_generation as PersonGeneration | null,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** What {@link PgGuildSettingsStore} needs. */
export interface PgGuildSettingsStoreDeps {
  /** The adapter's pool; `watch` keeps one connection of it for LISTEN. */
  readonly pool: pg.Pool;
  readonly logger: Logger;
  /** How long to wait before listening again after the connection was lost (default 2 s). */
  readonly relistenMs?: number;
}

/**
 * Per-server settings in PostgreSQL. An update locks the server's row, writes the new settings
 * and the audit entry, and `NOTIFY`s every instance in the same transaction, so a listener
 * never hears of a change it cannot read yet.
 */
export class PgGuildSettingsStore implements GuildSettingsStore {
  private readonly sql: SqlRunner;

  constructor(private readonly deps: PgGuildSettingsStoreDeps) {
    this.sql = new SqlRunner(deps.pool, deps.logger);
  }

  async get(guildId: string): Promise<GuildSettings | null> {
    const result = await this.sql.query<SettingsRow>('get_guild_settings', 'SELECT * FROM guild_settings WHERE guild_id = $1', [guildId]);
    const row = result.rows[0];
    return row ? fromRow(row) : null;
  }

  async all(): Promise<GuildSettings[]> {
    const result = await this.sql.query<SettingsRow>('all_guild_settings', 'SELECT * FROM guild_settings ORDER BY guild_id');
    return result.rows.map(fromRow);
  }

  async update(guildId: string, edit: (current: GuildSettings) => GuildSettingsChange, by: string, at: Date): Promise<GuildSettings> {
    let client: pg.PoolClient;
    try {
      client = await this.deps.pool.connect();
    } catch (error) {
      throw toRepositoryError(error, 'update_guild_settings');
    }
    try {
      await client.query('BEGIN');
      // The row, created with defaults if missing, locked for this change.
      await client.query(`INSERT INTO guild_settings (guild_id, updated_by, updated_at) VALUES ($1, $2, $3) ON CONFLICT (guild_id) DO NOTHING`, [guildId, by, at]);
      const current = await client.query<SettingsRow>('SELECT * FROM guild_settings WHERE guild_id = $1 FOR UPDATE', [guildId]);
      const before = current.rows[0] ? fromRow(current.rows[0]) : defaultGuildSettings(guildId);
      const change = edit(before);
      const next = applySettingsChange(before, change, by, at);
      const written = await client.query<SettingsRow>(
        `UPDATE guild_settings SET allowed_channels = $2, nsfw_only = $3, per_user_daily_limit = $4, exempt_role_id = $5,
           allowed_models = $6, allowed_resolutions = $7, allowed_durations = $8, blocked_words = $9, blocked_patterns = $10,
           person_generation = $13, updated_by = $11, updated_at = $12
         WHERE guild_id = $1 RETURNING *`,
        [guildId, next.allowedChannels, next.nsfwOnly, next.perUserDailyLimit, next.exemptRoleId, next.allowedModels, next.allowedResolutions, next.allowedDurations, next.blockedWords, next.blockedPatterns, by, at, next.personGeneration],
      );
      await client.query('INSERT INTO guild_settings_audit (guild_id, changed_by, changed_at, change) VALUES ($1, $2, $3, $4)', [guildId, by, at, JSON.stringify(change)]);
      await client.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, guildId]);
      await client.query('COMMIT');
      return fromRow(written.rows[0]!);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw toRepositoryError(error, 'update_guild_settings');
    } finally {
      client.release();
    }
  }

  async audit(guildId: string, limit: number): Promise<SettingsAuditEntry[]> {
    const result = await this.sql.query<{ guild_id: string; changed_by: string; changed_at: Date; change: GuildSettingsChange }>(
      'guild_settings_audit',
      'SELECT guild_id, changed_by, changed_at, change FROM guild_settings_audit WHERE guild_id = $1 ORDER BY changed_at DESC, id DESC LIMIT $2',
      [guildId, limit],
    );
    return result.rows.map((r) => ({ guildId: r.guild_id, changedBy: r.changed_by, changedAt: r.changed_at, change: r.change }));
  }

  /**
   * LISTENs on a connection of its own. When that connection is lost it listens again (every
   * `relistenMs` until the database answers) and then calls `reconnected`, since notices sent
   * meanwhile were missed.
   */
  async watch(listener: { changed(guildId: string): void; reconnected(): void }): Promise<() => Promise<void>> {
    let stopped = false;
    let client: pg.PoolClient | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listen = async (): Promise<void> => {
      const next = await this.deps.pool.connect();
      next.on('notification', (n) => {
        if (n.channel === SETTINGS_CHANNEL && n.payload) listener.changed(n.payload);
      });
      next.on('error', (error) => {
        if (client !== next) return;
        client = null;
        next.release(error);
        this.deps.logger.warn('Settings change notices lost; listening again when the database answers', { error_message: error.message });
        retry();
      });
      try {
        await next.query(`LISTEN ${SETTINGS_CHANNEL}`);
      } catch (error) {
        next.release(true);
        throw error;
      }
      client = next;
    };
    const retry = (): void => {
      if (stopped) return;
      timer = setTimeout(() => {
        listen().then(
          () => listener.reconnected(),
          () => retry(),
        );
      }, this.deps.relistenMs ?? 2_000);
      timer.unref?.();
    };
    try {
      await listen();
    } catch (error) {
      throw toRepositoryError(error, 'listen_guild_settings');
    }
    return async () => {
      stopped = true;
      clearTimeout(timer);
      const held = client;
      client = null;
      held?.release(true);
    };
  }
}
