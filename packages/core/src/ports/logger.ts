/** Structured fields of a log event; snake_case keys as the specs name them. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Named, structured log events. Implementations must never throw. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every event. */
  child(bindings: LogFields): Logger;
}
