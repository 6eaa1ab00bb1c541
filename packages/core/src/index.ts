// The public surface of @veo-bot/core: the domain, every port and its types, the use cases and
// their inputs and results, VeoCore, and the scheduler's port. The services the use cases share
// (services/: RequestWriter's helpers, NotificationDelivery, SpendControl, PerUserLimit,
// ReadyEstimates, UnstoredWrites, the resume plan, …) are internal, except the few a composition
// root wires itself (RequestWriter, GuildSettingsCache, GuildRules). Fakes and contract suites:
// `@veo-bot/core/testing`.
// Domain
export { VeoBotError, InvalidTransitionError, RequestNotFoundError, RepositoryUnavailableError, ConfigurationError, describeError } from './domain/errors.js';
export { REQUEST_STATUSES, TERMINAL_STATUSES, INCOMPLETE_STATUSES, isTerminal, allowedSources, checkTransition } from './domain/status.js';
export type { RequestStatus, TransitionCheck } from './domain/status.js';
export { VEO_MODELS, VEO31_EXTENSION, DEFAULT_MODEL_ID, RETIRED_MODELS, MODELS_CHECKED_ON, ASPECT_RATIOS, RESOLUTIONS, findModel, retiredModel, modelLabel, acceptsImage, acceptsLastFrame, maxReferenceImages, VEO31_REFERENCES, IMAGE_INPUTS_CHECKED_ON } from './domain/models.js';
export type { AspectRatio, Resolution, ModelCapabilities, RetiredModel, ExtensionLimits, ReferenceImageLimits } from './domain/models.js';
export { successorModel, followUpParams, retiredModelMessage } from './domain/model-succession.js';
export type { FollowedImages } from './domain/model-succession.js';
export { parseModelCatalog } from './domain/model-catalog.js';
export type { CatalogEntry, ModelCatalog, CatalogResult } from './domain/model-catalog.js';
export { PERSON_GENERATION_VALUES, PERSON_GENERATION_LABELS, GOOGLE_DEFAULT_PERSON_GENERATION, isPersonGeneration, morePermissive, stricterPersonGeneration } from './domain/person-generation.js';
export type { PersonGeneration } from './domain/person-generation.js';
export { validateGenerationOptions, MAX_PROMPT_LENGTH, MAX_NEGATIVE_PROMPT_LENGTH } from './domain/generation-options.js';
export type { GenerationParams, RawGenerationOptions, ValidationIssue, ValidationResult, ModelPolicy } from './domain/generation-options.js';
export { forgottenRequest } from './domain/erasure.js';
export { mayHaveStoredObjects, newPendingRequest, paramsOf, videoSeconds, ageMinutes, promptForLog, interactionUsable, INTERACTION_TOKEN_TTL_MS } from './domain/video-request.js';
export type { VideoRequest, NewVideoRequest, InteractionContext, NotifyOutcome } from './domain/video-request.js';
export { Messages, LogEvents } from './domain/messages.js';
export { IMAGE_MIME_TYPES, readImageHeader } from './domain/image-header.js';
export type { ImageMimeType, ImageHeader } from './domain/image-header.js';
export { DEFAULT_IMAGE_LIMITS, checkSourceImage, isAcceptedImageType, wrongImageTypeMessage, imageTooLargeMessage } from './domain/source-image.js';
export type { SourceImage, ImageLimits, ImageCheck } from './domain/source-image.js';
export { NO_IMAGES, firstFrameOnly, shapeOf, imageCount, hasImages, toRoledImages, fromRoledImages } from './domain/request-images.js';
export type { RequestImages, ImageShape, ImageRole, RoledImage } from './domain/request-images.js';
export { imageInputIssues, acceptsImageShape, describeImageInputs } from './domain/image-inputs.js';
export type { ImageInputIssue, ImageInputContext } from './domain/image-inputs.js';
export { estimateReadyIn, ETA_SAMPLE_SIZE, ETA_MIN_SAMPLES } from './domain/eta.js';
export type { Eta, EtaInput } from './domain/eta.js';
export { nextPollDelay, finishWindow, DEFAULT_POLL_SCHEDULE } from './domain/poll-schedule.js';
export type { PollScheduleOptions, PollStep, FinishWindow } from './domain/poll-schedule.js';
export { emptyCounts, percentile, failureRatePercent, bucketStart } from './domain/stats-math.js';
export { DEFAULT_PRICES, DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_CHECKED_ON, MAX_PRICE_PER_SECOND_USD, estimateCostUsd, pricePerSecond, roundUsd, validatePriceTable, mergePrices } from './domain/pricing.js';
export type { PriceTable, ModelPrice, SecondPrice } from './domain/pricing.js';
export {
  NO_CAPS, ZERO_SPEND, MAX_CAP_USD, hasCaps, validateCaps, effectiveCaps, spendWindows, capStatuses, exceededCap, formatUsd, budgetRefusalMessage,
  defaultFinalCost, spendOf,
} from './domain/budget.js';
export type { BudgetCap, SpendCaps, GuildBudget, SpendWindows, SpendTotals, CapStatus } from './domain/budget.js';

// Ports
export type { Clock } from './ports/clock.js';
export type { Logger, LogFields } from './ports/logger.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { QuotaGate, QuotaKind } from './ports/quota-gate.js';
export type { VideoGenerator, GeneratorError, GeneratedVideo, StartOutcome, PollOutcome } from './ports/video-generator.js';
export type { VideoStore, StoredVideo } from './ports/video-store.js';
export type { Notifier, DeliveryRoute, ProgressUpdate, DeliverableVideo, CompletedNotice, FailedNotice, DeliveryResult, AccessCheck, VisibleFinal, NoticeRoute, Fence } from './ports/notifier.js';
export type { RequestRepository, RequestStore, RequestLeases, RequestQueries, RequestRetention, StatusChange, TransitionResult, CreateResult, CancelResult, Lease } from './ports/request-repository.js';
export type { WorkerPresence } from './ports/worker-presence.js';
export type { BacklogReader, BacklogCursor } from './ports/backlog-reader.js';
export type { ErasureStore, StoragePurge, UserDataCounts, ForgetOutcome } from './ports/erasure-store.js';
export type { BudgetLedger, ReserveResult, SpendScope } from './ports/budget-ledger.js';
export type { StatusCounts, StatsPeriod, HistoryQuery, HistoryPage, GuildStatsQuery, GuildStats, StatsBucket, Dashboard } from './ports/stats.js';

// Scheduling and quota
export { CancelSource, NEVER_CANCELLED } from './domain/cancel.js';
export type { CancelSignal } from './domain/cancel.js';
export { InMemoryQuotaGate } from './quota/in-memory-quota-gate.js';
export type { QuotaLimits } from './quota/in-memory-quota-gate.js';

// Use cases
export type { SubmitInput, SubmitResult, RetryInput, RetryResult, AgainInput, AgainResult, RateLimited, RunOutcome, BudgetRefusal } from './use-cases/results.js';
export { RequestAgain } from './use-cases/request-again.js';
export { CancelRequest, CANCEL_TOO_LATE } from './use-cases/cancel-request.js';
export { ExtendVideo, extensionRefusal } from './use-cases/extend-video.js';
export type { ExtendInput, ExtendCheck, ExtendCheckInput } from './use-cases/extend-video.js';
export type { CancelInput, CancelOutcome } from './use-cases/cancel-request.js';
export type { RequestAgainDeps } from './use-cases/request-again.js';
export { GetBudget, SetGuildBudget } from './use-cases/budget-queries.js';
export type { BudgetView, BudgetDeps, SetGuildBudgetInput } from './use-cases/budget-queries.js';
export { SubmitVideoRequest } from './use-cases/submit-video-request.js';
export type { SubmitVideoRequestDeps } from './use-cases/submit-video-request.js';
export { RetryFailedRequest } from './use-cases/retry-failed-request.js';
export type { RetryFailedRequestDeps } from './use-cases/retry-failed-request.js';
export { RunGeneration, DEFAULT_GENERATION_OPTIONS } from './use-cases/run-generation.js';
export type { RunGenerationDeps, RunInput, GenerationOptions } from './use-cases/run-generation.js';
export { RequestWriter } from './services/request-writer.js';
export { ResumeIncompleteRequests, RESUME_PAGE_SIZE } from './use-cases/resume-incomplete-requests.js';
export type { ResumeDeps, ResumeSummary } from './use-cases/resume-incomplete-requests.js';
export type { ResumePlanItem } from './services/resume-plan.js';
export { KeepLeases } from './use-cases/keep-leases.js';
export { GetUserHistory, GetGuildStats, GetDashboard, defaultRange } from './use-cases/queries.js';
export type { QueryResult } from './use-cases/queries.js';
export { CleanupExpiredRequests } from './use-cases/cleanup-expired-requests.js';
export type { CleanupResult, CleanupDeps } from './use-cases/cleanup-expired-requests.js';
export { PurgeStoredObjects } from './use-cases/purge-stored-objects.js';
export type { PurgeResult, PurgeStoredObjectsDeps } from './use-cases/purge-stored-objects.js';
export { ForgetUser, FORGET_RECHECK_MS } from './use-cases/forget-user.js';
export type { ForgetResult, ForgetUserDeps } from './use-cases/forget-user.js';
export { WorkScheduler, DEFAULT_SCHEDULER_OPTIONS } from './scheduler/work-scheduler.js';
export type { Job, Lane, SchedulerOptions, SchedulerStats } from './scheduler/work-scheduler.js';
export { VeoCore, DEFAULT_CORE_SETTINGS } from './core-app.js';
export type { VeoCoreDeps, VeoCoreSettings } from './core-app.js';
export { defaultGuildSettings, settingsProblems, applySettingsChange, GUILD_SETTINGS_LIMITS } from './domain/guild-settings.js';
export type { GuildSettings, GuildSettingsChange } from './domain/guild-settings.js';
export { allowedChoices } from './domain/allowed-choices.js';
export type { AllowedChoices } from './domain/allowed-choices.js';
export { blockedTerm, foldText, regexProblem, MAX_PATTERN_LENGTH, MAX_PATTERN_QUANTIFIERS } from './domain/prompt-filter.js';
export type { GuildSettingsStore, SettingsAuditEntry } from './ports/guild-settings-store.js';
export type { GuildSettingsSnapshot, SettingsSnapshot } from './ports/guild-settings-snapshot.js';
export { GuildSettingsCache } from './services/guild-settings-cache.js';
export { GuildRules, SETTINGS_UNKNOWN, PROMPT_BLOCKED } from './services/guild-rules.js';
export { GuildSettingsAdmin, SETTINGS_UNAVAILABLE } from './use-cases/guild-settings-admin.js';
export type { SettingsView, ChangeSettingsInput } from './use-cases/guild-settings-admin.js';
