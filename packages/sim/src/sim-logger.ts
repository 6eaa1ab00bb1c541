import { LogEvents, type LogFields, type Logger } from '@veo-bot/core';
import { shortId } from './trace.js';

/** Info events worth a line in the trace (warnings and errors always get one). */
const TRACED_INFO = new Set<string>([
  LogEvents.resumeStarting,
  LogEvents.resumeCompleted,
  'Leases released',
  'Notification already visible; recorded without sending again',
  'Another instance owns this request now; it delivers the notification',
  'Backfilled request',
  'Reconciled requests written while the database was down',
]);

/** Quiet events: routine noise of an outage, counted but not traced one by one. */
const QUIET = new Set<string>(['Progress update failed', 'Polling failed; will retry']);

/** Core's Logger port writing the interesting events of one process into the world's trace. */
export class SimLogger implements Logger {
  constructor(
    private readonly note: (who: string, text: string) => void,
    private readonly who: string,
  ) {}

  debug(): void {}

  info(event: string, fields?: LogFields): void {
    if (TRACED_INFO.has(event)) this.write('info', event, fields);
  }

  warn(event: string, fields?: LogFields): void {
    if (!QUIET.has(event)) this.write('warn', event, fields);
  }

  error(event: string, fields?: LogFields): void {
    this.write('ERROR', event, fields);
  }

  child(): Logger {
    return this;
  }

  private write(level: string, event: string, fields: LogFields = {}): void {
    // The database being down is traced once, by the world; each refused call is not news.
    if (typeof fields.error_message === 'string' && fields.error_message.includes(' is offline (')) return;
    const id = typeof fields.request_id === 'string' ? ` ${shortId(fields.request_id)}` : '';
    const msg = typeof fields.error_message === 'string' ? `: ${fields.error_message.slice(0, 120)}` : '';
    const detail = typeof fields.detail === 'string' ? ` (${fields.detail})` : '';
    const move = typeof fields.old_status === 'string' && typeof fields.new_status === 'string' ? ` ${fields.old_status} → ${fields.new_status}` : '';
    this.note(this.who, `log ${level} "${event}"${id}${move}${detail}${msg}`);
  }
}
