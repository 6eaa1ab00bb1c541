import { type Clock, DEFAULT_MODEL_ID, InMemoryQuotaGate, type Notifier, VEO_MODELS, VeoCore, isTerminal, percentile } from '@veo-bot/core';
import { InMemoryRequestRepository, InMemoryVideoStore, MemoryLogger, RecordingNotifier, SequentialIdGenerator } from '@veo-bot/core/testing';
import { SimRandom } from '../random.js';
import { SimTime, settle } from '../sim-time.js';
import { WORLD_START } from '../world.js';
import { GENERATION_TIMES, LagVertex } from './lag-vertex.js';

/** One run of the detection-lag benchmark. */
export interface LagRun {
  readonly requests: number;
  readonly concurrency: number;
  /** false: today's fixed schedule (10 s ×1.5 → 30 s); true: by the model's recent times. */
  readonly byHistory: boolean;
  readonly pollsPerMinute: number;
  readonly seed: number;
}

/** What one run measured (ms, simulated clock). */
export interface LagResult {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** The first five requests, started before any history exists. */
  readonly coldP50: number;
  readonly pollsPerRequest: number;
  /** Polls per minute over the whole run, and the most in any one minute. */
  readonly pollsPerMinute: number;
  readonly peakPollsPerMinute: number;
  readonly throttled: number;
  readonly completed: number;
}

/**
 * Runs `requests` `/veo` through one core on the simulator's clock: arrivals at 90 % of what
 * `concurrency` renders can carry, every start accepted, each video ready after a log-normal
 * time; the database and Discord answer at once, so what is measured is how long a finished
 * video waits before the bot notices it (lag = user notified − Google finished).
 */
export async function runLagWorld(run: LagRun): Promise<LagResult> {
  const random = new SimRandom(run.seed);
  const original = Math.random;
  Math.random = () => random.next();
  try {
    return await drive(run, random);
  } finally {
    Math.random = original;
  }
}

async function drive(run: LagRun, random: SimRandom): Promise<LagResult> {
  const time = new SimTime(WORLD_START);
  const clock: Clock = {
    now: () => new Date(time.now),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.cancelled) return resolve();
        const timer = time.schedule(ms, resolve);
        signal?.onCancel(() => (time.cancel(timer), resolve()));
      }),
  };
  const store = new InMemoryVideoStore();
  const vertex = new LagVertex(() => time.now, random, store, run.pollsPerMinute);
  const notifiedAt = new Map<string, number>();
  const notifier = new TimedNotifier((id) => notifiedAt.set(id, time.now));
  const repo = new InMemoryRequestRepository();
  const core = new VeoCore({
    repo,
    generator: vertex,
    store,
    notifier,
    quota: new InMemoryQuotaGate({ clock, limits: { start: 1_000, poll: run.pollsPerMinute } }),
    clock,
    logger: new MemoryLogger(),
    ids: new SequentialIdGenerator(),
    workerId: 'lag-worker',
    policy: { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID },
    settings: {
      perUserDailyLimit: 1_000_000,
      scheduler: { concurrency: run.concurrency, taskTimeoutMs: 60 * 60_000 },
      generation: { pollByHistory: run.byHistory, pollsPerMinute: run.pollsPerMinute, generationTimeoutMs: 30 * 60_000 },
    },
  });
  const meanMs = GENERATION_TIMES.medianMs * Math.exp(GENERATION_TIMES.sigma ** 2 / 2);
  const gapMs = meanMs / run.concurrency / 0.9;
  let at = 0;
  const order: string[] = [];
  for (let i = 0; i < run.requests; i++) {
    at += -Math.log(Math.max(1e-12, random.next())) * gapMs;
    time.schedule(at, () => {
      void core.submit.execute({ userId: `u${i}`, guildId: 'g1', channelId: 'c1', options: { prompt: `a fox #${i}` }, interaction: { applicationId: 'app', interactionId: `i${i}`, token: `t${i}` } }).then((r) => {
        if (r.ok) order[i] = r.request.id;
      });
    });
  }
  await settle();
  for (;;) {
    const due = time.takeNext();
    if (due.length === 0) break;
    for (const timer of due) timer.fire();
    await settle();
    if (notifiedAt.size === run.requests && repo.all().every((r) => isTerminal(r.status))) break;
  }
  await core.shutdown();
  return measure(run, order, vertex, notifiedAt, time.now - WORLD_START);
}

/** Records when each video was announced. */
class TimedNotifier extends RecordingNotifier {
  constructor(private readonly told: (requestId: string) => void) {
    super();
  }

  override async completed(...args: Parameters<Notifier['completed']>): ReturnType<Notifier['completed']> {
    const result = await super.completed(...args);
    if (result.delivered) this.told(args[0].id);
    return result;
  }
}

function measure(run: LagRun, order: readonly string[], vertex: LagVertex, notifiedAt: ReadonlyMap<string, number>, spanMs: number): LagResult {
  const lagOf = (id: string): number | null => {
    const told = notifiedAt.get(id);
    const done = vertex.doneAt.get(id);
    return told === undefined || done === undefined ? null : told - done;
  };
  const lags = order.map(lagOf).filter((x): x is number => x !== null);
  const cold = order.slice(0, 5).map(lagOf).filter((x): x is number => x !== null);
  const polls = [...vertex.pollsOf.values()].reduce((a, b) => a + b, 0);
  return {
    p50: percentile(lags, 0.5) ?? NaN,
    p95: percentile(lags, 0.95) ?? NaN,
    p99: percentile(lags, 0.99) ?? NaN,
    coldP50: percentile(cold, 0.5) ?? NaN,
    pollsPerRequest: polls / Math.max(1, lags.length),
    pollsPerMinute: polls / (spanMs / 60_000),
    peakPollsPerMinute: vertex.peakPerMinute(),
    throttled: vertex.throttled,
    completed: lags.length,
  };
}
