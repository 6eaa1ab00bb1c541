import type { InMemoryVideoStore } from '@veo-bot/core/testing';
import type { GenerationParams, PollOutcome, StartOutcome, VideoGenerator } from '@veo-bot/core';
import type { SimRandom } from '../random.js';

/** Generation times of the fake: log-normal, median 70 s, p90 140 s (σ = ln 2 / 1.2816). */
export const GENERATION_TIMES = { medianMs: 70_000, sigma: Math.LN2 / 1.2816 } as const;

/**
 * Vertex as the detection-lag benchmark needs it: every start accepted, operations that finish
 * after a log-normal time (right-skewed: most renders take about a minute, some several), and
 * Vertex's own per-minute poll quota, answered with 429 when exceeded (counted, since the bot
 * must never draw one).
 */
export class LagVertex implements VideoGenerator {
  /** When each request's operation finished on Google's side (ms, simulated clock). */
  readonly doneAt = new Map<string, number>();
  readonly pollsOf = new Map<string, number>();
  throttled = 0;
  private readonly ops = new Map<string, string>();
  private readonly recentPolls: number[] = [];
  private peak = 0;

  constructor(
    private readonly now: () => number,
    private readonly random: SimRandom,
    private readonly store: InMemoryVideoStore,
    private readonly pollsPerMinute: number,
  ) {}

  outputPrefix(requestId: string): string {
    return `gs://lag-bucket/veo/${requestId}/`;
  }

  async start(requestId: string, _params: GenerationParams): Promise<StartOutcome> {
    const name = `op-${requestId}`;
    this.ops.set(name, requestId);
    this.doneAt.set(requestId, this.now() + this.drawMs());
    return { ok: true, operationName: name };
  }

  async poll(name: string): Promise<PollOutcome> {
    const now = this.now();
    while (this.recentPolls.length > 0 && this.recentPolls[0]! <= now - 60_000) this.recentPolls.shift();
    if (this.recentPolls.length >= this.pollsPerMinute) {
      this.throttled += 1;
      return { state: 'error', error: { kind: 'quota', status: 429, message: 'Resource exhausted' } };
    }
    this.recentPolls.push(now);
    this.peak = Math.max(this.peak, this.recentPolls.length);
    const requestId = this.ops.get(name);
    if (!requestId) return { state: 'expired' };
    this.pollsOf.set(requestId, (this.pollsOf.get(requestId) ?? 0) + 1);
    if (now < this.doneAt.get(requestId)!) return { state: 'running' };
    const uri = `${this.outputPrefix(requestId)}sample_0.mp4`;
    this.store.put(uri, 4 * 1024 * 1024);
    return { state: 'succeeded', videos: [{ uri, mimeType: 'video/mp4' }] };
  }

  /** The most polls answered in any rolling minute. */
  peakPerMinute(): number {
    return this.peak;
  }

  /** One log-normal draw (Box–Muller on the world's generator). */
  private drawMs(): number {
    const u = Math.max(1e-12, this.random.next());
    const v = this.random.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(GENERATION_TIMES.medianMs * Math.exp(GENERATION_TIMES.sigma * z));
  }
}
