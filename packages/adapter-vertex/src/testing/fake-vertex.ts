import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerationScript } from '@veo-bot/core/testing';
import type { FakeObjectStore } from './fake-object-store.js';
import { sendError, sendJson } from './fake-http.js';
import type { ReceivedImage } from './fake-image-input.js';
import { checkFrameInputs, type FrameInstance, type ReceivedReference } from './fake-frame-inputs.js';
import { mp4Bytes } from './minimal-mp4.js';
import { parametersProblem } from './fake-vertex-parameters.js';
import { checkVideoInput } from './fake-video-input.js';

/** A script the fake runs once a start is accepted. */
type RunScript = Exclude<GenerationScript, { outcome: 'quota' } | { outcome: 'reject' }>;

/** A start the fake accepted: a generation that would be paid for. */
export interface AcceptedStart {
  readonly operationName: string;
  readonly model: string;
  readonly prompt: string;
  readonly storageUri: string | undefined;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** When the fake accepted it, i.e. after its configured latency (benchmarks measure from here). */
  readonly acceptedAt: Date;
  /** The first-frame image (image-to-video), checked and hashed; absent for text-to-video. */
  readonly image?: ReceivedImage;
  /** The last frame (`instances[0].lastFrame`), checked and hashed. */
  readonly lastFrame?: ReceivedImage;
  /** Asset reference images (`instances[0].referenceImages`), in order, checked and hashed. */
  readonly referenceImages?: readonly ReceivedReference[];
  /** Extend: the stored video it continues (`instances[0].video.gcsUri`). */
  readonly videoUri?: string;
}

/** What the next start does on the wire besides being accepted. */
export type StartFault = 'hang' | 'reset';

interface Operation {
  readonly start: AcceptedStart;
  readonly script: RunScript;
  readonly inline: boolean;
  polls: number;
  expired: boolean;
  videoUri?: string;
}

type PredictBody = { instances?: ({ prompt?: string } & FrameInstance)[]; parameters?: Record<string, unknown> };

const VERTEX_PATH = /^\/(v1|v1beta1)\/(projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/([^/:]+)):(predictLongRunning|fetchPredictOperation)$/;
const DEFAULT_SIZE = 1024 * 1024;

/** The Vertex AI half of the fake: Veo's long-running predict API, driven by scripts per prompt. */
export class FakeVertex {
  private readonly scripts = new Map<string, { script: GenerationScript; inline: boolean }>();
  private readonly operations = new Map<string, Operation>();
  private counter = 0;
  /** Every start that created an operation, in order (also those whose answer was lost). */
  readonly acceptedStarts: AcceptedStart[] = [];
  /** Script for prompts nobody scripted. */
  defaultScript: GenerationScript = { outcome: 'succeed', afterPolls: 1, sizeBytes: DEFAULT_SIZE };
  /** Faults for the next starts, consumed in order. */
  readonly startFaults: StartFault[] = [];
  /** Answers the next N polls with this HTTP status before behaving normally. */
  pollFailures: { count: number; status: number } = { count: 0, status: 503 };

  constructor(private readonly objects: FakeObjectStore) {}

  script(prompt: string, script: GenerationScript, inline: boolean): void {
    this.scripts.set(prompt, { script, inline });
  }

  /** Makes an operation disappear (polls then answer 404). */
  expire(operationName: string): void {
    const op = this.operations.get(operationName);
    if (op) op.expired = true;
  }

  /** Handles a request if it is a Vertex route; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: unknown): boolean {
    const match = VERTEX_PATH.exec(path);
    if (!match || req.method !== 'POST') return false;
    if (match[4] === 'predictLongRunning') this.startOperation(res, match[2] ?? '', match[3] ?? '', body as PredictBody);
    else this.pollOperation(res, (body as { operationName?: string } | undefined)?.operationName ?? '');
    return true;
  }

  private startOperation(res: ServerResponse, resource: string, model: string, body: PredictBody): void {
    const prompt = body?.instances?.[0]?.prompt ?? '';
    const frames = checkFrameInputs(model, body?.instances?.[0], body?.parameters ?? {});
    if (!frames.ok) return sendError(res, 400, 'INVALID_ARGUMENT', frames.message);
    const { ok: _accepted, ...received } = frames;
    const refused = parametersProblem(body?.parameters ?? {});
    if (refused) return sendError(res, 400, 'INVALID_ARGUMENT', refused);
    const video = checkVideoInput(body?.instances?.[0]?.video, this.objects);
    if (!video.ok) return sendError(res, 400, 'INVALID_ARGUMENT', video.message);
    const entry = this.scripts.get(prompt) ?? { script: this.defaultScript, inline: false };
    const script = entry.script;
    if (script.outcome === 'reject') return sendError(res, 400, 'INVALID_ARGUMENT', script.message);
    if (script.outcome === 'quota') {
      this.scripts.set(prompt, script.times > 1 ? { ...entry, script: { ...script, times: script.times - 1 } } : { ...entry, script: script.then });
      if (script.times > 0) return this.sendQuota(res, model);
      return this.startOperation(res, resource, model, body);
    }
    const parameters = body?.parameters ?? {};
    const storageUri = typeof parameters['storageUri'] === 'string' ? parameters['storageUri'] : undefined;
    const operationName = `${resource}/operations/${String(++this.counter).padStart(6, '0')}-fake`;
    const start: AcceptedStart = { operationName, model, prompt, storageUri, parameters, acceptedAt: new Date(), ...received, ...(video.videoUri ? { videoUri: video.videoUri } : {}) };
    this.acceptedStarts.push(start);
    this.operations.set(operationName, { start, script, inline: entry.inline || storageUri === undefined, polls: 0, expired: false });
    const fault = this.startFaults.shift();
    if (fault === 'reset') return void res.socket?.destroy();
    if (fault === 'hang') return; // never answered; the server closes it on stop()
    sendJson(res, 200, { name: operationName });
  }

  private sendQuota(res: ServerResponse, model: string): void {
    const details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }];
    const message = `Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: ${model}. Please submit a quota increase request.`;
    sendError(res, 429, 'RESOURCE_EXHAUSTED', message, { details }, { 'Retry-After': '2' });
  }

  private pollOperation(res: ServerResponse, name: string): void {
    if (this.pollFailures.count > 0) {
      this.pollFailures.count -= 1;
      const status = this.pollFailures.status;
      return sendError(res, status, status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE', status === 429 ? 'Quota exceeded' : 'The service is currently unavailable.');
    }
    const op = this.operations.get(name);
    if (!op || op.expired) return sendError(res, 404, 'NOT_FOUND', `Operation ${name} not found.`);
    op.polls += 1;
    if (op.polls <= (op.script.afterPolls ?? 0)) return sendJson(res, 200, { name, done: false });
    switch (op.script.outcome) {
      case 'succeed':
        return sendJson(res, 200, { name, done: true, response: this.succeed(op, op.script.sizeBytes ?? DEFAULT_SIZE) });
      case 'fail':
        return sendJson(res, 200, { name, done: true, error: { code: 13, message: op.script.message } });
      case 'filtered': {
        const reasons = op.script.reason ? { raiMediaFilteredReasons: [op.script.reason] } : {};
        return sendJson(res, 200, { name, done: true, response: { '@type': RESPONSE_TYPE, raiMediaFilteredCount: 1, ...reasons } });
      }
      case 'expire':
        op.expired = true;
        return sendError(res, 404, 'NOT_FOUND', `Operation ${name} not found.`);
    }
  }

  /** Writes the video once (Veo writes into a numbered sub-folder of storageUri) and describes it. */
  private succeed(op: Operation, sizeBytes: number): Record<string, unknown> {
    if (op.inline) {
      const bytes = Buffer.from(mp4Bytes(sizeBytes)).toString('base64');
      return { '@type': RESPONSE_TYPE, raiMediaFilteredCount: 0, videos: [{ bytesBase64Encoded: bytes, mimeType: 'video/mp4' }] };
    }
    if (!op.videoUri) {
      const base = op.start.storageUri?.endsWith('/') ? op.start.storageUri : `${op.start.storageUri}/`;
      const [, bucket = '', folder = ''] = /^gs:\/\/([^/]+)\/?(.*)$/.exec(base) ?? [];
      const name = `${folder}${1000 + this.acceptedStarts.indexOf(op.start)}/sample_0.mp4`;
      this.objects.put(bucket, name, { mp4Size: sizeBytes });
      op.videoUri = `gs://${bucket}/${name}`;
    }
    return { '@type': RESPONSE_TYPE, raiMediaFilteredCount: 0, videos: [{ gcsUri: op.videoUri, mimeType: 'video/mp4' }] };
  }
}

const RESPONSE_TYPE = 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse';
