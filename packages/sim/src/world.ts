import { type Clock, type IdGenerator, InMemoryQuotaGate, isTerminal, type VideoRequest } from '@veo-bot/core';
import { InMemoryBudgetLedger, InMemoryRequestRepository, InMemoryWorkerPresence, testUuid } from '@veo-bot/core/testing';
import { WorldFacts } from './facts.js';
import type { CallPlan, Gate, GateWorld } from './gate.js';
import type { Profile } from './profile.js';
import type { SimRandom } from './random.js';
import { SimDiscord } from './sim-discord.js';
import { SimTime } from './sim-time.js';
import { SimVertex } from './sim-vertex.js';
import { Trace, shortId } from './trace.js';

/** A simulated veo-bot process. */
export interface SimProcess {
  readonly name: string;
  readonly workerId: string;
  readonly gate: Gate;
  readonly startedAt: number;
  state: 'running' | 'stopping' | 'dead';
  /** Writes not stored yet because the database was down (core.unstored.size). */
  unstored(): number;
}

/** Options of a world. */
export interface WorldOptions {
  /** A deliberately broken world for the teeth test: 'double-send' (Discord) or 'double-bill' (Vertex adapter). */
  readonly sabotage?: string;
}

/** Sunday 2026-11-22 12:00 UTC, far from midnight so day windows do not roll over. */
export const WORLD_START = Date.UTC(2026, 10, 22, 12, 0, 0);
const NO_PLAN: CallPlan = { preMs: 0, postMs: 0, crash: null, lostAnswer: false };

/**
 * One simulated deployment: the shared database (repository, presence, budget ledger), the
 * shared Vertex quota, Vertex AI, Discord, the processes, the faults and the ground truth.
 * Everything random comes from `random`, everything timed from `time`.
 */
export class World implements GateWorld {
  readonly random: SimRandom;
  readonly time = new SimTime(WORLD_START);
  readonly trace = new Trace(this.time, WORLD_START);
  readonly facts = new WorldFacts();
  readonly presence = new InMemoryWorkerPresence();
  readonly repo = new InMemoryRequestRepository({ presence: this.presence });
  readonly ledger = new InMemoryBudgetLedger(this.repo);
  /** A clock no process owns (the shared quota's waits survive any one process). */
  readonly clock: Clock = { now: () => new Date(this.time.now), sleep: (ms, signal) => this.worldSleep(ms, signal) };
  readonly quota = new InMemoryQuotaGate({ clock: this.clock, limits: { start: 10, poll: 120 } });
  readonly vertex: SimVertex;
  readonly discord: SimDiscord;
  readonly processes: SimProcess[] = [];
  /** One id sequence for the whole world: ids never collide across processes. */
  readonly ids: IdGenerator;
  /** Faults (crashes, outages, long delays, lost answers) stop here so the world can settle. */
  faultsUntil: number;
  callCrashesLeft: number;
  private idCounter = 0;

  constructor(
    readonly seed: number,
    readonly profile: Profile,
    random: SimRandom,
    readonly options: WorldOptions = {},
  ) {
    this.random = random;
    this.faultsUntil = WORLD_START + profile.activityMs;
    this.callCrashesLeft = profile.callCrashes;
    const hooks = { random, now: () => this.time.now, note: (who: string, text: string) => this.trace.add(who, text) };
    this.vertex = new SimVertex({ ...hooks, excuse: (id, why) => this.facts.excuse(id, why), onStart: (id, who) => this.onStart(id, who) }, profile.vertex);
    this.discord = new SimDiscord(hooks, profile.discord, options.sabotage);
    this.ids = { newId: () => testUuid(++this.idCounter) };
  }

  note(who: string, text: string): void {
    this.trace.add(who, text);
  }

  get inFaultWindow(): boolean {
    return this.time.now < this.faultsUntil;
  }

  /** Delay, crash or lost answer for one port call. */
  planCall(gate: Gate, label: string): CallPlan {
    const p = this.profile;
    const r = this.random;
    const faults = this.inFaultWindow;
    let crash: CallPlan['crash'] = null;
    if (faults && this.callCrashesLeft > 0 && r.chance(p.crashPerCall)) {
      this.callCrashesLeft -= 1;
      crash = r.chance(0.5) ? 'before' : 'after';
    }
    const preMs = r.chance(p.delayChance) ? r.int(1, 400) : 0;
    let postMs = r.chance(p.delayChance) ? r.int(1, 400) : 0;
    if (faults && r.chance(p.longDelayChance)) {
      postMs = r.int(20, 120) * 1000;
      this.facts.timeFaults.push({ from: this.time.now, to: this.time.now + postMs });
      this.note(gate.name, `${label} answers only after ${postMs / 1000}s`);
    }
    const lostAnswer = faults && label.startsWith('db.') && r.chance(p.lostDbAnswer);
    if (lostAnswer) this.note(gate.name, `${label}: committed, but the answer is lost`);
    return crash || preMs || postMs || lostAnswer ? { preMs, postMs, crash, lostAnswer } : NO_PLAN;
  }

  /** The process behind `gate` dies now: its leases stay, its presence ends. */
  crash(gate: Gate, why: string): void {
    const proc = this.processes.find((p) => p.gate === gate);
    if (!proc || proc.state === 'dead') return;
    this.end(proc, `CRASH (${why})`);
  }

  /** A process is gone (crashed, killed, or exited after a graceful stop). */
  end(proc: SimProcess, why: string): void {
    proc.state = 'dead';
    proc.gate.kill();
    this.presence.drop(proc.workerId);
    this.note(proc.name, why);
    const inFlight = this.facts.inFlightStarts.get(proc.name);
    for (const id of inFlight ?? []) {
      this.facts.excuse(id, 'start-in-doubt');
      this.note(proc.name, `start of ${shortId(id)} was in flight: outcome in doubt`);
    }
    inFlight?.clear();
    this.onEnd?.(proc);
  }

  /** Set by the scenario: what happens after a process is gone (restart policy). */
  onEnd?: (proc: SimProcess) => void;

  live(): SimProcess[] {
    return this.processes.filter((p) => p.state === 'running');
  }

  /** Every row, read straight from the "server" (no gate, no outage). */
  rows(): VideoRequest[] {
    return this.repo.all();
  }

  /** Every request terminal and announced, nothing waiting to be written. */
  settled(): boolean {
    const rows = this.rows();
    if (!rows.every((r) => isTerminal(r.status) && r.notifiedAt !== null)) return false;
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, who] of this.facts.synthetic) {
      if (!ids.has(id) && this.processes.find((p) => p.name === who)?.state !== 'dead') return false;
    }
    return this.processes.every((p) => p.state === 'dead' || p.unstored() === 0);
  }

  private worldSleep(ms: number, signal?: { cancelled: boolean; onCancel(l: () => void): () => void }): Promise<void> {
    if (signal?.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.time.schedule(ms, () => resolve());
      signal?.onCancel(() => {
        this.time.cancel(timer);
        resolve();
      });
    });
  }

  /** Checks, at each Vertex start, that no interrupted request is left waiting behind new work. */
  private onStart(requestId: string, who: string): void {
    const now = this.time.now;
    const starts = this.facts.starts.get(requestId) ?? [];
    starts.push({ instance: who, at: now });
    this.facts.starts.set(requestId, starts);
    this.checkOrder?.(requestId, who);
  }

  /** Set by the ordering invariant. */
  checkOrder?: (requestId: string, who: string) => void;
}
