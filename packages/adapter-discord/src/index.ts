// Runtime
export { DiscordBot } from './discord-bot.js';
export { botCacheFactory, CACHED_USERS, CACHED_MEMBERS_PER_GUILD } from './client-cache.js';
export { routeVeoInteraction } from './interaction-router.js';
export type { DiscordBotOptions, ShardState } from './discord-bot.js';
export type { VeoHandlers, ForgetSummary, HandlerDeps, HistoryInput, GuildStatsInput, BudgetInput, SetBudgetInput } from './veo-handlers.js';
export { registerCommands, buildCommands } from './register-commands.js';
export type { RegisterCommandsOptions, RegisterCommandsResult, CommandSelection } from './register-commands.js';
export { buildVeoCommand, readVeoOptions, readImageAttachment, VEO_COMMAND_NAME } from './veo-command.js';
export type { VeoCommandOptions } from './veo-command.js';
export { autocompleteChoices, choicesOf, modelChoice, durationChoice, resolutionChoice, isNarrowedOption, NARROWED_OPTIONS, CHOICE_LIMITS } from './veo-choices.js';
export type { NarrowedOption, VeoChoice } from './veo-choices.js';
export { handleVeoAutocomplete, AUTOCOMPLETE_SETTINGS_TIMEOUT_MS } from './veo-autocomplete.js';
export { precheckAttachment, downloadAttachment, imageOverCapMessage } from './image-download.js';
export type { AttachmentInfo, DownloadResult } from './image-download.js';
export { VEO_IMAGE_OPTIONS, IMAGE_NOT_RECEIVED } from './veo-images.js';
export type { VeoImageOption, VeoAttachments, VeoAttachmentRead } from './veo-images.js';
export { handleVeoCommand, handlePromptModal } from './veo-command-handler.js';
export { buildMessageCommand, messageImages, referenceAttachments, referenceModelFor, MESSAGE_COMMAND_NAME } from './message-command.js';
export type { ReferenceModelChoice } from './message-command.js';
export { handleMessageCommand, tooManyImagesText, NO_MESSAGE_IMAGE, MESSAGE_COMMAND_NEEDS_FORMS, MESSAGE_COMMAND_SETTINGS_TIMEOUT_MS } from './message-command-handler.js';
export { readServerSettings } from './server-settings-read.js';
export type { ServerSettingsEvents } from './server-settings-read.js';
export { submitVeo, localIssues } from './veo-submit.js';
export type { VeoSubmitInteraction } from './veo-submit.js';
export { invalidOptionsText, rateLimitedText, budgetRefusalText, interactionContext, askerContext } from './veo-replies.js';
export { promptModal, readPromptFields, PENDING_PROMPT, PROMPT_FIELD, NEGATIVE_PROMPT_FIELD, TEXT_INPUT_MAX_LENGTH, FORM_EXPIRED } from './prompt-modal.js';
export type { PromptModalSpec } from './prompt-modal.js';
export { InMemoryDraftStore, DRAFT_TTL_MS, MAX_DRAFTS } from './draft-store.js';
export type { DraftStore, VeoDraft, InMemoryDraftStoreOptions } from './draft-store.js';
export { followUpRefusalText, replyFollowUp } from './follow-up-reply.js';
export type { FollowUpWords } from './follow-up-reply.js';
export { handleRetryButton } from './retry-button-handler.js';
export { handleAgainButton } from './again-button-handler.js';
export { handleExtendButton, handleExtendModal, EXTEND_CHECK_TIMEOUT_MS } from './extend-handlers.js';
export { replyEphemeral, GENERIC_ERROR, COMMAND_NOT_AVAILABLE, STALE_COMPONENT } from './interaction-replies.js';
export { readOption, rawOption, readAttachmentOption } from './interaction-options.js';
export type { OptionKind, OptionRead, AttachmentRead } from './interaction-options.js';
export { DISCORD_LIMITS, ELLIPSIS, truncate, fitContent, fitEmbed, fitEmbeds, fitMessage, embedsSize } from './text-limits.js';
export { safeFailureBody, safeCompletionBody, SAFE_REASON_LENGTH } from './safe-notices.js';

// History and statistics
export { buildHistoryCommand, readHistoryOptions, HISTORY_COMMAND_NAME, HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE } from './history-command.js';
export { handleHistoryCommand, handleHistoryButton, historyReply, HISTORY_UNAVAILABLE, NOT_YOUR_HISTORY } from './history-handler.js';
export type { HistoryReply } from './history-handler.js';
export { historyView, historyEntry, costText, historyButtons, historyPageCount, emptyHistoryText, isWebLink, cut, STATUS_LABELS } from './history-view.js';
export type { HistoryView } from './history-view.js';
export { buildStatsCommand, readStatsPeriod, STATS_COMMAND_NAME } from './stats-command.js';
export { handleStatsCommand, STATS_UNAVAILABLE, STATS_NOT_ALLOWED, STATS_GUILD_ONLY } from './stats-handler.js';
export { statsEmbed, successRatePercent, CHART_FILE_NAME } from './stats-view.js';
export { renderStatsChart, chartBuckets, niceStep, CHART_WIDTH, CHART_HEIGHT, STATUS_COLORS } from './stats-chart.js';
export { loadChartCanvas, CHART_FONT_FAMILY } from './chart-font.js';
export { niceUsdStep, SPEND_COLOR } from './stats-chart-spend.js';

// Budgets
export { buildBudgetCommand, readBudgetSetOptions, budgetChanges, BUDGET_COMMAND_NAME, RESET_CHOICES } from './budget-command.js';
export type { BudgetSetOptions, CapChanges } from './budget-command.js';
export { buildSettingsCommand, readSettingsRequest, settingsEdit, SETTINGS_COMMAND_NAME } from './settings-command.js';
export type { SettingsRequest } from './settings-command.js';
export { settingsEmbed } from './settings-view.js';
export { handleSettingsCommand, SETTINGS_NOT_ALLOWED, SETTINGS_GUILD_ONLY } from './settings-handler.js';
export { handleBudgetCommand, BUDGET_UNAVAILABLE, BUDGET_NOT_ALLOWED, BUDGET_GUILD_ONLY } from './budget-handler.js';
export { budgetEmbed } from './budget-view.js';

// Erasure
export { buildForgetCommand, FORGET_COMMAND_NAME, FORGET_CONFIRM_TTL_MS } from './forget-command.js';
export { handleForgetCommand, handleForgetButton, FORGET_UNAVAILABLE, NOT_YOUR_ERASURE, FORGET_EXPIRED, NOTHING_STORED } from './forget-handler.js';

// Notifier
export { DiscordNotifier } from './discord-notifier.js';
export type { DiscordNotifierOptions } from './discord-notifier.js';
export { checkChannelAccess } from './channel-access.js';
export { GuildDirectory, DEFAULT_UPLOAD_LIMIT_BYTES, uploadLimitForPremiumTier } from './guild-directory.js';
export type { GuildFacts } from './guild-directory.js';
export { channelPermissions, missingPermissions } from './permissions.js';
export type { Overwrite, PermissionInput } from './permissions.js';
export { completionBody, failureBody, failureText, requestFooter, progressText, etaText, formatApprox, formatElapsed, retryRow, againRow, hasButton, onlyUser, STATUS_DONE, STATUS_FAILED } from './message-builders.js';
export type { MessageBody } from './message-builders.js';

// Discord details
export { classifyDiscordError, TOKEN_EXPIRED_CODES, UNDELIVERABLE_CODES, TOO_LARGE_CODE, PAYLOAD_REFUSED_CODES } from './discord-errors.js';
export type { DiscordFailure, DiscordFailureKind } from './discord-errors.js';
export { messageNonce, MAX_NONCE_LENGTH } from './nonce.js';
export type { NonceKind } from './nonce.js';
export { extendCustomId, parseExtendCustomId, extendModalCustomId, parseExtendModalCustomId, promptModalCustomId, parsePromptModalCustomId, EXTEND_CUSTOM_ID_PREFIX, EXTEND_MODAL_CUSTOM_ID_PREFIX, PROMPT_MODAL_CUSTOM_ID_PREFIX } from './custom-ids.js';
export { retryCustomId, parseRetryCustomId, isRequestId, VEO_CUSTOM_ID_PREFIX, againCustomId, parseAgainCustomId, AGAIN_CUSTOM_ID_PREFIX, historyCustomId, parseHistoryCustomId, forgetCustomId, parseForgetCustomId, FORGET_CUSTOM_ID_PREFIX, RETRY_CUSTOM_ID_PREFIX, HISTORY_CUSTOM_ID_PREFIX, MAX_CUSTOM_ID_LENGTH } from './custom-ids.js';
export type { HistoryPageState, ForgetConfirmState } from './custom-ids.js';
export { createDiscordRest, DEFAULT_DISCORD_API } from './rest-client.js';
export type { RestClientOptions } from './rest-client.js';
