/**
 * Why a request may legitimately end failed or timed out, or be charged although nothing was
 * billed. Anything else that fails a request is a violation ("failed for nothing").
 */
export type Excuse =
  /** Vertex refused the input (4xx). */
  | 'rejected'
  /** The operation ended in an error (billed). */
  | 'op-failed'
  /** Safety filters removed the video (not billed). */
  | 'filtered'
  /** The operation vanished (404). */
  | 'expired'
  /** The operation took longer than core's generation timeout. */
  | 'slow'
  /** A start whose outcome nobody can know: its answer was lost, or its process died mid-start. */
  | 'start-in-doubt'
  /** Vertex refused so many starts in a row (429 / 5xx) that core gave up, as designed. */
  | 'vertex-busy'
  /** The channel vanished or the bot lost its permission there. */
  | 'channel'
  /** Time passed that core could not use: a clock jump, a long outage, a very slow call. */
  | 'time';

/** Who asked for a request, by the interaction that asked. */
export interface Asker {
  readonly user: string;
  readonly instance: string;
  readonly at: number;
  readonly kind: 'veo' | 'retry' | 'again';
}

/** One restart: the interrupted rows (pending, never started) a new process found. */
export interface Restart {
  readonly instance: string;
  readonly workerId: string;
  readonly at: number;
  readonly interrupted: readonly string[];
}

/** What the world knows about requests besides the repository: the ground truth for invariants. */
export class WorldFacts {
  readonly excuses = new Map<string, Set<Excuse>>();
  /** By interaction token: every request row carries the token of the interaction that made it. */
  readonly askers = new Map<string, Asker>();
  /** Accepted with a synthetic id (database down), by request id → instance. */
  readonly synthetic = new Map<string, string>();
  /** Vertex start calls per request: by whom and when. */
  readonly starts = new Map<string, { instance: string; at: number }[]>();
  /** Start refusals (429 / 5xx) per request. */
  readonly refusals = new Map<string, number>();
  /** Applied transitions into a terminal status, per request. */
  readonly terminalWrites = new Map<string, number>();
  /** Starts counted (recordStartAttempt) and not yet settled, per process. */
  readonly inFlightStarts = new Map<string, Set<string>>();
  /**
   * Starts Vertex refused with a 429 whose refusal is not stored yet, per process → request →
   * Retry-After. Storing it (recordStartRefused) ends the doubt window; backing off for exactly
   * that Retry-After first means the process chose to wait with the start still counted, and a
   * crash during the wait no longer makes the start "in doubt" (issue 15, hole 3).
   */
  readonly refusedUnstored = new Map<string, Map<string, number>>();
  /** Intervals of lost time (outages, clock jumps, very slow calls). */
  readonly timeFaults: { from: number; to: number }[] = [];
  /** Database outages (for the ordering invariant). */
  readonly outages: { from: number; to: number }[] = [];
  readonly restarts: Restart[] = [];
  /** Cancel clicks per request: who clicked, as a server manager or not, and what they were told. */
  readonly cancels = new Map<string, { user: string; manager: boolean; answer: 'cancelled' | 'already' | 'refused' | 'pending' }[]>();
  /** Violations seen while the world ran (ordering), checked again at the end. */
  readonly live: { requestId: string; invariant: string; detail: string }[] = [];

  excuse(requestId: string, why: Excuse): void {
    const set = this.excuses.get(requestId) ?? new Set<Excuse>();
    set.add(why);
    this.excuses.set(requestId, set);
  }

  has(requestId: string, why: Excuse): boolean {
    return this.excuses.get(requestId)?.has(why) ?? false;
  }

  /** Whether lost time overlaps [from, to]. */
  lostTimeDuring(from: number, to: number): boolean {
    return this.timeFaults.some((f) => f.from <= to && f.to >= from);
  }

  outageDuring(from: number, to: number): boolean {
    return this.outages.some((f) => f.from <= to && f.to >= from);
  }
}
