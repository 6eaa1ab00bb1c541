import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { createTestSchema } from '@veo-bot/adapter-postgres/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import PgBoss from 'pg-boss';
import { seedBacklog } from './backlog.js';

/** Claims per second for `workers` concurrent loops taking `batch` items until `items` are claimed. */
async function run(workers: number, claimBatch: () => Promise<number>, items: number): Promise<number> {
  let claimed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (claimed < items) {
        const got = await claimBatch();
        if (got === 0) break;
        claimed += got;
      }
    }),
  );
  return (claimed * 1000) / (performance.now() - started);
}

/**
 * Claim throughput of our lease loop (candidate ids, then PgRequestRepository.claim with
 * FOR UPDATE SKIP LOCKED) against pg-boss's `fetch` on the same server in the same run.
 */
export async function claimThroughput(items = 5_000, workers = 4, batch = 10): Promise<{ ours: number; pgBoss: number; ratio: number }> {
  const db = await createTestSchema();
  try {
    const pool = db.pool({ max: workers + 2 });
    await seedBacklog(pool, items, { guildId: '1', channelId: '2' });
    const repo = new PgRequestRepository({ pool, logger: new MemoryLogger() });
    let worker = 0;
    const ours = await run(workers, async () => {
      const owner = `bench-${++worker % workers}`;
      const now = new Date();
      const candidates = await pool.query<{ id: string }>(
        "SELECT id FROM video_requests WHERE status IN ('pending', 'generating') AND (lease_until IS NULL OR lease_until <= $1) ORDER BY created_at, id LIMIT $2",
        [now, batch],
      );
      const claimed = await repo.claim(candidates.rows.map((r) => r.id), { owner, until: new Date(now.getTime() + 600_000), now });
      return candidates.rows.length === 0 ? 0 : Math.max(claimed.length, 1e-9);
    }, items);

    const boss = new PgBoss({ connectionString: db.database.url, schema: `${db.schema}_boss`, max: workers + 2, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue('bench');
    for (let i = 0; i < items; i += 1_000) await boss.insert(Array.from({ length: Math.min(1_000, items - i) }, (_, k) => ({ name: 'bench', data: { n: i + k } })));
    const pgBoss = await run(workers, async () => (await boss.fetch('bench', { batchSize: batch })).length, items);
    await boss.stop({ graceful: false, wait: true });
    const admin = db.pool({ max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${db.schema}_boss CASCADE`);
    return { ours, pgBoss, ratio: ours / pgBoss };
  } finally {
    await db.drop();
  }
}
