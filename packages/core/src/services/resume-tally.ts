import { LogEvents } from '../domain/messages.js';
import type { Logger } from '../ports/logger.js';
import type { RunOutcome } from '../use-cases/results.js';

/** What happened to the requests of one resume run. */
export type ResumeCounts = Readonly<Record<RunOutcome | 'notified', number>>;

/**
 * The outcomes of a resume run that is read a page at a time: counted as they come (nothing
 * per request is kept), progress logged every 5 against the expected total, done once every
 * request added before {@link close} has its outcome.
 */
export class ResumeTally {
  private added = 0;
  private finished = 0;
  private lastLogged = 0;
  private closed = false;
  private readonly counts: Record<RunOutcome | 'notified', number> = { completed: 0, failed: 0, timeout: 0, skipped: 0, notified: 0 };
  private resolveDone: (() => void) | undefined;
  private readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly expected: number, private readonly logger: Logger) {}

  /** Requests added so far. */
  get total(): number {
    return this.added;
  }

  /** One more request's outcome, when it comes. */
  add(outcome: Promise<RunOutcome | 'notified'>): void {
    this.added += 1;
    void outcome.then((o) => {
      this.counts[o] += 1;
      this.finished += 1;
      const total = this.closed ? this.added : Math.max(this.expected, this.added);
      if (this.finished % 5 === 0 || this.finished === total) this.progress(total);
      this.check();
    });
  }

  /** Nothing more will be added; resolves with the counts once every added request is done. */
  async close(): Promise<ResumeCounts> {
    this.closed = true;
    this.check();
    await this.done;
    return { ...this.counts };
  }

  private progress(total: number): void {
    this.lastLogged = this.finished;
    this.logger.info(LogEvents.resumeProgress, { processed: this.finished, total });
  }

  private check(): void {
    if (!this.closed || this.finished < this.added) return;
    if (this.added > 0 && this.lastLogged !== this.finished) this.progress(this.added);
    this.resolveDone?.();
  }
}
