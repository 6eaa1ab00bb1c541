import { describe, expect, it } from 'vitest';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { DEFAULT_MODEL_ID } from '../../domain/models.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { aRequest } from '../../testing/builders.js';
import { InMemoryRequestRepository } from '../../testing/in-memory-request-repository.js';

/** A repository that already holds `n` completed requests of the default model, each `ms` long. */
function withHistory(n: number, ms: number): InMemoryRequestRepository {
  const repo = new InMemoryRequestRepository();
  const end = new Date(Date.UTC(2026, 10, 23, 11, 0, 0));
  for (let i = 0; i < n; i++) {
    const startedAt = new Date(end.getTime() - ms - i * 60_000);
    const completedAt = new Date(startedAt.getTime() + ms);
    repo.seed(aRequest({ userId: `past-user-${i}`, model: DEFAULT_MODEL_ID, status: 'completed', createdAt: startedAt, startedAt, completedAt, durationMs: ms, notifiedAt: completedAt }));
  }
  return repo;
}

/** Submits one request whose operation answers "done" on its fourth poll; returns its row and poll times. */
async function runOne(repo: InMemoryRequestRepository, generation: Record<string, unknown> = {}) {
  const w = makeWorld({ generation }, { repo });
  w.generator.script('fox', { outcome: 'succeed', afterPolls: 3 });
  const result = await w.core.submit.execute(veo('fox'));
  if (!result.ok) throw new Error(result.message);
  await w.core.scheduler.whenIdle();
  const row = (await w.repo.get(result.request.id)) as VideoRequest;
  const shown = w.notifier.notices.filter((n) => n.kind === 'progress' && n.requestId === row.id && n.update.stage === 'generating').length;
  return { row, shown };
}

describe('polling by the model’s recent generation times (#21)', () => {
  it('without history: the fixed schedule (polls at 0, 10, 25 and 47.5 s)', async () => {
    const { row, shown } = await runOne(withHistory(2, 40_000));
    expect(row.status).toBe('completed');
    expect(row.durationMs).toBe(47_500);
    // Every running poll shows its progress (0, 10, 25 s).
    expect(shown).toBe(3);
  });

  it('with history: waits until the window opens, then polls every 3 s (done on the fourth poll, 36 s in)', async () => {
    const { row, shown } = await runOne(withHistory(10, 40_000));
    expect(row.status).toBe('completed');
    // The status message is edited at 0 and 30 s, not again 3 s later.
    expect(shown).toBe(2);
    // Ten 40 s runs: the window opens at 40 s × e^(−0.1 × 2.054) ≈ 32.6 s; polls at 0, 30 s (the ceiling), 33 s and 36 s.
    expect(row.durationMs).toBe(36_000);
  });

  it('with history but switched off: the fixed schedule', async () => {
    const { row } = await runOne(withHistory(10, 40_000), { pollByHistory: false });
    expect(row.durationMs).toBe(47_500);
  });
});
