import type { PollOutcome, RequestRepository, StartOutcome, StatusChange, TransitionResult, VideoGenerator, WorkScheduler } from '@veo-bot/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics of one bot process. */
export class VeoMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'veo_requests_total', help: 'Requests that reached each status', labelNames: ['status'], registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'veo_generation_duration_seconds',
    help: 'started_at → completed_at of finished requests',
    labelNames: ['status'],
    buckets: [15, 30, 60, 90, 120, 180, 240, 300, 450, 600],
    registers: [this.registry],
  });
  readonly vertexErrors = new Counter({ name: 'veo_vertex_errors_total', help: 'Vertex calls that did not answer normally', labelNames: ['call', 'kind'], registers: [this.registry] });
  readonly spend = new Counter({
    name: 'veo_estimated_spend_usd_total',
    help: 'Estimated Vertex AI spend in USD of finished requests (their final cost: 0 when Google did not bill), by model',
    labelNames: ['model'],
    registers: [this.registry],
  });
  readonly resumed = new Counter({ name: 'veo_resumed_requests_total', help: 'Requests handled by resume, by outcome', labelNames: ['outcome'], registers: [this.registry] });
  private readonly queue = new Gauge({ name: 'veo_queue_depth', help: 'Requests waiting or running in this process', labelNames: ['state'], registers: [this.registry] });
  private readonly shardReady = new Gauge({ name: 'veo_discord_shard_ready', help: '1 when this process\'s gateway shard is ready, else 0 (label status: its state)', labelNames: ['shard', 'status'], registers: [this.registry] });
  private readonly shardPing = new Gauge({ name: 'veo_discord_shard_ping_seconds', help: 'Last gateway heartbeat round trip of each shard of this process', labelNames: ['shard'], registers: [this.registry] });
  private readonly shardCount = new Gauge({ name: 'veo_discord_shard_count', help: 'Total number of shards over every process (as this process knows it)', registers: [this.registry] });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Reports the scheduler's queue on every scrape. */
  watchScheduler(scheduler: WorkScheduler): void {
    const queue = this.queue;
    Object.assign(queue, {
      collect() {
        const stats = scheduler.stats();
        queue.set({ state: 'queued' }, stats.queued);
        queue.set({ state: 'running' }, stats.running);
      },
    });
  }

  /** Reports this process's gateway shards on every scrape (one series per shard, its current state as a label). */
  watchShards(source: () => { count: number | null; shards: readonly { id: number; status: string; pingMs: number | null }[] }): void {
    const { shardReady, shardPing, shardCount } = this;
    Object.assign(shardReady, {
      collect() {
        const { count, shards } = source();
        shardReady.reset();
        shardPing.reset();
        for (const s of shards) {
          shardReady.set({ shard: String(s.id), status: s.status }, s.status === 'ready' ? 1 : 0);
          if (s.pingMs !== null) shardPing.set({ shard: String(s.id) }, s.pingMs / 1000);
        }
        if (count !== null) shardCount.set(count);
      },
    });
  }

  /** Records resume outcomes; `notified`: finished earlier, only the lost notification was sent now. */
  recordResume(summary: { completed: number; failed: number; timeout: number; skipped: number; notified: number }): void {
    for (const outcome of ['completed', 'failed', 'timeout', 'skipped', 'notified'] as const) if (summary[outcome] > 0) this.resumed.inc({ outcome }, summary[outcome]);
  }

  /** Counts every applied transition, the duration of finished requests and their cost. */
  meterRepository(repo: RequestRepository): RequestRepository {
    const { requests, duration, spend } = this;
    const transition = repo.transition.bind(repo);
    return new Proxy(repo, {
      get(target, prop, receiver) {
        if (prop !== 'transition') return Reflect.get(target, prop, receiver);
        return async (id: string, change: StatusChange): Promise<TransitionResult> => {
          const result = await transition(id, change);
          if (result.applied) {
            requests.inc({ status: change.to });
            if (result.request.durationMs !== null && change.to !== 'generating') duration.observe({ status: change.to }, result.request.durationMs / 1000);
            const cost = result.request.finalCostUsd;
            if (change.to !== 'generating' && cost !== null && cost > 0) spend.inc({ model: result.request.model }, cost);
          }
          return result;
        };
      },
    });
  }

  /** Counts Vertex errors by call and kind. */
  meterGenerator(generator: VideoGenerator): VideoGenerator {
    const { vertexErrors } = this;
    return {
      outputPrefix: (id) => generator.outputPrefix(id),
      async start(id, params, image): Promise<StartOutcome> {
        const outcome = await (image ? generator.start(id, params, image) : generator.start(id, params));
        if (!outcome.ok) vertexErrors.inc({ call: 'start', kind: outcome.error.kind });
        return outcome;
      },
      async poll(name): Promise<PollOutcome> {
        const outcome = await generator.poll(name);
        if (outcome.state === 'error') vertexErrors.inc({ call: 'poll', kind: outcome.error.kind });
        if (outcome.state === 'expired') vertexErrors.inc({ call: 'poll', kind: 'expired' });
        return outcome;
      },
    };
  }
}
