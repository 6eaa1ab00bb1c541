import type { GenerateVideosOperation } from '@google/genai';
import type { PollOutcome } from '@veo-bot/core';
import { redactSecrets } from './redact.js';

/** A video as Vertex returned it: a Cloud Storage URI, or (without storageUri) inline base64 bytes. */
export interface ReturnedVideo {
  readonly uri?: string;
  readonly videoBytes?: string;
  readonly mimeType: string;
}

/** A poll answer before inline bytes, if any, have been stored. */
export type InterpretedOperation =
  | Exclude<PollOutcome, { state: 'succeeded' }>
  | { readonly state: 'succeeded'; readonly videos: readonly ReturnedVideo[] };

/** gRPC code of NOT_FOUND, as it appears in `operation.error.code`. */
const GRPC_NOT_FOUND = 5;

/** The message users see when safety filters removed every video. */
export function filteredMessage(reasons: readonly string[] | undefined): string {
  const why = (reasons ?? []).map((r) => r.trim()).filter(Boolean);
  const detail = why.length > 0 ? ` Reason given: ${why.join('; ')}` : '';
  return `The video was blocked by Google's safety filters and no video was produced.${detail}${detail && !/[.!?]$/.test(detail) ? '.' : ''} Try rephrasing the prompt.`;
}

function errorMessage(error: Record<string, unknown>): string {
  const message = typeof error['message'] === 'string' && error['message'].trim() ? error['message'] : JSON.stringify(error);
  return redactSecrets(message);
}

/** Maps an operation as @google/genai returns it to the generator port's vocabulary. */
export function interpretOperation(operation: GenerateVideosOperation): InterpretedOperation {
  if (!operation.done) return { state: 'running' };
  if (operation.error) {
    const { code, status } = operation.error as { code?: unknown; status?: unknown };
    if (code === GRPC_NOT_FOUND || status === 'NOT_FOUND') return { state: 'expired' };
    return { state: 'failed', filtered: false, message: errorMessage(operation.error) };
  }
  const response = operation.response;
  const videos: ReturnedVideo[] = (response?.generatedVideos ?? [])
    .map((g) => g.video)
    .filter((v) => v !== undefined && (v.uri !== undefined || v.videoBytes !== undefined))
    .map((v) => ({
      ...(v?.uri === undefined ? {} : { uri: v.uri }),
      ...(v?.videoBytes === undefined ? {} : { videoBytes: v.videoBytes }),
      mimeType: v?.mimeType ?? 'video/mp4',
    }));
  if (videos.length > 0) return { state: 'succeeded', videos };
  if ((response?.raiMediaFilteredCount ?? 0) > 0) return { state: 'failed', filtered: true, message: filteredMessage(response?.raiMediaFilteredReasons) };
  return { state: 'failed', filtered: false, message: 'Vertex AI finished the operation without returning a video.' };
}
