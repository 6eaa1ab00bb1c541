import { PermissionFlagsBits, Routes, type REST } from 'discord.js';
import type { AccessCheck } from '@veo-bot/core';
import { classifyDiscordError } from './discord-errors.js';
import type { GuildDirectory } from './guild-directory.js';
import { channelPermissions, missingPermissions, type Overwrite } from './permissions.js';

interface RawChannel {
  readonly id: string;
  readonly type: number;
  readonly guild_id?: string;
  readonly parent_id?: string | null;
  readonly permission_overwrites?: Overwrite[];
}

const THREAD_TYPES = new Set([10, 11, 12]);

/**
 * Whether the bot can post in a channel: GET /channels/ID (10003 / 50001 → no), then, in
 * guilds, its computed permissions (View Channel + Send Messages, or Send Messages in
 * Threads for threads). Transient failures answer "ok": delivery will tell for sure, and a
 * Discord hiccup must not fail a user's request for good.
 */
export async function checkChannelAccess(rest: REST, guilds: GuildDirectory, channelId: string): Promise<AccessCheck> {
  try {
    const channel = (await rest.get(Routes.channel(channelId))) as RawChannel;
    if (!channel.guild_id) return { ok: true };
    const isThread = THREAD_TYPES.has(channel.type);
    const source = isThread && channel.parent_id ? ((await rest.get(Routes.channel(channel.parent_id))) as RawChannel) : channel;
    const [guild, botId, botRoles] = await Promise.all([guilds.guild(channel.guild_id), guilds.botUserId(), guilds.botRoles(channel.guild_id)]);
    const perms = channelPermissions({
      guildId: channel.guild_id,
      ownerId: guild.ownerId,
      roles: guild.roles,
      memberId: botId,
      memberRoles: botRoles,
      overwrites: source.permission_overwrites ?? [],
    });
    const required: Record<string, bigint> = isThread
      ? { ViewChannel: PermissionFlagsBits.ViewChannel, SendMessagesInThreads: PermissionFlagsBits.SendMessagesInThreads }
      : { ViewChannel: PermissionFlagsBits.ViewChannel, SendMessages: PermissionFlagsBits.SendMessages };
    const missing = missingPermissions(perms, required);
    return missing.length === 0 ? { ok: true } : { ok: false, detail: `Missing permissions: ${missing.join(', ')}` };
  } catch (error) {
    const failure = classifyDiscordError(error, false);
    return failure.kind === 'undeliverable' ? { ok: false, detail: failure.detail } : { ok: true };
  }
}
