import { createHash } from 'node:crypto';

/** Which message of a request a nonce belongs to. */
export type NonceKind = 'completed' | 'failed';

/** Discord's limit for a message `nonce`. */
export const MAX_NONCE_LENGTH = 25;

/**
 * A message nonce derived only from the request id and the kind of message, so every
 * process sending the same notification uses the same one; with `enforce_nonce` Discord
 * then returns the earlier message instead of posting twice.
 */
export function messageNonce(requestId: string, kind: NonceKind): string {
  const digest = createHash('sha256').update(`${requestId}:${kind}`).digest('base64url');
  return `v${kind[0]}${digest}`.slice(0, MAX_NONCE_LENGTH);
}
