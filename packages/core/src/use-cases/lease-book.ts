/**
 * The leases this process last had confirmed by the database, by request id. While the
 * database cannot be asked, it is the only evidence that a row is still ours: a lease that ran
 * out meanwhile (a slow renewal, a suspended process) may already belong to another instance.
 */
export class LeaseBook {
  private readonly until = new Map<string, number>();

  /** The database confirmed (claim, renewal) that `ids` are ours until `until`. */
  confirmed(ids: readonly string[], until: Date): void {
    for (const id of ids) this.until.set(id, until.getTime());
  }

  /** Nothing is left to fence for this row (it was announced). */
  done(id: string): void {
    this.until.delete(id);
  }

  /** The database said the row is no longer ours (another instance took it). */
  lost(id: string): void {
    this.until.set(id, 0);
  }

  /**
   * Whether the last confirmed lease of `id` still runs at `now`; true when none was ever
   * confirmed here (a fresh row created with its lease, or one that has no row yet).
   */
  stillRuns(id: string, now: Date): boolean {
    const until = this.until.get(id);
    return until === undefined || until > now.getTime();
  }
}
