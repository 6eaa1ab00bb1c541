import { ETA_SAMPLE_SIZE, type Eta, estimateReadyIn } from '../domain/eta.js';
import { describeError } from '../domain/errors.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryRoute, Notifier } from '../ports/notifier.js';
import type { RequestQueries } from '../ports/request-repository.js';

/** What {@link ReadyEstimates} needs. */
export interface ReadyEstimatesDeps {
  readonly repo: RequestQueries;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Requests generated at once (the scheduler's concurrency). */
  readonly concurrency: number;
  /** How long a model's history is reused before it is read again (default 60 s). */
  readonly cacheMs?: number;
}

const UNKNOWN: Eta = { kind: 'unknown' };

/**
 * ETAs from the recent completion times of the same model (read from the repository, cached
 * briefly per model so a busy queue or a poll loop does not query on every update), and the
 * first "queued" status a new request shows.
 */
export class ReadyEstimates {
  private readonly cache = new Map<string, { at: number; samples: number[] }>();

  constructor(private readonly deps: ReadyEstimatesDeps) {}

  /** The ETA of a request of `model` at queue `position` (0: running, `elapsedMs` into it). */
  async estimate(model: string, position: number, elapsedMs = 0): Promise<Eta> {
    const samples = await this.samples(model);
    if (!samples) return UNKNOWN;
    return estimateReadyIn({ samplesMs: samples, position, concurrency: this.deps.concurrency, elapsedMs });
  }

  /** The model's recent generation times (ms; cached like the ETA's); empty when unknown or unreadable. */
  async history(model: string): Promise<readonly number[]> {
    return (await this.samples(model)) ?? [];
  }

  /** Shows a newly queued request's place and ETA on its status message; returns the ETA. Never throws. */
  async announceQueued(request: VideoRequest, position: number, route: DeliveryRoute): Promise<Eta> {
    const eta = await this.estimate(request.model, position);
    try {
      await this.deps.notifier.progress(request, { stage: 'queued', position, route, eta });
    } catch (error) {
      this.deps.logger.warn('Progress update failed', { request_id: request.id, ...describeError(error) });
    }
    return eta;
  }

  private async samples(model: string): Promise<number[] | null> {
    const now = this.deps.clock.now().getTime();
    const cached = this.cache.get(model);
    if (cached && now - cached.at < (this.deps.cacheMs ?? 60_000)) return cached.samples;
    try {
      const samples = await this.deps.repo.recentCompletionDurations(model, ETA_SAMPLE_SIZE);
      this.cache.set(model, { at: now, samples });
      return samples;
    } catch (error) {
      this.deps.logger.debug('No ETA (history unavailable)', { model, ...describeError(error) });
      return null;
    }
  }
}
