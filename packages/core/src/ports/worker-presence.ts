/**
 * Which worker processes are alive right now, without trusting anyone's clock.
 *
 * A lease names its owner; when that owner is known to be gone, its rows may be taken over at
 * once instead of after the lease runs out. PostgreSQL: each process holds a session-level
 * advisory lock keyed by its worker id on a dedicated connection; the server drops the lock the
 * moment that connection dies (crash, kill -9, network loss), so "the lock can be taken" means
 * "the owner is gone". Worker ids are never reused, so a gone owner never comes back.
 */
export interface WorkerPresence {
  /**
   * Announces `workerId` alive until {@link leave} or the process dies. Idempotent: calling it
   * again re-announces after a lost connection. Throws RepositoryUnavailableError when the
   * store cannot be reached.
   */
  join(workerId: string): Promise<void>;
  /** Whether this process currently holds its presence (false before join or after a lost connection). */
  isJoined(workerId: string): boolean;
  /** Gives presence up (graceful stop); never throws. */
  leave(workerId: string): Promise<void>;
  /** Of `workerIds`, those alive right now. */
  alive(workerIds: readonly string[]): Promise<Set<string>>;
  /**
   * When the store that keeps presence last started (PostgreSQL: `pg_postmaster_start_time()`).
   * Every presence ends when it restarts, so for a little while after that an absent worker may
   * simply be reconnecting: its rows are not taken over yet. Optional; throws like {@link alive}.
   */
  serverStartedAt?(): Promise<Date>;
}
