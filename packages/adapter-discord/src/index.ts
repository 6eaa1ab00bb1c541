// Runtime
export { DiscordBot } from './discord-bot.js';
export type { DiscordBotOptions } from './discord-bot.js';
export type { VeoHandlers, HandlerDeps } from './veo-handlers.js';
export { registerCommands } from './register-commands.js';
export type { RegisterCommandsOptions, RegisterCommandsResult } from './register-commands.js';
export { buildVeoCommand, readVeoOptions, VEO_COMMAND_NAME } from './veo-command.js';
export { handleVeoCommand, invalidOptionsText, rateLimitedText, interactionContext } from './veo-command-handler.js';
export { handleRetryButton } from './retry-button-handler.js';
export { replyEphemeral, GENERIC_ERROR } from './interaction-replies.js';

// Notifier
export { DiscordNotifier } from './discord-notifier.js';
export type { DiscordNotifierOptions } from './discord-notifier.js';
export { checkChannelAccess } from './channel-access.js';
export { GuildDirectory, DEFAULT_UPLOAD_LIMIT_BYTES, uploadLimitForPremiumTier } from './guild-directory.js';
export type { GuildFacts } from './guild-directory.js';
export { channelPermissions, missingPermissions } from './permissions.js';
export type { Overwrite, PermissionInput } from './permissions.js';
export { completionBody, failureBody, progressText, formatElapsed, retryRow, onlyUser, STATUS_DONE, STATUS_FAILED } from './message-builders.js';
export type { MessageBody } from './message-builders.js';

// Discord details
export { classifyDiscordError, TOKEN_EXPIRED_CODES, UNDELIVERABLE_CODES, TOO_LARGE_CODE } from './discord-errors.js';
export type { DiscordFailure, DiscordFailureKind } from './discord-errors.js';
export { messageNonce, MAX_NONCE_LENGTH } from './nonce.js';
export type { NonceKind } from './nonce.js';
export { retryCustomId, parseRetryCustomId, RETRY_CUSTOM_ID_PREFIX, MAX_CUSTOM_ID_LENGTH } from './custom-ids.js';
export { createDiscordRest, DEFAULT_DISCORD_API } from './rest-client.js';
export type { RestClientOptions } from './rest-client.js';
