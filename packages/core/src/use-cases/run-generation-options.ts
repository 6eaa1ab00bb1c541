import { DEFAULT_POLL_SCHEDULE } from '../domain/poll-schedule.js';
import type { RequestImages } from '../domain/request-images.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { QuotaGate } from '../ports/quota-gate.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { VideoGenerator } from '../ports/video-generator.js';
import type { VideoStore } from '../ports/video-store.js';
import type { DeliveryOptions } from '../services/notification-delivery.js';
import type { LeaseBook } from '../services/lease-book.js';
import type { ReadyEstimates } from '../services/ready-estimates.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';

/** Timing of one generation. */
export interface GenerationOptions {
  /** First wait between polls without history; grows ×1.5 up to `maxPollIntervalMs` (the longest wait anywhere). */
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** Poll by the model's recent generation times (see {@link nextPollDelay}); false: the fixed schedule only. */
  readonly pollByHistory: boolean;
  /** The wait inside the window where the model's videos usually finish. */
  readonly densePollMs: number;
  /** This process's poll budget per minute, shared by every request it polls (Infinity: the quota gate alone). */
  readonly pollsPerMinute: number;
  /** Give up polling after this long (TRK-5: 5 minutes). */
  readonly generationTimeoutMs: number;
  /** Starts refused with 429 / 5xx are retried this many times. */
  readonly maxStartAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** The scheduler's cap per request, used in the timeout message (RES-13: 10 minutes). */
  readonly taskTimeoutMs: number;
}

/** Defaults: poll by history (3 s where videos finish; 10 s ×1.5 → 30 s without history), 5-minute generation timeout, 6 start attempts. */
export const DEFAULT_GENERATION_OPTIONS: GenerationOptions = {
  pollIntervalMs: DEFAULT_POLL_SCHEDULE.firstMs,
  maxPollIntervalMs: DEFAULT_POLL_SCHEDULE.maxMs,
  pollByHistory: true,
  densePollMs: DEFAULT_POLL_SCHEDULE.denseMs,
  pollsPerMinute: Number.POSITIVE_INFINITY,
  generationTimeoutMs: 5 * 60_000,
  maxStartAttempts: 6,
  backoffBaseMs: 2_000,
  backoffMaxMs: 60_000,
  taskTimeoutMs: 10 * 60_000,
};

/** Dependencies of {@link RunGeneration}. */
export interface RunGenerationDeps {
  readonly repo: RequestRepository;
  readonly generator: VideoGenerator;
  readonly store: VideoStore;
  readonly notifier: Notifier;
  readonly quota: QuotaGate;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: Partial<GenerationOptions>;
  readonly deliveryOptions?: Partial<DeliveryOptions>;
  /** Where states that could not be written during an outage wait for reconcile. */
  readonly unstored?: UnstoredWrites;
  /** ETAs for the "generating" status (time left, from the model's recent history). */
  readonly estimates?: ReadyEstimates;
  /** This process's worker id: a start is only made while the row is still leased to it. */
  readonly workerId?: string;
  /** Lease length, for the delivery fence. */
  readonly leaseMs?: number;
  /** Leases the database confirmed (the delivery fence while it is down). */
  readonly leases?: LeaseBook;
}

/** How a request is being run. */
export interface RunInput {
  readonly request: VideoRequest;
  /** Picked up again after a restart (changes wording: "Resumed after bot restart"). */
  readonly resumed: boolean;
  /** False when the request has no row yet (accepted while the database was down). */
  readonly persisted?: boolean;
  /**
   * The images (first and last frame, reference images), when the caller has them at hand (a new
   * submit, a retry): null = none. Absent (resume, takeover): they are read from the repository before the start.
   */
  readonly images?: RequestImages | null;
}
