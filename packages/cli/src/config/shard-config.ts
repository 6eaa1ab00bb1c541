import { ConfigError } from './load-config.js';
import type { Config } from './schema.js';

/** The discord.js `shards` / `shardCount` options of this process (empty: one shard, discord.js's default). */
export interface ShardSettings {
  readonly shards?: 'auto' | readonly number[];
  readonly shardCount?: number;
}

/**
 * `DISCORD_SHARDS` (`auto`, or a list such as `0,1`) and `DISCORD_SHARD_COUNT` (the total over
 * every process). A list needs the total (discord.js would otherwise take the list's length, and
 * Discord refuses a shard id ≥ the count); `auto` takes Discord's recommended count and runs all
 * of them here; a count alone runs every shard of it here. Throws ConfigError (exit 2).
 */
export function shardSettings(config: Config): ShardSettings {
  const { DISCORD_SHARDS: shards, DISCORD_SHARD_COUNT: count } = config;
  if (shards === undefined) return count === undefined ? {} : { shardCount: count };
  if (shards === 'auto') {
    if (count !== undefined) throw new ConfigError(['DISCORD_SHARD_COUNT: leave it unset with DISCORD_SHARDS=auto (Discord recommends the count)']);
    return { shards: 'auto' };
  }
  const ids = [...new Set(shards.split(',').map((s) => Number(s.trim())))].sort((a, b) => a - b);
  if (count === undefined) throw new ConfigError([`DISCORD_SHARD_COUNT: required with DISCORD_SHARDS=${shards} (the total number of shards over every process)`]);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) throw new ConfigError([`DISCORD_SHARDS: shard id(s) ${outside.join(', ')} not below DISCORD_SHARD_COUNT=${count} (ids run from 0 to ${count - 1})`]);
  return { shards: ids, shardCount: count };
}
