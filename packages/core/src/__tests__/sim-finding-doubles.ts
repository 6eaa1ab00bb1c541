import type { GenerationParams } from '../domain/generation-options.js';
import type { RequestImages } from '../domain/request-images.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { CompletedNotice, DeliveryResult, Notifier } from '../ports/notifier.js';
import type { PollOutcome, StartOutcome, VideoGenerator } from '../ports/video-generator.js';
import type { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import type { RecordingNotifier } from '../testing/recording-notifier.js';
import type { ScriptedVideoGenerator } from '../testing/scripted-video-generator.js';

/** Test doubles for the simulator-findings tests: slow, hung and gated ports. */
/** A notifier whose video upload takes `ms` of simulated time before it reaches Discord. */
export class SlowUpload implements Notifier {
  constructor(private readonly inner: RecordingNotifier, private readonly clock: () => { sleep(ms: number): Promise<void> }, private readonly ms: number) {}
  checkAccess(request: VideoRequest) { return this.inner.checkAccess(request); }
  progress(...args: Parameters<Notifier['progress']>) { return this.inner.progress(...args); }
  failed(...args: Parameters<Notifier['failed']>) { return this.inner.failed(...args); }
  findDelivered(request: VideoRequest) { return this.inner.findDelivered(request); }
  async completed(request: VideoRequest, notice: CompletedNotice): Promise<DeliveryResult> {
    await this.clock().sleep(this.ms);
    return this.inner.completed(request, notice);
  }
}

/** A gate tests open by hand. */
export class Gate {
  private release: () => void = () => undefined;
  readonly opened = new Promise<void>((resolve) => { this.release = resolve; });
  open() { this.release(); }
}

/** Polls as the inner generator does until `hang()`; then one poll waits for `gate` and answers with a video. */
export class HungPoll implements VideoGenerator {
  constructor(private readonly inner: ScriptedVideoGenerator, private readonly gate: Gate, private readonly hang: () => boolean) {}
  get store() { return this.inner.store; }
  start(id: string, params: GenerationParams, images?: RequestImages) { return images ? this.inner.start(id, params, images) : this.inner.start(id, params); }
  async poll(name: string): Promise<PollOutcome> {
    if (!this.hang()) return this.inner.poll(name);
    await this.gate.opened;
    return { state: 'succeeded', videos: [{ uri: 'gs://fake-bucket/late.mp4', mimeType: 'video/mp4' }] };
  }
  outputPrefix(id: string) { return this.inner.outputPrefix(id); }
}

/** Starts that never answer (the process dies with the call in flight). */
export class HangingStarts implements VideoGenerator {
  calls = 0;
  constructor(private readonly inner: ScriptedVideoGenerator) {}
  get store() { return this.inner.store; }
  start(_id: string, _params: GenerationParams, _images?: RequestImages): Promise<StartOutcome> {
    this.calls += 1;
    return new Promise<StartOutcome>(() => undefined);
  }
  poll(name: string) { return this.inner.poll(name); }
  outputPrefix(id: string) { return this.inner.outputPrefix(id); }
}

/** Presence whose join takes `ms` (a slow database at start-up). */
export class SlowJoin {
  constructor(private readonly inner: InMemoryWorkerPresence, private readonly clock: () => { sleep(ms: number): Promise<void> }, private readonly ms: number) {}
  async join(id: string) { await this.clock().sleep(this.ms); return this.inner.join(id); }
  isJoined(id: string) { return this.inner.isJoined(id); }
  leave(id: string) { return this.inner.leave(id); }
  alive(ids: readonly string[]) { return this.inner.alive(ids); }
  drop(id: string) { this.inner.drop(id); }
  isAlive(id: string) { return this.inner.isAlive(id); }
}

/** A notifier whose next `lost` sends reach the user but answer like a dropped connection. */
export class LostAnswers implements Notifier {
  constructor(private readonly inner: RecordingNotifier, public lost: number) {}
  checkAccess(request: VideoRequest) { return this.inner.checkAccess(request); }
  progress(...args: Parameters<Notifier['progress']>) { return this.inner.progress(...args); }
  findDelivered(request: VideoRequest) { return this.inner.findDelivered(request); }
  async failed(...args: Parameters<Notifier['failed']>): Promise<DeliveryResult> { return this.answer(await this.inner.failed(...args)); }
  async completed(...args: Parameters<Notifier['completed']>): Promise<DeliveryResult> { return this.answer(await this.inner.completed(...args)); }
  private answer(result: DeliveryResult): DeliveryResult {
    if (!result.delivered || this.lost <= 0) return result;
    this.lost -= 1;
    return { delivered: false, reason: 'transient', detail: 'connection reset' };
  }
}
