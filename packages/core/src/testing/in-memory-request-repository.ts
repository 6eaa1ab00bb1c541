import { defaultFinalCost } from '../domain/budget.js';
import { RepositoryUnavailableError, RequestNotFoundError } from '../domain/errors.js';
import { INCOMPLETE_STATUSES, allowedSources, isTerminal } from '../domain/status.js';
import type { SourceImage } from '../domain/source-image.js';
import { NO_IMAGES, type RequestImages, firstFrameOnly, hasImages, imageCount } from '../domain/request-images.js';
import type { NotifyOutcome, VideoRequest } from '../domain/video-request.js';
import type { CancelResult, CreateResult, Lease, RequestRepository, StatusChange, TransitionResult } from '../ports/request-repository.js';
import type { Dashboard, GuildStats, GuildStatsQuery, HistoryPage, HistoryQuery } from '../ports/stats.js';
import type { InMemoryWorkerPresence } from './in-memory-worker-presence.js';
import { InMemoryPurgeQueue } from './in-memory-purge-queue.js';
import { dashboardOf, guildStatsOf } from './in-memory-stats.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const copyImage = (image: SourceImage): SourceImage => ({ ...image, bytes: image.bytes.slice() });
const copyImages = (i: RequestImages): RequestImages => ({ first: i.first && copyImage(i.first), last: i.last && copyImage(i.last), references: i.references.map(copyImage) });

/**
 * RequestRepository kept in a Map, with the same guarantees as the Postgres adapter
 * (checked by the same contract suite). `available = false` simulates a database outage.
 */
export class InMemoryRequestRepository implements RequestRepository {
  private readonly rows = new Map<string, Mutable<VideoRequest>>();
  /** Images by request id, each in its role (the `request_images` and `request_extra_images` side tables). */
  private readonly images = new Map<string, RequestImages>();
  /** When false, every call throws RepositoryUnavailableError. */
  available = true;
  /** Calls made, by method name (to assert e.g. that a dry run wrote nothing). */
  readonly calls: string[] = [];
  /** Storage objects of deleted or erased rows, waiting for the purge sweep (`storage_purges`). */
  readonly purges = new InMemoryPurgeQueue();

  /** With `presence`, rows leased to a worker that is not alive are free to claim (as in Postgres). */
  constructor(private readonly options: { presence?: InMemoryWorkerPresence } = {}) {}

  private guard(method: string): void {
    this.calls.push(method);
    if (!this.available) throw new RepositoryUnavailableError(`In-memory repository is offline (${method})`);
  }

  private copy(row: VideoRequest): VideoRequest {
    return { ...row, videoUrls: [...row.videoUrls], interaction: row.interaction ? { ...row.interaction } : null };
  }

  /** Every stored row (copies), for assertions. */
  all(): VideoRequest[] {
    return [...this.rows.values()].map((r) => this.copy(r));
  }

  /** Stores a row as-is (test set-up: e.g. a request left behind by a crashed process), with its image (a first frame) or images. */
  seed(row: VideoRequest, images?: SourceImage | RequestImages): void {
    this.rows.set(row.id, { ...this.copy(row) });
    const all = images && 'bytes' in images ? firstFrameOnly(images) : images;
    if (hasImages(all)) this.images.set(row.id, copyImages(all));
  }

  /** How many images are stored, over every request and role (to show none is orphaned). */
  imageCount(): number {
    return [...this.images.values()].reduce((n, i) => n + imageCount(i), 0);
  }

  /** How many images the request has stored (every role). */
  imageCountOf(id: string): number {
    const images = this.images.get(id);
    return images ? imageCount(images) : 0;
  }

  /** Deletes a request's image (the erasure store's side of `request_images`); true if there was one. */
  dropImage(id: string): boolean {
    return this.images.delete(id);
  }

  async create(request: VideoRequest, images?: RequestImages): Promise<CreateResult> {
    this.guard('create');
    const existing = this.rows.get(request.id);
    if (existing) return { created: false, conflict: 'id', request: this.copy(existing) };
    if (request.retryOf) {
      const retry = [...this.rows.values()].find((r) => r.retryOf === request.retryOf);
      if (retry) return { created: false, conflict: 'retry_of', request: this.copy(retry) };
    }
    this.rows.set(request.id, { ...this.copy(request) });
    if (hasImages(images)) this.images.set(request.id, copyImages(images));
    return { created: true, request: this.copy(request) };
  }

  async findImages(id: string): Promise<RequestImages> {
    this.guard('findImages');
    const images = this.images.get(id);
    return images ? copyImages(images) : NO_IMAGES;
  }

  async recentCompletionDurations(model: string, limit: number): Promise<number[]> {
    this.guard('recentCompletionDurations');
    return [...this.rows.values()]
      .filter((r) => r.status === 'completed' && r.model === model && r.durationMs !== null && r.completedAt !== null)
      .sort((a, b) => (b.completedAt as Date).getTime() - (a.completedAt as Date).getTime())
      .slice(0, limit)
      .map((r) => r.durationMs as number);
  }

  async get(id: string): Promise<VideoRequest | null> {
    this.guard('get');
    const row = this.rows.get(id);
    return row ? this.copy(row) : null;
  }

  async transition(id: string, change: StatusChange): Promise<TransitionResult> {
    this.guard('transition');
    const row = this.rows.get(id);
    if (!row) throw new RequestNotFoundError(id);
    if (row.status === change.to) {
      if (isTerminal(row.status) && row.completedAt === null) row.completedAt = change.at;
      return { outcome: 'already', applied: false, request: this.copy(row) };
    }
    if (!allowedSources(change.to).includes(row.status)) return { outcome: 'refused', applied: false, request: this.copy(row) };
    row.status = change.to;
    row.updatedAt = change.at;
    if (change.to === 'generating') {
      row.startedAt = change.at;
      row.operationName = change.operationName ?? row.operationName;
      row.gcsPrefix = change.gcsPrefix ?? row.gcsPrefix;
    }
    if (isTerminal(change.to)) {
      row.completedAt = change.at;
      row.durationMs = row.startedAt ? change.at.getTime() - row.startedAt.getTime() : null;
      if (change.videoUrls) row.videoUrls = [...change.videoUrls];
      if (change.errorMessage !== undefined) row.errorMessage = change.errorMessage;
      row.finalCostUsd = change.finalCostUsd ?? defaultFinalCost(row, change.to);
    }
    return { outcome: 'applied', applied: true, request: this.copy(row) };
  }

  async recordStartAttempt(id: string, at: Date, owner?: string, expected?: number): Promise<boolean> {
    this.guard('recordStartAttempt');
    const row = this.rows.get(id);
    if (!row) throw new RequestNotFoundError(id);
    if (row.status !== 'pending') return false;
    if (owner !== undefined && row.leaseOwner !== owner) return false;
    if (expected !== undefined && row.attempts === expected + 1) return true;
    row.attempts += 1;
    row.updatedAt = at;
    return true;
  }

  async cancel(id: string, at: Date): Promise<CancelResult> {
    this.guard('cancel');
    const row = this.rows.get(id);
    if (!row) return { cancelled: false, request: null };
    if (row.status !== 'pending' || row.attempts !== 0) return { cancelled: false, request: this.copy(row) };
    Object.assign(row, { status: 'cancelled', completedAt: at, updatedAt: at, finalCostUsd: 0, notifiedAt: at, notifyOutcome: 'delivered', leaseOwner: null, leaseUntil: null });
    return { cancelled: true, request: this.copy(row) };
  }

  async recordStartRefused(id: string, at: Date): Promise<void> {
    this.guard('recordStartRefused');
    const row = this.rows.get(id);
    if (!row || row.status !== 'pending' || row.attempts === 0) return;
    row.attempts -= 1;
    row.updatedAt = at;
  }

  private sorted(filter: (r: VideoRequest) => boolean, limit?: number): VideoRequest[] {
    const rows = [...this.rows.values()].filter(filter).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return rows.slice(0, limit ?? rows.length).map((r) => this.copy(r));
  }

  async findIncomplete(limit?: number): Promise<VideoRequest[]> {
    this.guard('findIncomplete');
    return this.sorted((r) => INCOMPLETE_STATUSES.includes(r.status), limit);
  }

  async findUnnotified(limit?: number): Promise<VideoRequest[]> {
    this.guard('findUnnotified');
    return this.sorted((r) => isTerminal(r.status) && r.notifiedAt === null, limit);
  }

  private free(row: VideoRequest, lease: Pick<Lease, 'owner' | 'now'>): boolean {
    if (row.leaseOwner === null || row.leaseOwner === lease.owner || row.leaseUntil === null || row.leaseUntil <= lease.now) return true;
    return this.options.presence !== undefined && !this.options.presence.isAlive(row.leaseOwner);
  }

  async findClaimable(owner: string, now: Date, limit?: number): Promise<VideoRequest[]> {
    this.guard('findClaimable');
    return this.claimable(owner, now, limit);
  }

  private claimable(owner: string, now: Date, limit?: number): VideoRequest[] {
    const open = (r: VideoRequest) => INCOMPLETE_STATUSES.includes(r.status) || (isTerminal(r.status) && r.notifiedAt === null);
    const ownLive = (r: VideoRequest) => r.leaseOwner === owner && r.leaseUntil !== null && r.leaseUntil > now;
    return this.sorted((r) => open(r) && !ownLive(r) && this.free(r, { owner, now }), limit);
  }

  async claim(ids: readonly string[], lease: Lease): Promise<VideoRequest[]> {
    this.guard('claim');
    return this.lease(ids, lease);
  }

  private lease(ids: readonly string[], lease: Lease): VideoRequest[] {
    const claimed: VideoRequest[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row || !this.free(row, lease)) continue;
      row.leaseOwner = lease.owner;
      row.leaseUntil = lease.until;
      claimed.push(this.copy(row));
    }
    return claimed;
  }

  async claimNext(lease: Lease, limit: number): Promise<VideoRequest[]> {
    this.guard('claimNext');
    return this.lease(this.claimable(lease.owner, lease.now, limit).map((r) => r.id), lease);
  }

  async renewLease(id: string, lease: Lease): Promise<boolean> {
    this.guard('renewLease');
    const row = this.rows.get(id);
    if (!row || row.leaseOwner !== lease.owner) return false;
    row.leaseUntil = lease.until;
    return true;
  }

  async renewLeases(ids: readonly string[], lease: Lease): Promise<string[]> {
    this.guard('renewLeases');
    return ids.filter((id) => {
      const row = this.rows.get(id);
      if (!row || row.leaseOwner !== lease.owner) return false;
      row.leaseUntil = lease.until;
      return true;
    });
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    this.guard('releaseLease');
    const row = this.rows.get(id);
    if (row && row.leaseOwner === owner) {
      row.leaseOwner = null;
      row.leaseUntil = null;
    }
  }

  async releaseLeases(owner: string): Promise<number> {
    this.guard('releaseLeases');
    let released = 0;
    for (const row of this.rows.values()) {
      if (row.leaseOwner !== owner) continue;
      row.leaseOwner = null;
      row.leaseUntil = null;
      released += 1;
    }
    return released;
  }

  async markNotified(id: string, at: Date, outcome: NotifyOutcome): Promise<boolean> {
    this.guard('markNotified');
    const row = this.rows.get(id);
    if (!row || row.notifiedAt !== null || !isTerminal(row.status)) return false;
    row.notifiedAt = at;
    row.notifyOutcome = outcome;
    row.leaseOwner = null;
    row.leaseUntil = null;
    return true;
  }

  async countRecentByUser(userId: string, since: Date, guildId?: string): Promise<{ count: number; oldest: Date | null }> {
    this.guard('countRecentByUser');
    const here = (r: VideoRequest) => guildId === undefined || r.guildId === guildId;
    const rows = this.sorted((r) => r.userId === userId && here(r) && r.createdAt >= since && r.status !== 'failed' && r.status !== 'timeout' && r.status !== 'cancelled');
    return { count: rows.length, oldest: rows[0]?.createdAt ?? null };
  }

  async findRetryOf(id: string): Promise<VideoRequest | null> {
    this.guard('findRetryOf');
    const row = [...this.rows.values()].find((r) => r.retryOf === id);
    return row ? this.copy(row) : null;
  }

  async userHistory(query: HistoryQuery): Promise<HistoryPage> {
    this.guard('userHistory');
    const rows = this.sorted((r) => r.userId === query.userId && (!query.status || r.status === query.status)).reverse();
    return { items: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
  }

  async guildStats(query: GuildStatsQuery): Promise<GuildStats> {
    this.guard('guildStats');
    return guildStatsOf(this.sorted(() => true), query);
  }

  async dashboard(since: Date): Promise<Dashboard> {
    this.guard('dashboard');
    return dashboardOf(this.sorted(() => true), since);
  }

  async deleteOlderThan(cutoff: Date, batchSize: number): Promise<number> {
    this.guard('deleteOlderThan');
    const victims = this.sorted((r) => isTerminal(r.status) && r.createdAt < cutoff, batchSize);
    for (const v of victims) {
      this.rows.delete(v.id);
      this.images.delete(v.id);
      this.purges.queue(v, null);
    }
    return victims.length;
  }

  async countOlderThan(cutoff: Date): Promise<number> {
    this.guard('countOlderThan');
    return this.sorted((r) => isTerminal(r.status) && r.createdAt < cutoff).length;
  }
}
