import type { LogFields, Logger } from '../ports/logger.js';

/** One recorded log event. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields: LogFields;
}

/** Logger that keeps every event in memory for assertions. */
export class MemoryLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  private push(level: LogEntry['level'], event: string, fields: LogFields = {}): void {
    this.entries.push({ level, event, fields: { ...this.bindings, ...fields } });
  }

  debug(event: string, fields?: LogFields): void {
    this.push('debug', event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.push('info', event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.push('warn', event, fields);
  }
  error(event: string, fields?: LogFields): void {
    this.push('error', event, fields);
  }
  child(bindings: LogFields): Logger {
    return new MemoryLogger(this.entries, { ...this.bindings, ...bindings });
  }

  /** Entries with this event name. */
  find(event: string): LogEntry[] {
    return this.entries.filter((e) => e.event === event);
  }
}
