import type { GeneratorError } from '@veo-bot/core';
import { redactSecrets } from './redact.js';

/** What the adapter saw of one HTTP exchange, recorded by its own fetch wrapper. */
export interface ExchangeTrace {
  /** fetch was called: the request may have left this process. */
  sent: boolean;
  /** The server answered with a status line. */
  answered: boolean;
  /** Retry-After header of the answer, if any. */
  retryAfter?: string;
}

/** Socket errors that happen before a byte of the request reaches the server. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Network-level error codes found on an error or its causes (undici nests them in `cause`). */
export function networkCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (name === 'AbortError' || name === 'TimeoutError') codes.push(name);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** HTTP status of an SDK error (`ApiError.status` in @google/genai, `code` in @google-cloud/storage). */
export function httpStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === 'number') return status;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/** The human message inside an ApiError, whose `.message` is the JSON error body. */
export function vertexMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const body = JSON.parse(raw) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return redactSecrets(body.error.message);
  } catch {
    // not JSON: an SDK or network error, keep its text
  }
  return redactSecrets(raw);
}

/** Milliseconds to wait from a Retry-After header (seconds or HTTP date) or a RetryInfo `retryDelay`. */
export function retryAfterMs(error: unknown, header: string | undefined, now = Date.now()): number | undefined {
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(error instanceof Error ? error.message : '');
  return delay ? Math.round(Number(delay[1]) * 1000) : undefined;
}

const isQuota = (status: number | undefined, error: unknown): boolean =>
  status === 429 || (error instanceof Error && error.message.includes('RESOURCE_EXHAUSTED'));

/**
 * Classifies a failed start. The rule that matters: if the request may have reached Vertex
 * and no answer says it was refused, the outcome is unknown and the start must not be re-sent.
 */
export function classifyStartError(error: unknown, trace: ExchangeTrace): GeneratorError {
  const status = httpStatus(error);
  const message = vertexMessage(error);
  const base = status === undefined ? {} : { status };
  if (isQuota(status, error)) {
    const wait = retryAfterMs(error, trace.retryAfter);
    return { kind: 'quota', message, ...base, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  // A gateway timeout means a proxy gave up waiting: Vertex may still have accepted the start.
  if (status === 504) return { kind: 'unknown-outcome', message, status };
  if (status !== undefined && status >= 500) return { kind: 'transient', message, status };
  if (status !== undefined && status >= 400) return { kind: 'rejected', message, status };
  if (!trace.sent) {
    // Failed before anything was sent (credentials, request building): safe, nothing started.
    const kind = /credential|authenticat|token/i.test(message) ? 'rejected' : 'transient';
    return { kind, message: `Could not send the request to Vertex AI: ${message}` };
  }
  const codes = networkCodes(error);
  if (!trace.answered && codes.some((c) => NOT_CONNECTED.has(c))) return { kind: 'transient', message: `Vertex AI is unreachable: ${message} (${codes.join(', ')})` };
  const detail = codes.length > 0 ? ` (${codes.join(', ')})` : '';
  return { kind: 'unknown-outcome', message: `No answer from Vertex AI after sending the start: ${message}${detail}` };
}

/** Classifies a failed poll. Polls are read-only, so any network trouble is simply transient. */
export function classifyPollError(error: unknown, trace: ExchangeTrace): GeneratorError {
  const status = httpStatus(error);
  const message = vertexMessage(error);
  if (isQuota(status, error)) {
    const wait = retryAfterMs(error, trace.retryAfter);
    return { kind: 'quota', message, status: status ?? 429, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) return { kind: 'rejected', message, status };
  const codes = networkCodes(error);
  const detail = codes.length > 0 ? ` (${codes.join(', ')})` : '';
  return { kind: 'transient', message: `${message}${detail}`, ...(status === undefined ? {} : { status }) };
}

/** Whether an error says the operation does not exist (HTTP 404 or gRPC NOT_FOUND). */
export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404 || (error instanceof Error && /"status"\s*:\s*"NOT_FOUND"/.test(error.message));
}
