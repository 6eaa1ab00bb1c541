import { ConfigurationError, describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { WorkerPresence } from '../ports/worker-presence.js';
import type { CancelSignal } from '../domain/cancel.js';
import type { ResumeIncompleteRequests, ResumeSummary } from './resume-incomplete-requests.js';

/** Dependencies of {@link StartUp}. */
export interface StartUpDeps {
  readonly resume: ResumeIncompleteRequests;
  readonly presence?: WorkerPresence;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Wait between tries while the database does not answer (default 5 s). */
  readonly retryMs?: number;
  /**
   * Holds new `/veo` work back until the first try is over, so that a command arriving while
   * the process starts does not overtake the interrupted work it is about to resume (a database
   * that does not answer releases it at once: new work then goes on, with synthetic ids).
   */
  readonly holdNewWork?: () => () => void;
  /** This worker announced itself only after the database had failed it (others may still be reconnecting). */
  readonly joinedAfterOutage?: () => void;
  /** Called once this worker is announced (core reads when the presence store last restarted). */
  readonly joined?: () => Promise<void>;
}

/**
 * What a process does once it is connected to the chat platform: prepare the database (the
 * adapter's migrations), announce itself alive, resume interrupted work. A database that is
 * down never blocks the bot (RES-4: log "Failed to query incomplete requests" and carry on):
 * the steps are tried again until they succeed, in the background, while `/veo` keeps working.
 */
export class StartUp {
  constructor(private readonly deps: StartUpDeps) {}

  /**
   * Resolves with the first resume that could read the database, or null when cancelled first.
   * Rejects when preparing the database is refused for good (a {@link ConfigurationError}).
   */
  async execute(options: { prepare?: () => Promise<void>; signal: CancelSignal }): Promise<ResumeSummary | null> {
    const release = this.deps.holdNewWork?.() ?? (() => undefined);
    try {
      return await this.tries(options, options.prepare === undefined, release);
    } finally {
      release();
    }
  }

  private async tries(options: { prepare?: () => Promise<void>; signal: CancelSignal }, alreadyPrepared: boolean, release: () => void): Promise<ResumeSummary | null> {
    const { clock, logger, presence, workerId, resume } = this.deps;
    const retryMs = this.deps.retryMs ?? 5_000;
    let prepared = alreadyPrepared;
    let failed = false;
    while (!options.signal.cancelled) {
      try {
        if (!prepared) {
          await options.prepare?.();
          prepared = true;
        }
        await presence?.join(workerId);
        if (failed) this.deps.joinedAfterOutage?.();
        await this.deps.joined?.();
      } catch (error) {
        // Not an outage but a refusal (e.g. a schema newer than this code): retrying cannot help.
        if (!prepared && error instanceof ConfigurationError) throw error;
        failed = true;
        logger.error(LogEvents.resumeQueryFailed, { stage: prepared ? 'presence' : 'prepare', retry_in_ms: retryMs, ...describeError(error) });
        release();
        await clock.sleep(retryMs, options.signal);
        continue;
      }
      // The resume holds new work itself from here until its rows are queued.
      const summary = await resume.execute({ onHeld: release });
      if (summary.status !== 'query-failed') return summary;
      failed = true;
      release();
      await clock.sleep(retryMs, options.signal);
    }
    return null;
  }
}
