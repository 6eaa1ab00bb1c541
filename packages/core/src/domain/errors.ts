/** Base class of every error veo-bot throws on purpose; `code` is stable across releases. */
export class VeoBotError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A status change the state machine forbids (TRK-6: "Invalid status transition"). */
export class InvalidTransitionError extends VeoBotError {
  constructor(
    readonly requestId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super('INVALID_TRANSITION', `Invalid status transition: ${from} → ${to} (request ${requestId})`);
  }
}

/** The request id names no stored request. */
export class RequestNotFoundError extends VeoBotError {
  constructor(readonly requestId: string) {
    super('REQUEST_NOT_FOUND', `Request ${requestId} not found`);
  }
}

/** The request store cannot be reached right now (connection refused, timeout, failover). */
export class RepositoryUnavailableError extends VeoBotError {
  constructor(message = 'The request database is unavailable', options?: { cause?: unknown }) {
    super('REPOSITORY_UNAVAILABLE', message, options);
  }
}

/** Configuration given to a core component is unusable. */
export class ConfigurationError extends VeoBotError {
  constructor(message: string) {
    super('INVALID_CONFIGURATION', message);
  }
}

/** Message and stack of anything thrown, for logs; never includes secrets kept elsewhere. */
export function describeError(error: unknown): { error_message: string; stack_trace?: string } {
  if (error instanceof Error) {
    return error.stack ? { error_message: error.message, stack_trace: error.stack } : { error_message: error.message };
  }
  return { error_message: String(error) };
}
