/** How one request's processing ended. */
export type RunOutcome = 'completed' | 'failed' | 'timeout' | 'skipped';
