import type { FakeMessage } from '@veo-bot/adapter-discord/testing';
import type { AcceptedStart } from '@veo-bot/adapter-vertex/testing';
import type { ChaosWorld, RequestRow } from './chaos-world.js';

/** What happened to one request, as its user and Google's bill would see it. */
export interface RequestOutcome {
  readonly id: string;
  readonly userId: string;
  readonly status: string;
  /** Generations Vertex accepted for this request (storageUri under its prefix). */
  readonly starts: number;
  /** New messages (follow-ups and channel posts) that mention the user. */
  readonly messages: number;
  readonly notified: boolean;
}

const TERMINAL = new Set(['completed', 'failed', 'timeout', 'cancelled']);

/** Joins rows, accepted starts and Discord messages per request. */
export function outcomes(rows: readonly RequestRow[], starts: readonly AcceptedStart[], messages: readonly FakeMessage[]): RequestOutcome[] {
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    status: row.status,
    starts: starts.filter((s) => s.storageUri?.includes(row.id)).length,
    messages: messages.filter((m) => m.kind !== 'original' && !m.deleted && m.content.includes(`<@${row.user_id}>`)).length,
    notified: row.notified_at !== null,
  }));
}

/**
 * Every way an outcome breaks the promise: not exactly one terminal status, a generation paid
 * twice (or a completed video with none), not exactly one message, or several rows per user.
 */
export function violations(all: readonly RequestOutcome[]): string[] {
  const found: string[] = [];
  const perUser = new Map<string, number>();
  for (const o of all) perUser.set(o.userId, (perUser.get(o.userId) ?? 0) + 1);
  for (const o of all) {
    const who = `request ${o.id} (user ${o.userId}, ${o.status})`;
    if (!TERMINAL.has(o.status)) found.push(`${who}: not terminal`);
    if (o.starts > 1) found.push(`${who}: ${o.starts} Vertex generations started`);
    if (o.status === 'completed' && o.starts !== 1) found.push(`${who}: completed with ${o.starts} generations`);
    if (o.messages !== 1) found.push(`${who}: ${o.messages} completion/failure messages`);
    if (!o.notified) found.push(`${who}: notified_at is null`);
    if ((perUser.get(o.userId) ?? 0) > 1) found.push(`${who}: user has ${perUser.get(o.userId)} rows for one /veo`);
  }
  return found;
}

/** Counts per status, for the printed summary. */
export function tally(all: readonly RequestOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of all) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

/** The new messages that mention a user, for a failure report. */
export function describeMessages(world: ChaosWorld, userId: string): string {
  const seen = world.discord.world.messages.filter((m) => m.kind !== 'original' && m.content.includes(`<@${userId}>`));
  return JSON.stringify(seen.map((m) => ({ id: m.id, kind: m.kind, nonce: m.nonce, deleted: m.deleted, content: m.content.slice(0, 80) })));
}
