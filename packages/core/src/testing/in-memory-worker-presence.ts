import { RepositoryUnavailableError } from '../domain/errors.js';
import type { WorkerPresence } from '../ports/worker-presence.js';

/**
 * WorkerPresence in memory, shared by every simulated process of one world (like one
 * PostgreSQL server). `drop` is what the server does when a process dies: its presence ends
 * at once. `available = false` simulates the database being unreachable.
 */
export class InMemoryWorkerPresence implements WorkerPresence {
  private readonly present = new Set<string>();
  /** When false, join/alive throw RepositoryUnavailableError. */
  available = true;
  private started = new Date(0);

  /** The "server" restarted at `at` (after an outage): every presence ended. */
  restarted(at: Date): void {
    this.started = at;
    this.present.clear();
  }

  async serverStartedAt(): Promise<Date> {
    if (!this.available) throw new RepositoryUnavailableError('In-memory presence is offline (serverStartedAt)');
    return this.started;
  }

  async join(workerId: string): Promise<void> {
    if (!this.available) throw new RepositoryUnavailableError('In-memory presence is offline (join)');
    this.present.add(workerId);
  }

  isJoined(workerId: string): boolean {
    return this.present.has(workerId);
  }

  async leave(workerId: string): Promise<void> {
    this.present.delete(workerId);
  }

  async alive(workerIds: readonly string[]): Promise<Set<string>> {
    if (!this.available) throw new RepositoryUnavailableError('In-memory presence is offline (alive)');
    return new Set(workerIds.filter((id) => this.present.has(id)));
  }

  /** The process died: the server notices its connection closed and its presence ends. */
  drop(workerId: string): void {
    this.present.delete(workerId);
  }

  /** Synchronous check for the in-memory repository (same "server"). */
  isAlive(workerId: string): boolean {
    return this.present.has(workerId);
  }
}
