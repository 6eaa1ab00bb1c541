import { type CoreProcess, buildProcess } from './process.js';
import { shortId } from './trace.js';
import type { SimProcess, World } from './world.js';

/** How many processes a world may start in all (restarts included), unless none is left. */
const MAX_PROCESSES = 8;
/** SIGTERM grace before the orchestrator sends SIGKILL. */
const STOP_GRACE_MS = 30_000;

/**
 * Starting, stopping and killing processes, and the restart policy: a process that is gone is
 * usually replaced after a while by a new one (new worker id) over the same shared stores, and
 * always when no process would be left.
 */
export class Lifecycle {
  readonly all: CoreProcess[] = [];

  constructor(private readonly world: World) {
    world.onEnd = (proc) => this.afterEnd(proc);
  }

  /** A new process: background loops, then start-up (presence, resume) — as `veo-bot start` does. */
  start(): CoreProcess {
    const { world } = this;
    const proc = buildProcess(world, this.all.length + 1);
    const now = world.time.now;
    const interrupted = world
      .rows()
      .filter((r) => r.status === 'pending' && r.attempts === 0 && (r.leaseOwner === null || !world.presence.isAlive(r.leaseOwner) || (r.leaseUntil?.getTime() ?? 0) <= now))
      .map((r) => r.id);
    world.facts.restarts.push({ instance: proc.name, workerId: proc.workerId, at: now, interrupted });
    this.all.push(proc);
    world.processes.push(proc);
    world.note(proc.name, `START ${proc.workerId}${interrupted.length ? `; interrupted and waiting: ${interrupted.map(shortId).join(',')}` : ''}`);
    proc.core.startBackground({ clock: proc.clock, logger: proc.logger });
    void proc.core.startUp().then((summary) => world.note(proc.name, `startup done: ${summary ? `${summary.status}, ${summary.total} resumed` : 'cancelled'}`));
    return proc;
  }

  /** kill -9. */
  kill(proc: SimProcess): void {
    if (proc.state !== 'dead') this.world.end(proc, 'KILLED (kill -9)');
  }

  /** SIGTERM: graceful shutdown, SIGKILL if it takes longer than the grace period. */
  stop(proc: CoreProcess): void {
    if (proc.state !== 'running') return;
    proc.state = 'stopping';
    this.world.note(proc.name, 'SIGTERM: graceful stop');
    void proc.core.shutdown().then(() => {
      if (proc.state !== 'dead') this.world.end(proc, 'exited after graceful stop');
    });
    this.world.time.schedule(STOP_GRACE_MS, () => {
      if (proc.state !== 'dead') this.world.end(proc, 'SIGKILL: graceful stop took too long');
    });
  }

  private afterEnd(_proc: SimProcess): void {
    const { world } = this;
    const noneLeft = world.live().length === 0;
    if (!noneLeft && (this.all.length >= MAX_PROCESSES || !world.random.chance(0.8))) return;
    world.time.schedule(world.random.int(1, 90) * 1000, () => this.start());
  }
}
