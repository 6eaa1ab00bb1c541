import { Routes, type REST } from 'discord.js';

/** Discord's upload limits (2025+): 10 MiB by default, 50 MiB at boost tier 2, 100 MiB at tier 3. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** Upload limit for a guild's boost tier. */
export function uploadLimitForPremiumTier(tier: number): number {
  if (tier >= 3) return 100 * 1024 * 1024;
  if (tier === 2) return 50 * 1024 * 1024;
  return DEFAULT_UPLOAD_LIMIT_BYTES;
}

/** What the notifier needs to know about a guild. */
export interface GuildFacts {
  readonly ownerId: string;
  readonly premiumTier: number;
  readonly roles: readonly { readonly id: string; readonly permissions: string }[];
}

interface Cached<T> {
  readonly value: Promise<T>;
  readonly until: number;
}

/**
 * Per-guild facts fetched over REST and cached for `ttlMs` (per process, per guild: no
 * state is shared between shards). `rememberUploadLimit` records the exact limit an
 * interaction reported (`attachment_size_limit`), which beats the tier estimate.
 */
export class GuildDirectory {
  private readonly guilds = new Map<string, Cached<GuildFacts>>();
  private readonly members = new Map<string, Cached<readonly string[]>>();
  private readonly exactLimits = new Map<string, number>();
  private botId: Promise<string> | null = null;

  constructor(
    private readonly rest: REST,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** The upload limit for a guild (DMs: the default); falls back to the default if the guild cannot be read. */
  async uploadLimit(guildId: string | null): Promise<number> {
    if (guildId === null) return DEFAULT_UPLOAD_LIMIT_BYTES;
    const exact = this.exactLimits.get(guildId);
    if (exact !== undefined) return exact;
    try {
      return uploadLimitForPremiumTier((await this.guild(guildId)).premiumTier);
    } catch {
      return DEFAULT_UPLOAD_LIMIT_BYTES;
    }
  }

  /** Records the limit Discord reported on an interaction of this guild. */
  rememberUploadLimit(guildId: string, bytes: number): void {
    if (Number.isFinite(bytes) && bytes > 0) this.exactLimits.set(guildId, bytes);
  }

  /** GET /guilds/ID (cached). */
  guild(guildId: string): Promise<GuildFacts> {
    return this.cached(this.guilds, guildId, async () => {
      const raw = (await this.rest.get(Routes.guild(guildId))) as { owner_id: string; premium_tier?: number; roles?: { id: string; permissions: string }[] };
      return { ownerId: raw.owner_id, premiumTier: raw.premium_tier ?? 0, roles: raw.roles ?? [] };
    });
  }

  /** The bot's user id (GET /users/@me, once). */
  botUserId(): Promise<string> {
    this.botId ??= (this.rest.get(Routes.user('@me')) as Promise<{ id: string }>).then((u) => u.id);
    this.botId.catch(() => (this.botId = null));
    return this.botId;
  }

  /** Role ids of the bot in a guild (cached). */
  botRoles(guildId: string): Promise<readonly string[]> {
    return this.cached(this.members, guildId, async () => {
      const member = (await this.rest.get(Routes.guildMember(guildId, await this.botUserId()))) as { roles?: string[] };
      return member.roles ?? [];
    });
  }

  private cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = load();
    map.set(key, { value, until: Date.now() + this.ttlMs });
    // A failed lookup is not cached: the next call tries again.
    value.catch(() => map.delete(key));
    return value;
  }
}
