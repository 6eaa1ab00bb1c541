import type { LogFields, Logger } from '@veo-bot/core';
import pino, { type Logger as Pino } from 'pino';
import { SecretScrubber } from './secrets.js';

/** Options of {@link createPinoLogger}. */
export interface PinoLoggerOptions {
  readonly level: string;
  /** Human-readable output (default: when stdout is a terminal). */
  readonly pretty?: boolean;
  readonly scrubber?: SecretScrubber;
  /** Where to write (default stdout); tests pass a stream. */
  readonly destination?: NodeJS.WritableStream;
}

/** The core Logger port on pino: structured JSON in production, pretty on a TTY, secrets scrubbed. */
export class PinoLogger implements Logger {
  constructor(
    private readonly pino: Pino,
    private readonly scrubber: SecretScrubber,
  ) {}

  debug(event: string, fields?: LogFields): void {
    this.pino.debug(this.clean(fields), event);
  }
  info(event: string, fields?: LogFields): void {
    this.pino.info(this.clean(fields), event);
  }
  warn(event: string, fields?: LogFields): void {
    this.pino.warn(this.clean(fields), event);
  }
  error(event: string, fields?: LogFields): void {
    this.pino.error(this.clean(fields), event);
  }
  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(this.clean(bindings)), this.scrubber);
  }

  /** Flushes buffered output (before exit). */
  flush(): void {
    this.pino.flush();
  }

  private clean(fields: LogFields | undefined): Record<string, unknown> {
    return fields ? this.scrubber.scrub({ ...fields }) : {};
  }
}

/** Builds the process logger. */
export function createPinoLogger(options: PinoLoggerOptions): PinoLogger {
  const scrubber = options.scrubber ?? new SecretScrubber([]);
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const base = { level: options.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  const instance = options.destination
    ? pino(base, options.destination as pino.DestinationStream)
    : pretty
      ? pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } })
      : pino(base);
  return new PinoLogger(instance, scrubber);
}
