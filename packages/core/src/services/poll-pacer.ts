/**
 * Shares one process's Vertex poll budget (`VERTEX_POLLS_PER_MINUTE`) among the requests it is
 * polling. Each poller says how soon it would like to ask again; when together they would ask
 * more often than the budget allows, the budget is water-filled: the shortest waits are raised
 * to one common level, just enough for the total to fit, and waits already longer than that
 * level (a video that cannot be ready yet, one deep in the tail) are left alone. The budget is
 * used rather than exceeded (the quota gate would otherwise queue the excess, and dense polls
 * would wait behind sparse ones). Several instances share the budget through the quota
 * gate itself, which makes a poll wait instead of drawing a 429.
 */
export class PollPacer {
  private readonly wants = new Map<string, number>();

  /**
   * @param pollsPerMinute - the budget (Infinity: no pacing beyond the quota gate).
   * @param headroom - the part of the budget planned for (the rest absorbs retries and timing).
   */
  constructor(
    private readonly pollsPerMinute: number,
    private readonly headroom = 0.9,
  ) {}

  /** The wait for `id`, which would like to wait `wantMs`. */
  pace(id: string, wantMs: number): number {
    const want = Math.max(1, wantMs);
    this.wants.set(id, want);
    if (!Number.isFinite(this.pollsPerMinute)) return want;
    return Math.round(Math.max(want, this.level()));
  }

  /** The shortest wait the budget allows now (0: every poller gets what it asks for). */
  private level(): number {
    const budget = this.pollsPerMinute * this.headroom;
    const wants = [...this.wants.values()].sort((a, b) => a - b);
    let rest = wants.reduce((sum, ms) => sum + 60_000 / ms, 0);
    if (rest <= budget) return 0;
    for (let k = 1; k <= wants.length; k++) {
      // Raise the k shortest waits to L: k polls per L, plus the others at their own pace.
      rest -= 60_000 / wants[k - 1]!;
      if (budget - rest <= 0) continue;
      const level = (k * 60_000) / (budget - rest);
      if (k === wants.length || level <= wants[k]!) return level;
    }
    return (wants.length * 60_000) / budget;
  }

  /** `id` stopped polling. */
  done(id: string): void {
    this.wants.delete(id);
  }

  /** Requests polling now. */
  get size(): number {
    return this.wants.size;
  }
}
