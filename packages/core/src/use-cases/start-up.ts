import { describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { WorkerPresence } from '../ports/worker-presence.js';
import type { CancelSignal } from '../scheduler/cancel.js';
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
}

/**
 * What a process does once it is connected to the chat platform: prepare the database (the
 * adapter's migrations), announce itself alive, resume interrupted work. A database that is
 * down never blocks the bot (seed 000: log "Failed to query incomplete requests" and carry on):
 * the steps are tried again until they succeed, in the background, while `/veo` keeps working.
 */
export class StartUp {
  constructor(private readonly deps: StartUpDeps) {}

  /** Resolves with the first resume that could read the database, or null when cancelled first. */
  async execute(options: { prepare?: () => Promise<void>; signal: CancelSignal }): Promise<ResumeSummary | null> {
    const { clock, logger, presence, workerId, resume } = this.deps;
    const retryMs = this.deps.retryMs ?? 5_000;
    let prepared = options.prepare === undefined;
    while (!options.signal.cancelled) {
      try {
        if (!prepared) {
          await options.prepare?.();
          prepared = true;
        }
        await presence?.join(workerId);
      } catch (error) {
        logger.error(LogEvents.resumeQueryFailed, { stage: prepared ? 'presence' : 'prepare', retry_in_ms: retryMs, ...describeError(error) });
        await clock.sleep(retryMs, options.signal);
        continue;
      }
      const summary = await resume.execute();
      if (summary.status !== 'query-failed') return summary;
      await clock.sleep(retryMs, options.signal);
    }
    return null;
  }
}
