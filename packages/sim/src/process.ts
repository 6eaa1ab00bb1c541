import { type CancelResult, DEFAULT_MODEL_ID, RepositoryUnavailableError, type StatusChange, type TransitionResult, VEO_MODELS, VeoCore, type VideoRequest, isTerminal } from '@veo-bot/core';
import { SimDiscordNotifier } from './discord-notifier.js';
import type { InMemoryRequestRepository } from '@veo-bot/core/testing';
import { Gate, GateClock, gated } from './gate.js';
import { SimLogger } from './sim-logger.js';
import { storeClient, vertexClient } from './sim-vertex.js';
import { shortId } from './trace.js';
import type { SimProcess, World } from './world.js';

/** A simulated process: its core and the gate all its ports go through. */
export interface CoreProcess extends SimProcess {
  readonly core: VeoCore;
  readonly clock: GateClock;
  readonly logger: SimLogger;
}

const lost = () => new RepositoryUnavailableError('Connection terminated after the statement was sent');

/** Watches what reached the database, at the moment it happened, for the ground truth. */
function observer(world: World, who: string) {
  const inFlight = () => {
    const set = world.facts.inFlightStarts.get(who) ?? new Set<string>();
    world.facts.inFlightStarts.set(who, set);
    return set;
  };
  return (method: string, args: readonly unknown[], result: unknown): void => {
    const id = args[0] as string;
    if (method === 'recordStartAttempt' && result === true) {
      // The observer hears of the effect a microtask after it happened: its process may have
      // died in between (another of its calls crashed at the same instant). Then it is in doubt.
      if (world.processes.find((p) => p.name === who)?.state === 'dead') world.facts.excuse(id, 'start-in-doubt');
      else inFlight().add(id);
    }
    if (method === 'recordStartRefused') {
      inFlight().delete(id);
      world.facts.refusedUnstored.get(who)?.delete(id);
    }
    if (method === 'create' || method === 'reserve') {
      const created = (method === 'reserve' ? (result as { result?: { created: boolean; request: VideoRequest } }).result : result) as { created: boolean; request: VideoRequest } | undefined;
      if (created?.created) world.note(who, `db: ${shortId(created.request.id)} created ${created.request.status} for ${created.request.userId}${created.request.retryOf ? ` from ${shortId(created.request.retryOf)}` : ''}`);
    }
    if (method === 'transition') {
      const change = args[1] as StatusChange;
      const { applied, request } = result as TransitionResult;
      if (!applied) return;
      if (change.to === 'generating') inFlight().delete(id);
      if (isTerminal(change.to)) world.facts.terminalWrites.set(id, (world.facts.terminalWrites.get(id) ?? 0) + 1);
      const cost = isTerminal(change.to) ? ` cost $${request.finalCostUsd}` : '';
      world.note(who, `db: ${shortId(id)} → ${change.to}${change.operationName ? ` ${change.operationName}` : ''}${cost}${change.errorMessage ? ` "${change.errorMessage.slice(0, 60)}"` : ''}`);
    }
    if (method === 'claim' && process.env.SIM_DEBUG) world.note(who, `DEBUG claim ${(args[0] as string[]).map(shortId).join(',')} → ${(result as VideoRequest[]).map((r) => shortId(r.id)).join(',')} alive: ${[1, 2, 3, 4].filter((n) => world.presence.isAlive(`sim-worker-${n}`)).join(',')}`);
    if (method === 'markNotified' && result === true) world.note(who, `db: ${shortId(id)} notified (${String(args[2])})`);
    if (method === 'claim' && Array.isArray(result) && result.length > 0 && (args[0] as string[]).length > 1) {
      world.note(who, `db: claimed ${(result as VideoRequest[]).map((r) => shortId(r.id)).join(',')}`);
    }
  };
}

/** Builds process number `n` over the world's shared stores (a new worker id every time). */
export function buildProcess(world: World, n: number): CoreProcess {
  const name = `i${n}`;
  const workerId = `sim-worker-${n}`;
  const gate = new Gate(world, name);
  const clock = new GateClock(world.time, gate, (ms) => {
    const refused = world.facts.refusedUnstored.get(name);
    for (const [id, retryAfter] of refused ?? []) {
      if (retryAfter !== ms) continue;
      refused?.delete(id);
      world.facts.inFlightStarts.get(name)?.delete(id);
    }
  });
  const logger = new SimLogger((who, text) => world.note(who, text), name);
  const observe = observer(world, name);
  const repo = gated(world.options.sabotage === 'cancel-unguarded' ? unguardedCancel(world.repo) : world.repo, gate, 'db', { lost, observe });
  const ledger = gated(world.ledger, gate, 'db', { lost, observe });
  const presence = gated(world.presence, gate, 'db', { direct: ['isJoined', 'isAlive', 'drop'] });
  const quota = gated(world.quota, gate, 'quota');
  const core = new VeoCore({
    repo,
    ledger,
    presence,
    quota,
    clock,
    logger,
    generator: vertexClient(world.vertex, gate, world.options.sabotage, (id, outcome) => {
      if (outcome.ok || outcome.error.kind !== 'quota' || outcome.error.retryAfterMs === undefined) return;
      const refused = world.facts.refusedUnstored.get(name) ?? new Map<string, number>();
      refused.set(id, outcome.error.retryAfterMs);
      world.facts.refusedUnstored.set(name, refused);
    }),
    store: storeClient(world.vertex, gate),
    notifier: new SimDiscordNotifier(world.discord, gate),
    ids: world.ids,
    workerId,
    policy: { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID },
    settings: { leaseMs: 60_000, perUserDailyLimit: 10, scheduler: { concurrency: 2 } },
  });
  return { name, workerId, gate, core, clock, logger, startedAt: world.time.now, state: 'running', unstored: () => core.unstored.size };
}

/**
 * Sabotage `cancel-unguarded`: a repository whose cancel checks only that the row has not ended
 * — not that no start was counted — as a cancel read-then-written in two steps would. A start
 * counted between the use case's read and this write is then cancelled after Google took it.
 */
function unguardedCancel(repo: InMemoryRequestRepository): InMemoryRequestRepository {
  const cancel = async (id: string, at: Date): Promise<CancelResult> => {
    const row = await repo.get(id);
    if (!row || isTerminal(row.status)) return { cancelled: false, request: row };
    repo.seed({ ...row, status: 'cancelled', completedAt: at, updatedAt: at, finalCostUsd: 0, notifiedAt: at, notifyOutcome: 'delivered', leaseOwner: null, leaseUntil: null });
    return { cancelled: true, request: (await repo.get(id))! };
  };
  return new Proxy(repo, {
    get(obj, prop) {
      if (prop === 'cancel') return cancel;
      const value: unknown = Reflect.get(obj, prop, obj);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
    },
  });
}
