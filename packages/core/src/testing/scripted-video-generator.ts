import type { GenerationParams } from '../domain/generation-options.js';
import type { SourceImage } from '../domain/source-image.js';
import { NO_IMAGES, type RequestImages } from '../domain/request-images.js';
import type { PollOutcome, StartOutcome, VideoGenerator } from '../ports/video-generator.js';
import type { GenerationScript } from './generation-script.js';
import { InMemoryVideoStore } from './in-memory-video-store.js';

interface Operation {
  readonly requestId: string;
  readonly prefix: string;
  script: Exclude<GenerationScript, { outcome: 'quota' } | { outcome: 'reject' }>;
  polls: number;
}

/**
 * A VideoGenerator driven by scripts per prompt (default: succeed after one running poll).
 * Records every start and poll, so tests can prove nothing was paid for twice.
 */
export class ScriptedVideoGenerator implements VideoGenerator {
  private readonly scripts = new Map<string, GenerationScript>();
  private readonly operations = new Map<string, Operation>();
  private counter = 0;
  /** Every accepted start, in order. */
  readonly starts: { requestId: string; params: GenerationParams; operationName: string; image: SourceImage | null; images: RequestImages }[] = [];
  /** Every start call, accepted or not. */
  readonly startCalls: string[] = [];
  readonly polls: string[] = [];
  /** Fails the next poll calls with this error (network trouble), then recovers. */
  pollErrors = 0;
  defaultScript: GenerationScript = { outcome: 'succeed', afterPolls: 1, sizeBytes: 1024 * 1024 };

  constructor(readonly store: InMemoryVideoStore = new InMemoryVideoStore()) {}

  script(prompt: string, script: GenerationScript): void {
    this.scripts.set(prompt, script);
  }

  /** An operation that already exists remotely (started by a process that crashed). */
  seedOperation(operationName: string, requestId: string, script: GenerationScript): void {
    this.operations.set(operationName, { requestId, prefix: this.outputPrefix(requestId), script: script as Operation['script'], polls: 0 });
  }

  outputPrefix(requestId: string): string {
    return `gs://fake-bucket/veo/${requestId}/`;
  }

  async start(requestId: string, params: GenerationParams, images?: RequestImages): Promise<StartOutcome> {
    this.startCalls.push(requestId);
    const script = this.scripts.get(params.prompt) ?? this.defaultScript;
    if (script.outcome === 'reject') return { ok: false, error: { kind: 'rejected', status: 400, message: script.message } };
    if (script.outcome === 'quota') {
      if (script.times > 0) {
        this.scripts.set(params.prompt, { ...script, times: script.times - 1 });
        return { ok: false, error: { kind: 'quota', status: 429, message: 'Resource exhausted', retryAfterMs: 1000 } };
      }
      this.scripts.set(params.prompt, script.then);
      return this.start(requestId, params, images).then((r) => (this.startCalls.pop(), r));
    }
    const operationName = `projects/p/locations/l/publishers/google/models/${params.model}/operations/op-${++this.counter}`;
    this.operations.set(operationName, { requestId, prefix: this.outputPrefix(requestId), script, polls: 0 });
    this.starts.push({ requestId, params, operationName, image: images?.first ?? null, images: images ?? NO_IMAGES });
    return { ok: true, operationName };
  }

  async poll(operationName: string): Promise<PollOutcome> {
    this.polls.push(operationName);
    if (this.pollErrors > 0) {
      this.pollErrors -= 1;
      return { state: 'error', error: { kind: 'transient', status: 503, message: 'Service unavailable' } };
    }
    const op = this.operations.get(operationName);
    if (!op) return { state: 'expired' };
    op.polls += 1;
    if (op.polls <= (op.script.afterPolls ?? 0)) return { state: 'running' };
    switch (op.script.outcome) {
      case 'succeed': {
        const uri = `${op.prefix}sample_0.mp4`;
        this.store.put(uri, op.script.sizeBytes ?? 1024 * 1024);
        return { state: 'succeeded', videos: [{ uri, mimeType: 'video/mp4' }] };
      }
      case 'fail':
        return { state: 'failed', message: op.script.message, filtered: false };
      case 'filtered':
        return { state: 'failed', filtered: true, message: `Video was blocked by safety filters${op.script.reason ? `: ${op.script.reason}` : ''}` };
      case 'expire':
        this.operations.delete(operationName);
        return { state: 'expired' };
    }
  }

  /** Simulates the remote finishing an operation while nobody polled (e.g. during downtime). */
  finishInBackground(operationName: string): void {
    const op = this.operations.get(operationName);
    if (op) op.polls = Number.MAX_SAFE_INTEGER - 1;
  }
}
