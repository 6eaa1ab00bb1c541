import { RepositoryUnavailableError } from '../domain/errors.js';
import { forgottenRequest } from '../domain/erasure.js';
import { isTerminal } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { ErasureStore, ForgetOutcome, StoragePurge, UserDataCounts } from '../ports/erasure-store.js';
import type { InMemoryBudgetLedger } from './in-memory-budget-ledger.js';
import type { InMemoryRequestRepository } from './in-memory-request-repository.js';

/**
 * ErasureStore over an {@link InMemoryRequestRepository}'s rows, images and purge queue (and,
 * when given, an {@link InMemoryBudgetLedger}'s budgets). Each call runs without yielding, which is
 * what the Postgres transaction gives.
 */
export class InMemoryErasureStore implements ErasureStore {
  constructor(
    private readonly repo: InMemoryRequestRepository,
    private readonly ledger?: InMemoryBudgetLedger,
  ) {}

  private guard(method: string): void {
    this.repo.calls.push(`erasure.${method}`);
    if (!this.repo.available) throw new RepositoryUnavailableError(`In-memory erasure store is offline (${method})`);
  }

  private rowsOf(userId: string): VideoRequest[] {
    return this.repo.all().filter((r) => r.userId === userId && userId !== '');
  }

  async countUserData(userId: string): Promise<UserDataCounts> {
    this.guard('countUserData');
    return this.counts(userId);
  }

  private counts(userId: string): UserDataCounts {
    const rows = this.rowsOf(userId);
    const images = rows.reduce((n, r) => n + this.repo.imageCountOf(r.id), 0);
    return {
      requests: rows.length,
      inFlight: rows.filter((r) => !isTerminal(r.status)).length,
      images,
      videos: rows.reduce((n, r) => n + r.videoUrls.length, 0),
      budgetEdits: this.ledger?.countEditsBy(userId) ?? 0,
    };
  }

  async forgetUser(userId: string, at: Date, recheckUntil: Date): Promise<ForgetOutcome> {
    this.guard('forgetUser');
    const counts = this.counts(userId);
    const cancelledIds: string[] = [];
    for (const row of this.rowsOf(userId)) {
      const inFlight = !isTerminal(row.status);
      if (inFlight) cancelledIds.push(row.id);
      this.repo.purges.queue(row, inFlight ? recheckUntil : null);
      this.repo.dropImage(row.id);
      this.repo.seed(forgottenRequest(row, at));
    }
    this.ledger?.forgetEditor(userId);
    return { counts, cancelledIds };
  }

  async queuedPurges(afterId: string | null, limit: number): Promise<StoragePurge[]> {
    this.guard('queuedPurges');
    return this.repo.purges.list(afterId, limit);
  }

  async countQueuedPurges(): Promise<number> {
    this.guard('countQueuedPurges');
    return this.repo.purges.count();
  }

  async purgeDone(id: string, at: Date): Promise<void> {
    this.guard('purgeDone');
    this.repo.purges.done(id, at);
  }

  async purgeFailed(id: string): Promise<void> {
    this.guard('purgeFailed');
    this.repo.purges.failed(id);
  }
}
