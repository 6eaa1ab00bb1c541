import { describeError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { CancelSource } from '../domain/cancel.js';

/**
 * Runs `task` every `intervalMs` until stopped (lease renewal, takeover sweeps, daily cleanup).
 * A failing run is logged and the loop goes on.
 */
export class PeriodicTask {
  private readonly cancel = new CancelSource();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly deps: { clock: Clock; logger: Logger },
    readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`${name}: interval must be positive`);
  }

  /** Starts the loop; the first run happens after one interval unless `immediately`. */
  start(immediately = false): void {
    if (this.loop) return;
    this.loop = this.run(immediately);
  }

  async stop(): Promise<void> {
    this.cancel.cancel();
    await this.loop;
  }

  private async run(immediately: boolean): Promise<void> {
    const { clock, logger } = this.deps;
    if (!immediately) await clock.sleep(this.intervalMs, this.cancel.signal);
    while (!this.cancel.signal.cancelled) {
      try {
        await this.task();
      } catch (error) {
        logger.error(`Periodic task failed: ${this.name}`, describeError(error));
      }
      await clock.sleep(this.intervalMs, this.cancel.signal);
    }
  }
}
