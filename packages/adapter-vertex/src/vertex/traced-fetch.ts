import type { Fetch } from '@google/genai';
import type { ExchangeTrace } from './classify-error.js';

/** A fresh trace: nothing sent yet. */
export const newTrace = (): ExchangeTrace => ({ sent: false, answered: false });

/**
 * Wraps fetch for one SDK call, recording whether the request left the process and the
 * Retry-After header. @google/genai hides both, and both decide how a failure is classified.
 */
export function tracedFetch(trace: ExchangeTrace, inner: Fetch = fetch): Fetch {
  return async (input, init) => {
    trace.sent = true;
    const response = await inner(input, init);
    trace.answered = true;
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null) trace.retryAfter = retryAfter;
    return response;
  };
}
