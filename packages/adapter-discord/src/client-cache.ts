import { type CacheFactory, Options } from 'discord.js';

/** Users and members kept per client (besides the bot itself), most recent first out. */
export const CACHED_USERS = 1_000;
export const CACHED_MEMBERS_PER_GUILD = 200;

/**
 * discord.js caches sized for this bot: it reads guilds and channels (kept as discord.js
 * needs them), answers through interactions and REST, and never reads messages, reactions,
 * emojis, stickers, presences, voice states, threads' members, invites, bans, events, stage
 * instances, automod rules or the application's commands — those are not cached at all. Users
 * and members, which otherwise grow with everyone who ever used `/veo`, are capped (the bot's
 * own are always kept).
 */
export function botCacheFactory(): CacheFactory {
  return Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    MessageManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    BaseGuildEmojiManager: 0,
    GuildEmojiManager: 0,
    GuildStickerManager: 0,
    PresenceManager: 0,
    VoiceStateManager: 0,
    ThreadMemberManager: 0,
    GuildInviteManager: 0,
    GuildBanManager: 0,
    GuildScheduledEventManager: 0,
    StageInstanceManager: 0,
    AutoModerationRuleManager: 0,
    ApplicationCommandManager: 0,
    UserManager: { maxSize: CACHED_USERS, keepOverLimit: (user) => user.id === user.client.user.id },
    GuildMemberManager: { maxSize: CACHED_MEMBERS_PER_GUILD, keepOverLimit: (member) => member.id === member.client.user.id },
  });
}
