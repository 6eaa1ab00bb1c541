import { InvalidTransitionError, describeError } from '../domain/errors.js';
import { defaultFinalCost } from '../domain/budget.js';
import { isTerminal } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestStore, TransitionResult } from '../ports/request-repository.js';
import type { LeaseBook } from './lease-book.js';

/** How long a backfilled row stays leased to its process (its job is not lease-renewed). */
export const BACKFILL_HOLD_MS = 24 * 60 * 60_000;

/**
 * Whether `next` may take the place of `previous`, a terminal state remembered locally. Like
 * the database's guarded transition, a terminal state is final — with one exception the
 * database never meets, because there the first write wins at once: a video that arrives while
 * the time cap's failure still waits, unannounced, to be written replaces it (the video exists).
 */
export function replaces(next: Pick<VideoRequest, 'status'>, previous: Pick<VideoRequest, 'status' | 'notifiedAt'>): boolean {
  if (next.status === previous.status) return true;
  return next.status === 'completed' && previous.notifiedAt === null;
}

/**
 * Another writer moved the row between the read and this write: the state is kept and tried
 * again by the next reconcile, which reads the row anew (a terminal row then stands).
 */
function postponedIfRefused(result: TransitionResult): void {
  if (result.outcome === 'refused') throw new InvalidTransitionError(result.request.id, result.request.status, 'reconciled state');
}

/**
 * Requests whose latest state could not be written because the database was down (DUR-16:
 * the work goes on, the write is not retried in place). `reconcile()` — run periodically —
 * writes each one's latest known state once the database answers again.
 */
export class UnstoredWrites {
  private readonly latest = new Map<string, VideoRequest>();
  private readonly backfilled = new Set<string>();
  private readonly countedHere = new Set<string>();
  /** Backfills whose create was sent and may have landed: in flight, or failed without saying whether it committed. */
  private readonly mayHaveLanded = new Set<string>();
  private readonly creating = new Set<string>();
  /**
   * Called (not awaited) when a terminal state that nobody announced was stored: failures wait
   * for the database before they are announced (RunGeneration), so this is where they go out.
   */
  announce?: (id: string) => Promise<void>;

  constructor(private readonly deps: { repo: RequestStore; logger: Logger; clock: Clock; workerId?: string; leases?: LeaseBook }) {}

  /**
   * Remembers the newest local state of a request that could not be stored; false when a
   * terminal state already remembered stands (the local equivalent of a lost race).
   */
  remember(request: VideoRequest): boolean {
    const previous = this.latest.get(request.id);
    if (previous && isTerminal(previous.status) && !replaces(request, previous)) return false;
    // Once announced, still announced: a later copy of the same outcome does not undo that.
    const announced = previous?.notifiedAt && previous.status === request.status && !request.notifiedAt ? { notifiedAt: previous.notifiedAt, notifyOutcome: previous.notifyOutcome } : {};
    this.latest.set(request.id, { ...request, ...announced });
    return true;
  }

  /**
   * Whether this process has written the row of a request it accepted without one (a backfill):
   * from then on a start must be counted in the database, never only here.
   */
  hasRow(id: string): boolean {
    return this.backfilled.has(id);
  }

  /** A backfill of `id` was written (by the reconcile, or by a status write that found no row). */
  markBackfilled(id: string): void {
    this.backfilled.add(id);
  }

  /**
   * Whether a row of `id` may exist though this process has not seen it written: a backfill
   * create is in flight, or failed without an answer (it may have committed). A start must then
   * be counted in the database, not only here: the row, pending with no start counted, could be
   * cancelled meanwhile (seed 13142: a start made locally while its backfill had landed, after a
   * Cancel on another instance won — Google billed a cancelled request).
   */
  mayHaveRow(id: string): boolean {
    return this.backfilled.has(id) || this.mayHaveLanded.has(id);
  }

  /** The database said there is no row of `id` (and no backfill of it is in flight): none landed. */
  noRow(id: string): void {
    if (!this.creating.has(id)) this.mayHaveLanded.delete(id);
  }

  /** Start attempts of `id` are being counted in its remembered state, not in the database. */
  markCountedHere(id: string): void {
    this.countedHere.add(id);
  }

  /** The newest state remembered for a request, if its write is still waiting. */
  peek(id: string): VideoRequest | undefined {
    return this.latest.get(id);
  }

  /** Forgets a request whose state was stored after all. */
  forget(id: string): void {
    this.latest.delete(id);
  }

  /** Writes one request's remembered state now if there is one; never throws. */
  async flush(id: string): Promise<void> {
    const request = this.latest.get(id);
    if (!request) return;
    try {
      await this.store(request);
      this.settled(request);
    } catch {
      // Still down: keep it for the next attempt.
    }
  }

  /** Forgets a state once written, unless a newer one was remembered while it was being written. */
  private settled(request: VideoRequest): void {
    if (this.latest.get(request.id) === request) this.latest.delete(request.id);
  }

  get size(): number {
    return this.latest.size;
  }

  /** Writes what it can; returns how many requests were reconciled. */
  async reconcile(): Promise<number> {
    let done = 0;
    for (const request of [...this.latest.values()]) {
      try {
        await this.store(request);
        this.settled(request);
        done += 1;
      } catch (error) {
        this.deps.logger.warn('Reconcile postponed: database still unavailable', { request_id: request.id, pending: this.latest.size, ...describeError(error) });
        return done;
      }
    }
    if (done > 0) this.deps.logger.info('Reconciled requests written while the database was down', { reconciled_count: done });
    return done;
  }

  private async store(request: VideoRequest): Promise<void> {
    const { repo } = this.deps;
    // Backfilled while this process still works on it: held by this worker, or another instance's
    // sweep would start it a second time. If this worker dies, presence frees the row at once.
    const open = !request.notifiedAt && this.deps.workerId !== undefined;
    const held = open ? { leaseOwner: this.deps.workerId as string, leaseUntil: new Date(this.deps.clock.now().getTime() + BACKFILL_HOLD_MS) } : { leaseOwner: null, leaseUntil: null };
    // A terminal state whose cost the database should decide (no explicit cost) gets core's default on a new row.
    const cost = isTerminal(request.status) && request.finalCostUsd === null ? { finalCostUsd: defaultFinalCost(request, request.status) } : {};
    const stamp = this.deps.leases?.stamp() ?? null;
    this.mayHaveLanded.add(request.id);
    this.creating.add(request.id);
    let created: Awaited<ReturnType<RequestStore['create']>>;
    try {
      created = await repo.create({ ...request, ...cost, ...held });
    } finally {
      this.creating.delete(request.id);
    }
    this.deps.leases?.observed(request.id, created.request, this.deps.workerId, stamp);
    if (created.created) {
      this.backfilled.add(request.id);
      if (isTerminal(request.status) && !request.notifiedAt) this.announceLater(request.id);
      return;
    }
    const stored = created.request;
    // Starts counted here while the row could not be written (a backfill raced ahead of them),
    // or taken off again after Google refused them: only this process's own count says so.
    const ours = this.countedHere.has(request.id) && stored.status === 'pending' && stored.leaseOwner === this.deps.workerId;
    const counted = ours && request.status === 'pending';
    // A refusal the time cap could not write (seed 13567): taken off before the timeout, whose cost the count decides.
    const refused = counted || (ours && isTerminal(request.status) && !request.operationName && !request.startedAt);
    for (let n = stored.attempts; counted && n < request.attempts; n++) {
      // Moved on meanwhile (started, finished or cancelled elsewhere): postponed, the next pass reads it anew.
      if (!(await repo.recordStartAttempt(request.id, request.updatedAt))) throw new InvalidTransitionError(request.id, 'pending', 'reconciled state');
    }
    for (let n = stored.attempts; refused && n > request.attempts; n--) await repo.recordStartRefused(request.id, request.updatedAt);
    if (stored.status !== request.status && !isTerminal(stored.status)) {
      if (stored.status === 'pending' && request.status !== 'generating' && (request.operationName || request.startedAt)) {
        postponedIfRefused(await repo.transition(request.id, { to: 'generating', at: request.startedAt ?? request.updatedAt, ...(request.operationName ? { operationName: request.operationName } : {}), ...(request.gcsPrefix ? { gcsPrefix: request.gcsPrefix } : {}) }));
      }
      postponedIfRefused(await repo.transition(request.id, {
        to: request.status,
        at: request.completedAt ?? request.startedAt ?? request.updatedAt,
        ...(request.operationName ? { operationName: request.operationName } : {}),
        ...(request.gcsPrefix ? { gcsPrefix: request.gcsPrefix } : {}),
        ...(request.videoUrls.length ? { videoUrls: request.videoUrls } : {}),
        ...(request.errorMessage ? { errorMessage: request.errorMessage } : {}),
        ...(request.finalCostUsd !== null ? { finalCostUsd: request.finalCostUsd } : {}),
      }));
    }
    if (request.notifiedAt && request.notifyOutcome) await repo.markNotified(request.id, request.notifiedAt, request.notifyOutcome);
    else if (isTerminal(request.status)) this.announceLater(request.id);
  }

  private announceLater(id: string): void {
    if (!this.announce) return;
    this.announce(id).catch((error: unknown) => this.deps.logger.warn('Could not announce a reconciled request', { request_id: id, ...describeError(error) }));
  }
}
