import { GenerateVideosOperation, VideoGenerationReferenceType } from '@google/genai';
import type { GoogleGenAI } from '@google/genai';
import { NO_IMAGES, shapeOf, validateGenerationOptions } from '@veo-bot/core';
import type { GenerationParams, GeneratedVideo, Logger, PollOutcome, RequestImages, SourceImage, StartOutcome, VideoGenerator } from '@veo-bot/core';
import type { VertexConfig } from '../config/vertex-config.js';
import { classifyPollError, classifyStartError, isNotFound, vertexMessage } from './classify-error.js';
import { interpretOperation } from './interpret-operation.js';
import type { ReturnedVideo } from './interpret-operation.js';
import { newTrace, tracedFetch } from './traced-fetch.js';

/** Stores bytes Vertex returned inline (only happens when no storageUri was honoured). */
export interface VideoUploader {
  upload(uri: string, bytes: Uint8Array, mimeType: string): Promise<void>;
}

/** What a {@link VertexVideoGenerator} needs. */
export interface VertexVideoGeneratorDeps {
  /** A `GoogleGenAI` client constructed with `vertexai: true`, project and location. */
  readonly client: GoogleGenAI;
  readonly config: Pick<VertexConfig, 'bucket' | 'prefix' | 'model' | 'models' | 'startTimeoutMs' | 'pollTimeoutMs'>;
  /** Where inline video bytes are written (a {@link GcsVideoStore}); without it they are reported as a failure. */
  readonly uploader?: VideoUploader;
  readonly logger?: Logger;
}

const SAFE_ID = /^[A-Za-z0-9._-]+$/;

/** An image as @google/genai sends it inline (`bytesBase64Encoded` + `mimeType` on the wire). */
const inline = (image: SourceImage) => ({ imageBytes: Buffer.from(image.bytes).toString('base64'), mimeType: image.mimeType });

/**
 * Veo on Vertex AI through `@google/genai`. A start is sent exactly once: its failures are
 * classified (quota / transient / rejected / unknown-outcome) for the caller to decide, and a
 * start that may have reached Vertex is never re-sent here.
 */
export class VertexVideoGenerator implements VideoGenerator {
  /** Request ids of operations started by this instance, to place inline bytes in their prefix. */
  private readonly requestOf = new Map<string, string>();

  constructor(private readonly deps: VertexVideoGeneratorDeps) {}

  /** `gs://<bucket>/<prefix>/<requestId>/`. */
  outputPrefix(requestId: string): string {
    if (!SAFE_ID.test(requestId)) throw new Error(`Request id "${requestId}" cannot be used in a storage path`);
    return `gs://${this.deps.config.bucket}/${this.deps.config.prefix}/${requestId}/`;
  }

  /**
   * Validates against the model's allowed values (images included), then calls
   * `models.generateVideos` once; images go inline (base64 bytes + mimeType): the first frame as
   * `instances[0].image`, the last as `config.lastFrame` (→ `instances[0].lastFrame`), reference
   * images as `config.referenceImages` with `referenceType` ASSET (→ `instances[0].referenceImages`).
   */
  async start(requestId: string, params: GenerationParams, images: RequestImages = NO_IMAGES): Promise<StartOutcome> {
    const { config, client, logger } = this.deps;
    const checked = validateGenerationOptions({ ...params, images: shapeOf(images) }, { models: config.models, defaultModel: config.model });
    if (!checked.ok) return { ok: false, error: { kind: 'rejected', message: checked.issues.map((i) => i.message).join(' ') } };
    const p = checked.value;
    const withAudio = config.models.find((m) => m.id === p.model)?.audio === true;
    const trace = newTrace();
    try {
      const operation = await client.models.generateVideos({
        model: p.model,
        source: {
          prompt: p.prompt,
          ...(images.first ? { image: inline(images.first) } : {}),
          // Extend: the video to continue, by its Cloud Storage URI (instances[0].video.gcsUri).
          ...(p.sourceVideoUri === null ? {} : { video: { uri: p.sourceVideoUri, mimeType: 'video/mp4' } }),
        },
        config: {
          numberOfVideos: 1,
          // An extension's length is Google's to choose (see core's ExtensionLimits).
          ...(p.sourceVideoUri === null ? { durationSeconds: p.durationSeconds } : {}),
          aspectRatio: p.aspectRatio,
          resolution: p.resolution,
          // Veo 2 does not know the parameter at all; Veo 3 needs it explicitly.
          ...(withAudio ? { generateAudio: p.generateAudio } : {}),
          ...(p.negativePrompt === null ? {} : { negativePrompt: p.negativePrompt }),
          ...(p.seed === null ? {} : { seed: p.seed }),
          ...(p.personGeneration === null ? {} : { personGeneration: p.personGeneration }),
          ...(images.last ? { lastFrame: inline(images.last) } : {}),
          ...(images.references.length > 0 ? { referenceImages: images.references.map((r) => ({ image: inline(r), referenceType: VideoGenerationReferenceType.ASSET })) } : {}),
          outputGcsUri: this.outputPrefix(requestId),
          httpOptions: { timeout: config.startTimeoutMs, fetch: tracedFetch(trace) },
        },
      });
      if (!operation.name) {
        return { ok: false, error: { kind: 'unknown-outcome', message: 'Vertex AI answered the start without an operation name.' } };
      }
      this.requestOf.set(operation.name, requestId);
      logger?.info('Vertex generation started', { request_id: requestId, operation_name: operation.name, model: p.model, with_image: images.first !== null, with_last_frame: images.last !== null, reference_images: images.references.length, extends_video: p.sourceVideoUri !== null });
      return { ok: true, operationName: operation.name };
    } catch (e) {
      const error = classifyStartError(e, trace);
      logger?.warn('Vertex generation start failed', { request_id: requestId, kind: error.kind, status: error.status, error_message: error.message });
      return { ok: false, error };
    }
  }

  /** Asks Vertex for the operation's state; works with only the stored name (after a restart). */
  async poll(operationName: string): Promise<PollOutcome> {
    const { config, client } = this.deps;
    // getVideosOperation calls operation._fromAPIResponse: a plain { name } object is not enough.
    const operation = new GenerateVideosOperation();
    operation.name = operationName;
    const trace = newTrace();
    let answer: GenerateVideosOperation;
    try {
      answer = await client.operations.getVideosOperation({
        operation,
        config: { httpOptions: { timeout: config.pollTimeoutMs, fetch: tracedFetch(trace) } },
      });
    } catch (e) {
      if (isNotFound(e)) return { state: 'expired' };
      return { state: 'error', error: classifyPollError(e, trace) };
    }
    const outcome = interpretOperation(answer);
    if (outcome.state !== 'succeeded') {
      if (outcome.state !== 'running') this.requestOf.delete(operationName);
      return outcome;
    }
    try {
      const videos = await this.keep(operationName, outcome.videos);
      this.requestOf.delete(operationName);
      return { state: 'succeeded', videos };
    } catch (e) {
      return { state: 'error', error: { kind: 'transient', message: `Could not store the video Vertex AI returned: ${vertexMessage(e)}` } };
    }
  }

  private async keep(operationName: string, videos: readonly ReturnedVideo[]): Promise<GeneratedVideo[]> {
    const kept: GeneratedVideo[] = [];
    for (const [index, video] of videos.entries()) {
      if (video.uri !== undefined) {
        kept.push({ uri: video.uri, mimeType: video.mimeType });
        continue;
      }
      if (!this.deps.uploader) throw new Error('Vertex AI returned the video inline and no video store is configured to keep it');
      const uri = `${this.inlinePrefix(operationName)}sample_${index}.mp4`;
      await this.deps.uploader.upload(uri, Buffer.from(video.videoBytes ?? '', 'base64'), video.mimeType);
      kept.push({ uri, mimeType: video.mimeType });
    }
    return kept;
  }

  /** The request's own prefix when this instance started it; otherwise a folder named after the operation. */
  private inlinePrefix(operationName: string): string {
    const requestId = this.requestOf.get(operationName);
    if (requestId !== undefined) return this.outputPrefix(requestId);
    const opId = (operationName.split('/operations/')[1] ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_');
    return `gs://${this.deps.config.bucket}/${this.deps.config.prefix}/operations/${opId}/`;
  }
}
