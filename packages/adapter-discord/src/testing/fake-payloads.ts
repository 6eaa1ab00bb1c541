import type { FakeChannel, FakeGuild, FakeMessage } from './fake-state.js';

/** A Discord user object as the API sends it. */
export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

/** Every permission bit (what a guild owner has). */
export const ALL_PERMISSIONS = ((1n << 51n) - 1n).toString();
const SEND_MESSAGES = 1n << 11n;

/** API shape of a user. */
export function userJson(user: FakeUser): Record<string, unknown> {
  return { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, bot: user.bot ?? false, flags: 0 };
}

/** API shape of a channel; a channel where the bot may not send carries a deny overwrite for the bot. */
export function channelJson(channel: FakeChannel, bot: FakeUser): Record<string, unknown> {
  if (channel.guildId === null) return { id: channel.id, type: 1, recipients: [], last_message_id: null };
  const overwrites = channel.canSend ? [] : [{ id: bot.id, type: 1, allow: '0', deny: SEND_MESSAGES.toString() }];
  return { id: channel.id, type: 0, guild_id: channel.guildId, name: channel.name, position: 0, permission_overwrites: overwrites, nsfw: channel.nsfw, parent_id: null };
}

/** API shape of a guild as GET /guilds/ID returns it. */
export function guildJson(guild: FakeGuild, ownerId: string): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    owner_id: ownerId,
    premium_tier: guild.premiumTier,
    roles: [everyoneRole(guild.id), ...guild.roleIds.map((id, i) => roleJson(id, i + 1))],
    features: [],
    emojis: [],
    stickers: [],
  };
}

/** A plain role with no permissions of its own. */
export function roleJson(id: string, position: number): Record<string, unknown> {
  return { id, name: `role-${position}`, permissions: '0', position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}

/** The @everyone role: members may view and send unless an overwrite says otherwise. */
export function everyoneRole(guildId: string): Record<string, unknown> {
  const perms = (1n << 10n) | SEND_MESSAGES | (1n << 14n) | (1n << 15n);
  return { id: guildId, name: '@everyone', permissions: perms.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}

/** GUILD_CREATE payload: enough for discord.js to cache the guild and its channels. */
export function guildCreateJson(guild: FakeGuild, channels: readonly FakeChannel[], bot: FakeUser, ownerId: string): Record<string, unknown> {
  return {
    ...guildJson(guild, ownerId),
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: new Date(0).toISOString(),
    channels: channels.filter((c) => !c.deleted).map((c) => channelJson(c, bot)),
    members: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** API shape of a message. */
export function messageJson(message: FakeMessage, author: FakeUser, applicationId: string): Record<string, unknown> {
  return {
    id: message.id,
    type: message.kind === 'channel' ? 0 : 20,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: userJson(author),
    content: message.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: message.editCount > 0 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      content_type: a.contentType,
      url: a.url ?? `https://cdn.discordapp.test/attachments/${message.channelId}/${a.id}/${a.filename}`,
      proxy_url: a.url ?? `https://media.discordapp.test/attachments/${message.channelId}/${a.id}/${a.filename}`,
      ...(a.width ? { width: a.width, height: a.height ?? a.width } : {}),
    })),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
    ...(message.nonce ? { nonce: message.nonce } : {}),
    ...(message.kind === 'channel' ? {} : { application_id: applicationId, webhook_id: applicationId }),
  };
}
