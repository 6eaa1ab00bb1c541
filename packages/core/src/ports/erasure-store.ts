/**
 * Cloud Storage objects of a request whose row was deleted (retention) or erased (forget):
 * recorded in the same atomic write as that, deleted by the purge sweep, then dropped.
 */
export interface StoragePurge {
  readonly id: string;
  /** The request the objects belonged to (its own output folder is swept too). */
  readonly requestId: string;
  /** The output folder the row recorded (`gs://bucket/prefix/<id>/`), if any. */
  readonly prefix: string | null;
  /** The video objects the row recorded. */
  readonly uris: readonly string[];
  /**
   * Swept again on every run until then: the request was forgotten while it was rendering, so
   * Google may still write its video after the first sweep. Null: one successful sweep is enough.
   */
  readonly recheckUntil: Date | null;
  /** Sweeps that failed so far (for logs). */
  readonly attempts: number;
}

/** What is stored about one user (what `forget` erases, or a dry run would). */
export interface UserDataCounts {
  /** Request rows (each kept only as an anonymous ledger entry). */
  readonly requests: number;
  /** Of them, pending or generating: cancelled first. */
  readonly inFlight: number;
  /** First-frame images stored with them. */
  readonly images: number;
  /** Video objects the rows recorded (their folders are swept too). */
  readonly videos: number;
  /** Server budgets whose "last changed by" names the user. */
  readonly budgetEdits: number;
}

/** What {@link ErasureStore.forgetUser} did. */
export interface ForgetOutcome {
  readonly counts: UserDataCounts;
  /** Requests that were still pending or generating (now failed, announced, unleased). */
  readonly cancelledIds: readonly string[];
}

/**
 * Where erasure is recorded (Postgres in production; shares its store with the
 * RequestRepository, whose `deleteOlderThan` queues purges the same way).
 *
 * Errors: every method may throw RepositoryUnavailableError when the store cannot be reached.
 */
export interface ErasureStore {
  /** Counts what is stored about `userId`; changes nothing. */
  countUserData(userId: string): Promise<UserDataCounts>;
  /**
   * In one atomic write: every request of `userId` still pending or generating becomes failed,
   * announced (`undeliverable`) and unleased — so every instance's fenced writes, renewals and
   * deliveries refuse it from now on — then every row of the user is stripped of what
   * identifies them (kept as an anonymous ledger entry: guild, model, options, times, cost),
   * their images are deleted, their stored objects are queued for purging (in-flight ones with
   * `recheckUntil`), and budgets they last changed forget who did. Idempotent.
   */
  forgetUser(userId: string, at: Date, recheckUntil: Date): Promise<ForgetOutcome>;
  /** Queued purges with an id after `afterId` (null: from the start), oldest first. */
  queuedPurges(afterId: string | null, limit: number): Promise<StoragePurge[]>;
  /** How many purges are queued. */
  countQueuedPurges(): Promise<number>;
  /** The objects are gone: drops the purge, unless it is to be swept again after `at` (see `recheckUntil`). */
  purgeDone(id: string, at: Date): Promise<void>;
  /** A sweep failed: the purge stays queued for the next run, one more attempt counted. */
  purgeFailed(id: string): Promise<void>;
}
