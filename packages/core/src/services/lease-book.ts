/**
 * Taken right before asking the database for a lease: which presence of this process the
 * answer belongs to, or null when this process does not hold its presence at that moment.
 */
export type LeaseStamp = number | null;

/**
 * The leases this process last had confirmed by the database, by request id. While the
 * database cannot be asked, it is the only evidence that a row is still ours: a lease that ran
 * out meanwhile (a slow renewal, a suspended process) may already belong to another instance.
 *
 * A lease only fences while its owner's presence stands: the moment presence is lost, other
 * instances may take the owner's rows over whatever the lease time says. So a confirmation
 * counts only if this process held its presence when it asked and has not re-announced since
 * (seed 5529: a row backfilled while presence was lost, taken over, announced twice).
 */
export class LeaseBook {
  private readonly until = new Map<string, number>();
  private generation = 0;

  /** @param held whether this process holds its presence right now; none: always (no presence). */
  constructor(private readonly held: () => boolean = () => true) {}

  /** Take before the database call whose answer is passed to {@link confirmed}. */
  stamp(): LeaseStamp {
    return this.held() ? this.generation : null;
  }

  /**
   * Presence was announced again after it had been lost: every lease confirmed before may have
   * been taken over in between, so none of them fences any more.
   */
  rejoined(): void {
    this.generation += 1;
    for (const id of this.until.keys()) this.until.set(id, 0);
  }

  /** Whether an answer asked for at `stamp` fences anything: this process held its presence then, and still holds that one. */
  fences(stamp: LeaseStamp): boolean {
    return stamp !== null && stamp === this.generation && this.held();
  }

  /**
   * The database confirmed (claim, renewal, create) that `ids` are ours until `until`, asked
   * at `stamp`. Asked without presence, or under an earlier one, it fences nothing.
   */
  confirmed(ids: readonly string[], until: Date, stamp: LeaseStamp): void {
    const counts = stamp !== null && stamp === this.generation;
    for (const id of ids) this.until.set(id, counts ? until.getTime() : 0);
  }

  /**
   * The database answered with the row of `id` as it stands, asked at `stamp`: it fences for
   * this process only while leased to `owner`.
   */
  observed(id: string, row: { leaseOwner: string | null; leaseUntil: Date | null }, owner: string | undefined, stamp: LeaseStamp): void {
    if (owner !== undefined && row.leaseOwner === owner && row.leaseUntil) this.confirmed([id], row.leaseUntil, stamp);
    else this.lost(id);
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
   * Whether the last confirmed lease of `id` still runs at `now`; true when the database never
   * confirmed one here (a request accepted while the database was down has no row to take over).
   */
  stillRuns(id: string, now: Date): boolean {
    const until = this.until.get(id);
    return until === undefined || until > now.getTime();
  }
}
