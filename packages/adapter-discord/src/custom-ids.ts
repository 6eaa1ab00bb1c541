/** Prefix of the Retry button's `custom_id` (seed 004). */
export const RETRY_CUSTOM_ID_PREFIX = 'veo:retry:';

/** Discord's limit for a component `custom_id`. */
export const MAX_CUSTOM_ID_LENGTH = 100;

/** The Retry button's `custom_id` for a request; throws if the id would not fit (a bug). */
export function retryCustomId(requestId: string): string {
  const id = `${RETRY_CUSTOM_ID_PREFIX}${requestId}`;
  if (id.length > MAX_CUSTOM_ID_LENGTH) throw new RangeError(`custom_id longer than ${MAX_CUSTOM_ID_LENGTH} characters`);
  return id;
}

/** The request id of a Retry button's `custom_id`, or null when it is not one. */
export function parseRetryCustomId(customId: string): string | null {
  if (!customId.startsWith(RETRY_CUSTOM_ID_PREFIX)) return null;
  const id = customId.slice(RETRY_CUSTOM_ID_PREFIX.length);
  return id.length > 0 ? id : null;
}
