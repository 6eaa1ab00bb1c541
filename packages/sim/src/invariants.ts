import { type VideoRequest, isTerminal } from '@veo-bot/core';
import type { Excuse } from './facts.js';
import { shortId } from './trace.js';
import type { World } from './world.js';

/** One broken promise, for one request (or for the world). */
export interface Violation {
  readonly requestId: string | null;
  readonly invariant: string;
  readonly detail: string;
}

const FAIL_EXCUSES: readonly Excuse[] = ['rejected', 'op-failed', 'filtered', 'start-in-doubt', 'vertex-busy'];
const TIMEOUT_EXCUSES: readonly Excuse[] = ['slow', 'expired', 'start-in-doubt'];
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** Every invariant of one request at quiescence. */
function checkRequest(world: World, row: VideoRequest, out: Violation[]): void {
  const { facts, vertex, discord } = world;
  const v = (invariant: string, detail: string) => out.push({ requestId: row.id, invariant, detail: `${shortId(row.id)}: ${detail}` });
  const asker = row.interaction ? facts.askers.get(row.interaction.token) : undefined;
  if (!isTerminal(row.status)) v('terminal', `still ${row.status} (attempts ${row.attempts}, lease ${row.leaseOwner ?? 'none'})`);
  if ((facts.terminalWrites.get(row.id) ?? 0) > 1) v('one-terminal-state', `${facts.terminalWrites.get(row.id)} terminal writes applied`);
  if (isTerminal(row.status) && row.notifiedAt === null) v('announced', `${row.status} but never announced`);
  if (!asker) v('owner', 'no interaction of the world asked for this request');
  else if (asker.user !== row.userId) v('owner', `made for ${row.userId} by a click of ${asker.user}`);

  const accepted = vertex.accepted.get(row.id) ?? 0;
  const billed = vertex.billed.get(row.id) ?? 0;
  if (accepted > 1) v('billed-at-most-once', `Vertex accepted ${accepted} starts`);
  if (billed > 1) v('billed-at-most-once', `billed ${billed} times`);
  if (row.status === 'completed' && billed !== 1) v('billed-once-when-completed', `completed with ${billed} billed generations`);

  const cancels = facts.cancels.get(row.id) ?? [];
  if (row.status === 'cancelled') {
    if (accepted > 0 || billed > 0) v('cancelled-never-sent', `cancelled, yet Google accepted ${accepted} start(s)`);
    if (!cancels.some((c) => c.user === row.userId || c.manager)) v('cancelled-by-owner', `cancelled without a click by its owner or a manager (${JSON.stringify(cancels)})`);
  } else if (cancels.some((c) => c.answer === 'cancelled')) v('cancel-holds', `a click was told "cancelled" but it ended ${row.status}`);
  const messages = discord.messages.filter((m) => m.requestId === row.id);
  const hurt = discord.channelHurt(row.channelId);
  if (messages.length > 1) v('one-final-message', `${messages.length} final messages: ${messages.map((m) => `${m.kind} via ${m.via} by ${m.by}`).join('; ')}`);
  // Shown in place (the status message edited to the outcome): what core does when a follow-up
  // may or may not have arrived and the channel cannot be read; it pings nobody, so it is not a
  // second message, and it counts as the answer when no follow-up arrived.
  const inPlace = discord.inPlace.get(row.id);
  // A cancelled request's answer is the click's own (its status message edited); nothing is posted.
  if (row.status === 'cancelled' && (messages.length > 0 || inPlace)) v('nothing-after-cancel', `cancelled, yet announced: ${messages.map((m) => m.kind).join(', ') || inPlace}`);
  if (messages.length === 0 && !inPlace && !hurt && isTerminal(row.status) && row.status !== 'cancelled') v('one-final-message', `no final message (notify outcome ${row.notifyOutcome ?? 'none'})`);
  const expectedKind = row.status === 'completed' ? 'completed' : 'failed';
  if (inPlace && isTerminal(row.status) && inPlace !== expectedKind) v('message-matches-outcome', `${row.status} shown in place as ${inPlace}`);
  if (row.notifyOutcome === 'undeliverable' && !hurt) v('one-final-message', 'recorded undeliverable although its channel was fine');
  for (const m of messages) {
    if (m.mention !== row.userId || (asker && m.mention !== asker.user)) v('pings-only-owner', `message pings ${m.mention}`);
    const expected = row.status === 'completed' ? 'completed' : 'failed';
    if (isTerminal(row.status) && row.status !== 'cancelled' && m.kind !== expected) v('message-matches-outcome', `${row.status} announced as ${m.kind}`);
  }

  if (row.finalCostUsd !== null) {
    const expected = billed > 0 ? row.estimatedCostUsd : 0;
    // A start in doubt, or an accepted operation whose end the bot never saw (timed out): nobody
    // can tell a billed one from a filtered one, so the estimate may be charged.
    const unseen = facts.has(row.id, 'start-in-doubt') || (row.status === 'timeout' && row.operationName !== null);
    const doubtful = unseen && billed === 0 && same(row.finalCostUsd, row.estimatedCostUsd);
    if (!same(row.finalCostUsd, expected) && !doubtful) v('spend-matches-billing', `charged $${row.finalCostUsd}, Vertex billed ${billed} × $${row.estimatedCostUsd}`);
  }

  const excused = (list: readonly Excuse[]) => list.some((e) => facts.has(row.id, e));
  const lostTime = facts.lostTimeDuring(row.createdAt.getTime(), (row.completedAt ?? row.updatedAt).getTime());
  if (row.status === 'failed' && !excused(FAIL_EXCUSES) && !hurt) v('no-failure-for-nothing', `failed "${row.errorMessage}" though every fault it met was retryable`);
  if (row.status === 'timeout' && !excused(TIMEOUT_EXCUSES) && !lostTime) v('no-failure-for-nothing', `timed out "${row.errorMessage}" though nothing made it slow`);
}

/** Every invariant of the world at quiescence (plus the ones checked while it ran). */
export function checkWorld(world: World, settled: boolean): Violation[] {
  const out: Violation[] = [...world.facts.live];
  const rows = world.rows();
  const ids = new Set(rows.map((r) => r.id));
  if (!settled) out.push({ requestId: null, invariant: 'quiescence', detail: 'the world did not settle within the time bound' });
  for (const row of rows) checkRequest(world, row, out);
  for (const [id, who] of world.facts.synthetic) {
    if (ids.has(id)) continue;
    const dead = world.processes.find((p) => p.name === who)?.state === 'dead';
    // Accepted with a synthetic id while the database was down and its process died before the
    // row could be written: nothing durable remembers it (DUR-20's known limit) — but it must
    // not have been billed or announced twice.
    if (!dead) out.push({ requestId: id, invariant: 'durable', detail: `${shortId(id)}: accepted but never written` });
    if ((world.vertex.billed.get(id) ?? 0) > 1) out.push({ requestId: id, invariant: 'billed-at-most-once', detail: `${shortId(id)}: billed twice` });
    if (world.discord.messages.filter((m) => m.requestId === id).length > 1) out.push({ requestId: id, invariant: 'one-final-message', detail: `${shortId(id)}: announced twice` });
  }
  return out;
}
