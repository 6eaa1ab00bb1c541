// The public surface of @veo-bot/adapter-discord, on purpose: what a host bot or an adapter
// author needs. Everything else (handlers, views, option readers, text limits, custom-id
// parsing) is internal: the package's `exports` map allows no deep import, so it may change
// in any release. The strict fake Discord is `@veo-bot/adapter-discord/testing`.

// Running the bot: a gateway client of its own, or veo-bot's interactions routed from yours.
export { DiscordBot } from './discord-bot.js';
export type { DiscordBotOptions, ShardState } from './discord-bot.js';
export { botCacheFactory, CACHED_USERS, CACHED_MEMBERS_PER_GUILD } from './client-cache.js';
export { routeVeoInteraction } from './interaction-router.js';
export type { VeoHandlers, ForgetSummary, HandlerDeps, HistoryInput, GuildStatsInput, BudgetInput, SetBudgetInput } from './veo-handlers.js';
export { InMemoryDraftStore, DRAFT_TTL_MS, MAX_DRAFTS } from './draft-store.js';
export type { DraftStore, VeoDraft, InMemoryDraftStoreOptions } from './draft-store.js';
export type { VeoAttachments, VeoAttachmentRead, VeoImageOption } from './veo-images.js';

// The commands: their JSON, their registration, and their names (to tell them from yours).
export { registerCommands, buildCommands } from './register-commands.js';
export type { RegisterCommandsOptions, RegisterCommandsResult, CommandSelection } from './register-commands.js';
export { VEO_COMMAND_NAME } from './veo-command.js';
export { MESSAGE_COMMAND_NAME } from './message-command.js';
export { HISTORY_COMMAND_NAME } from './history-command.js';
export { STATS_COMMAND_NAME } from './stats-command.js';
export { BUDGET_COMMAND_NAME } from './budget-command.js';
export { SETTINGS_COMMAND_NAME } from './settings-command.js';
export { FORGET_COMMAND_NAME } from './forget-command.js';
/** Every component and modal veo-bot makes has a `custom_id` starting with this; the Retry and Again ids of a request. */
export { VEO_CUSTOM_ID_PREFIX, MAX_CUSTOM_ID_LENGTH, retryCustomId, againCustomId } from './custom-ids.js';

// Telling users: core's Notifier port on Discord's REST API.
export { DiscordNotifier } from './discord-notifier.js';
export type { DiscordNotifierOptions } from './discord-notifier.js';
export { GuildDirectory, DEFAULT_UPLOAD_LIMIT_BYTES, uploadLimitForPremiumTier } from './guild-directory.js';
export type { GuildFacts } from './guild-directory.js';
export { createDiscordRest, DEFAULT_DISCORD_API } from './rest-client.js';
export type { RestClientOptions } from './rest-client.js';
export { classifyDiscordError } from './discord-errors.js';
export type { DiscordFailure, DiscordFailureKind } from './discord-errors.js';
