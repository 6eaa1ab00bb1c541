// Domain
export { VeoBotError, InvalidTransitionError, RequestNotFoundError, RepositoryUnavailableError, ConfigurationError, describeError } from './domain/errors.js';
export { REQUEST_STATUSES, TERMINAL_STATUSES, INCOMPLETE_STATUSES, isTerminal, allowedSources, checkTransition } from './domain/status.js';
export type { RequestStatus, TransitionCheck } from './domain/status.js';
export { VEO_MODELS, DEFAULT_MODEL_ID, findModel } from './domain/models.js';
export type { AspectRatio, Resolution, ModelCapabilities } from './domain/models.js';
export { validateGenerationOptions, MAX_PROMPT_LENGTH, MAX_NEGATIVE_PROMPT_LENGTH } from './domain/generation-options.js';
export type { GenerationParams, RawGenerationOptions, ValidationIssue, ValidationResult, ModelPolicy } from './domain/generation-options.js';
export { newPendingRequest, paramsOf, ageMinutes, promptForLog, interactionUsable, INTERACTION_TOKEN_TTL_MS } from './domain/video-request.js';
export type { VideoRequest, NewVideoRequest, InteractionContext, NotifyOutcome } from './domain/video-request.js';
export { Messages, LogEvents } from './domain/messages.js';
export { emptyCounts, percentile, failureRatePercent, bucketStart } from './domain/stats-math.js';

// Ports
export type { Clock } from './ports/clock.js';
export type { Logger, LogFields } from './ports/logger.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { QuotaGate, QuotaKind } from './ports/quota-gate.js';
export type { VideoGenerator, GeneratorError, GeneratedVideo, StartOutcome, PollOutcome } from './ports/video-generator.js';
export type { VideoStore, StoredVideo } from './ports/video-store.js';
export type { Notifier, DeliveryRoute, ProgressUpdate, DeliverableVideo, CompletedNotice, FailedNotice, DeliveryResult, AccessCheck } from './ports/notifier.js';
export type { RequestRepository, StatusChange, TransitionResult, CreateResult, Lease } from './ports/request-repository.js';
export type { StatusCounts, StatsPeriod, HistoryQuery, HistoryPage, GuildStatsQuery, GuildStats, StatsBucket, Dashboard } from './ports/stats.js';

// Scheduling and quota
export { CancelSource, NEVER_CANCELLED } from './scheduler/cancel.js';
export type { CancelSignal } from './scheduler/cancel.js';
export { InMemoryQuotaGate } from './quota/in-memory-quota-gate.js';
export type { QuotaLimits } from './quota/in-memory-quota-gate.js';

// Use cases
export type { SubmitInput, SubmitResult, RetryInput, RetryResult, RunOutcome } from './use-cases/results.js';
