import { RepositoryUnavailableError } from '@veo-bot/core';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** SQLSTATEs meaning "the server is going away or not accepting us yet" (not a bad query). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when `error` means the database cannot be reached (refused, timed out, restarting,
 * connection lost), as opposed to a query the database rejected.
 */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (error instanceof AggregateError && error.errors.some((e) => isConnectionError(e))) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/** Turns a connection-level failure into core's RepositoryUnavailableError; other errors pass through. */
export function toRepositoryError(error: unknown, operation: string): unknown {
  if (error instanceof RepositoryUnavailableError || !isConnectionError(error)) return error;
  const reason = error instanceof Error && error.message ? error.message : (codeOf(error) ?? 'unknown error');
  return new RepositoryUnavailableError(`The request database is unavailable (${operation}: ${reason})`, { cause: error });
}
