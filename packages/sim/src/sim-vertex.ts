import type { GenerationParams, PollOutcome, StartOutcome, VideoGenerator, VideoStore } from '@veo-bot/core';
import { InMemoryVideoStore } from '@veo-bot/core/testing';
import type { Excuse } from './facts.js';
import type { Gate } from './gate.js';
import type { VertexProfile } from './profile.js';
import type { SimRandom } from './random.js';
import { shortId } from './trace.js';

/** What the simulated Vertex needs from its world. */
export interface VertexWorld {
  readonly random: SimRandom;
  now(): number;
  excuse(requestId: string, why: Excuse): void;
  note(who: string, text: string): void;
  /** Every start call, before its outcome is drawn. */
  onStart(requestId: string, who: string): void;
}

interface Operation {
  readonly requestId: string;
  readonly doneAt: number;
  readonly outcome: 'succeed' | 'fail' | 'filtered' | 'expire';
  settled: boolean;
}

/**
 * Veo on Vertex AI as seen from outside: starts that may be refused (429, 5xx, 4xx) or whose
 * answer is lost (before or after Google accepted, and billed, them), operations with a latency
 * distribution that succeed (writing the video under the request's own output prefix, whether
 * or not anyone polls), fail, are filtered (not billed) or vanish (404).
 */
export class SimVertex {
  /** Accepted starts per request id; every one is billed unless filtered. */
  readonly accepted = new Map<string, number>();
  readonly billed = new Map<string, number>();
  readonly store = new InMemoryVideoStore();
  private readonly ops = new Map<string, Operation>();
  private readonly refusalsOf = new Map<string, number>();
  private counter = 0;

  constructor(
    private readonly world: VertexWorld,
    private readonly odds: VertexProfile,
  ) {}

  outputPrefix(requestId: string): string {
    return `gs://sim-bucket/veo/${requestId}/`;
  }

  start(requestId: string, params: GenerationParams, who: string): StartOutcome {
    this.world.onStart(requestId, who);
    const { random } = this.world;
    const o = this.odds;
    const roll = random.next();
    const [quota, transient, rejected, lostBefore] = cumulative([o.quota, o.transient, o.rejected, o.lostBeforeAccept]);
    if (roll < quota) return this.refused(requestId, who, { kind: 'quota', status: 429, message: 'Resource exhausted', retryAfterMs: random.int(1, 30) * 1000 });
    if (roll < transient) return this.refused(requestId, who, { kind: 'transient', status: 503, message: 'Service unavailable' });
    if (roll < rejected) {
      this.world.excuse(requestId, 'rejected');
      this.world.note(who, `vertex.start ${shortId(requestId)} → 400 rejected`);
      return { ok: false, error: { kind: 'rejected', status: 400, message: 'Invalid argument: prompt' } };
    }
    if (roll < lostBefore) {
      this.world.excuse(requestId, 'start-in-doubt');
      this.world.note(who, `vertex.start ${shortId(requestId)} → connection reset before Google got it (not billed)`);
      return { ok: false, error: { kind: 'unknown-outcome', message: 'socket hang up' } };
    }
    const name = this.accept(requestId, params, who);
    if (random.chance(o.lostAfterAccept)) {
      this.world.excuse(requestId, 'start-in-doubt');
      this.world.note(who, `vertex.start ${shortId(requestId)} → accepted ${name} but the answer was lost`);
      return { ok: false, error: { kind: 'unknown-outcome', message: 'ECONNRESET after request sent' } };
    }
    return { ok: true, operationName: name };
  }

  poll(name: string): PollOutcome {
    this.settle();
    if (this.world.random.chance(this.odds.pollError)) return { state: 'error', error: { kind: 'transient', status: 503, message: 'Service unavailable' } };
    const op = this.ops.get(name);
    if (!op) return { state: 'expired' };
    if (!op.settled) return { state: 'running' };
    switch (op.outcome) {
      case 'succeed':
        return { state: 'succeeded', videos: [{ uri: this.videoUri(op.requestId), mimeType: 'video/mp4' }] };
      case 'fail':
        return { state: 'failed', message: 'Vertex AI: internal error during generation', filtered: false };
      case 'filtered':
        return { state: 'failed', message: 'Video was blocked by safety filters. You will not be charged.', filtered: true };
      case 'expire':
        return { state: 'expired' };
    }
  }

  /** Operations finish on Google's side on time, whether or not anyone asks. */
  settle(): void {
    const now = this.world.now();
    for (const [name, op] of this.ops) {
      if (op.settled || op.doneAt > now) continue;
      op.settled = true;
      if (op.outcome === 'succeed') this.store.put(this.videoUri(op.requestId), 1024 * 1024 * (1 + (this.counter % 20)));
      if (op.outcome === 'filtered') this.billed.set(op.requestId, (this.billed.get(op.requestId) ?? 1) - 1);
      if (op.outcome === 'expire') this.ops.delete(name);
      this.world.note('vertex', `${name} for ${shortId(op.requestId)} ended: ${op.outcome}`);
    }
  }

  private accept(requestId: string, params: GenerationParams, who: string): string {
    const { random } = this.world;
    const o = this.odds;
    const name = `op-${++this.counter}`;
    const roll = random.next();
    const outcome = roll < o.opFailed ? 'fail' : roll < o.opFailed + o.filtered ? 'filtered' : roll < o.opFailed + o.filtered + o.expired ? 'expire' : 'succeed';
    const slow = random.chance(o.slow);
    const latency = slow ? random.int(300, 480) * 1000 : random.int(30, 180) * 1000;
    const excuse: Record<typeof outcome, Excuse | null> = { fail: 'op-failed', filtered: 'filtered', expire: 'expired', succeed: null };
    if (excuse[outcome]) this.world.excuse(requestId, excuse[outcome]);
    if (slow) this.world.excuse(requestId, 'slow');
    this.ops.set(name, { requestId, doneAt: this.world.now() + latency, outcome, settled: false });
    this.accepted.set(requestId, (this.accepted.get(requestId) ?? 0) + 1);
    this.billed.set(requestId, (this.billed.get(requestId) ?? 0) + 1);
    this.world.note(who, `vertex.start ${shortId(requestId)} (${params.model}) → accepted ${name}, billed; ${outcome} in ${latency / 1000}s`);
    return name;
  }

  private refused(requestId: string, who: string, error: { kind: 'quota' | 'transient'; status: number; message: string; retryAfterMs?: number }): StartOutcome {
    const n = (this.refusalsOf.get(requestId) ?? 0) + 1;
    this.refusalsOf.set(requestId, n);
    if (n >= 6) this.world.excuse(requestId, 'vertex-busy');
    this.world.note(who, `vertex.start ${shortId(requestId)} → ${error.status}`);
    return { ok: false, error };
  }

  private videoUri(requestId: string): string {
    return `${this.outputPrefix(requestId)}sample_0.mp4`;
  }
}

/** Running sums: thresholds for one roll over several outcomes. */
function cumulative(odds: readonly [number, number, number, number]): [number, number, number, number] {
  let sum = 0;
  return odds.map((p) => (sum += p)) as [number, number, number, number];
}

/** One process's Vertex client: every call through its gate. */
export function vertexClient(vertex: SimVertex, gate: Gate, sabotage?: string, answered?: (requestId: string, outcome: StartOutcome) => void): VideoGenerator {
  return {
    outputPrefix: (requestId) => vertex.outputPrefix(requestId),
    start: async (requestId, params) => {
      const first = await gate.call('vertex.start', () => vertex.start(requestId, params, gate.name));
      answered?.(requestId, first);
      // The teeth test's broken adapter: it "retries" an accepted start, so Google bills twice.
      if (sabotage === 'double-bill' && first.ok) await gate.call('vertex.start', () => vertex.start(requestId, params, gate.name));
      return first;
    },
    poll: (name) => gate.call('vertex.poll', () => vertex.poll(name)),
  };
}

/** One process's view of Cloud Storage, through its gate; outputs appear when their operation ends. */
export function storeClient(vertex: SimVertex, gate: Gate): VideoStore {
  const store = vertex.store;
  return {
    describe: (uri) => gate.call('gcs.describe', () => (vertex.settle(), store.describe(uri))),
    list: (prefix) => gate.call('gcs.list', () => (vertex.settle(), store.list(prefix))),
    link: (uri) => store.link(uri),
    delete: (uri) => gate.call('gcs.delete', () => store.delete(uri)),
    deletePrefix: (prefix) => gate.call('gcs.deletePrefix', () => store.deletePrefix(prefix)),
    async *read(uri) {
      await gate.call('gcs.read', () => undefined);
      yield* store.read(uri);
    },
  };
}
