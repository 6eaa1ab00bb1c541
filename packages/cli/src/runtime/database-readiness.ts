/**
 * Schema preparation (create the schema, migrate) without ever blocking the login: the first
 * attempt starts at once in the background and `core.startUp` retries it while the database is
 * down. A fresh database has no tables until an attempt succeeded, so an interaction arriving
 * while an attempt is running waits for that attempt (a few ms when the database answers, at
 * most the connect timeout when it does not) instead of failing on a missing table; once one
 * attempt succeeded nothing waits again. With the database down, the interaction then goes on
 * to core's outage handling (a text-only `/veo` gets a synthetic id).
 */
export class DatabaseReadiness {
  private running: Promise<void> | null = null;
  private prepared = false;
  private firstTaken = false;

  constructor(private readonly prepareOnce: () => Promise<unknown>) {}

  /** Starts the first attempt (not awaited; its failure is left to {@link prepare}'s retries). */
  begin(): void {
    this.attempt().catch(() => undefined);
  }

  /** For `core.startUp(prepare)`: the first call joins the attempt `begin` started, later calls try again. */
  readonly prepare = async (): Promise<void> => {
    if (this.prepared) return;
    if (!this.firstTaken && this.running) {
      this.firstTaken = true;
      return this.running;
    }
    this.firstTaken = true;
    return this.attempt();
  };

  /** Resolves once no attempt is running or one has succeeded; never rejects. */
  async settled(): Promise<void> {
    if (!this.prepared && this.running) await this.running.catch(() => undefined);
  }

  private attempt(): Promise<void> {
    const run = this.prepareOnce().then(() => {
      this.prepared = true;
    });
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }
}
