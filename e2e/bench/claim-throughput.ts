import type pg from 'pg';
import { PgRequestRepository, PgWorkerPresence } from '@veo-bot/adapter-postgres';
import { createTestSchema } from '@veo-bot/adapter-postgres/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import PgBoss from 'pg-boss';
import { seedBacklog } from './backlog.js';

/** One claim call of worker `w`: how many items it got, 0 when there are none left. */
type ClaimBatch = (w: number) => Promise<number>;

/** Claims per second for `workers` concurrent loops taking batches until `items` are claimed. */
async function run(workers: number, claimBatch: ClaimBatch, items: number): Promise<number> {
  let claimed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (claimed < items) {
        const got = await claimBatch(w);
        if (got === 0) break;
        claimed += got;
      }
    }),
  );
  return (claimed * 1000) / (performance.now() - started);
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Medians over the rounds, in claims per second. */
export interface ClaimThroughput {
  /** `PgRequestRepository.claimNext`: one statement per batch. */
  readonly ours: number;
  /** The loop before it: a candidate SELECT, then `claim(ids)` (two round trips per batch). */
  readonly twoStep: number;
  readonly pgBoss: number;
  /** ours ÷ pgBoss, and twoStep ÷ pgBoss, each the median of the rounds' own ratios. */
  readonly ratio: number;
  readonly twoStepRatio: number;
  readonly rounds: number;
}

/**
 * Claim throughput of our lease loop against pg-boss's `fetch` on the same server in the same
 * run: `rounds` rounds, each claiming a fresh backlog of `items` three ways one after the other
 * (one statement, the former two-step loop, pg-boss), so machine noise hits all three alike.
 * Every claiming worker is a live process (it holds its presence lock), as in production.
 */
export async function claimThroughput(items = 5_000, workers = 4, batch = 10, rounds = 3): Promise<ClaimThroughput> {
  const db = await createTestSchema();
  const owners = Array.from({ length: workers }, (_, w) => `bench-${w}`);
  const presence = new PgWorkerPresence({ pool: db.pool({ max: workers }), logger: new MemoryLogger() });
  const boss = new PgBoss({ connectionString: db.database.url, schema: `${db.schema}_boss`, max: workers + 2, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  try {
    for (const owner of owners) await presence.join(owner);
    const pool = db.pool({ max: workers + 2 });
    const repo = new PgRequestRepository({ pool, logger: new MemoryLogger() });
    const lease = (w: number) => {
      const now = new Date();
      return { owner: owners[w]!, until: new Date(now.getTime() + 600_000), now };
    };
    const seeded = async () => {
      await db.truncate();
      await seedBacklog(pool, items, { guildId: '1', channelId: '2' });
    };
    await boss.start();
    const samples = { ours: [] as number[], twoStep: [] as number[], pgBoss: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      await seeded();
      samples.ours.push(await run(workers, async (w) => (await repo.claimNext(lease(w), batch)).length, items));
      await seeded();
      samples.twoStep.push(await run(workers, (w) => twoStepClaim(pool, repo, lease(w), batch), items));
      const queue = `bench-${round}`;
      await boss.createQueue(queue);
      for (let i = 0; i < items; i += 1_000) await boss.insert(Array.from({ length: Math.min(1_000, items - i) }, (_, k) => ({ name: queue, data: { n: i + k } })));
      samples.pgBoss.push(await run(workers, async () => (await boss.fetch(queue, { batchSize: batch })).length, items));
    }
    const ratios = (xs: readonly number[]) => median(xs.map((x, i) => x / samples.pgBoss[i]!));
    return {
      ours: median(samples.ours), twoStep: median(samples.twoStep), pgBoss: median(samples.pgBoss),
      ratio: ratios(samples.ours), twoStepRatio: ratios(samples.twoStep), rounds,
    };
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    for (const owner of owners) await presence.leave(owner);
    await db.pool({ max: 1 }).query(`DROP SCHEMA IF EXISTS ${db.schema}_boss CASCADE`);
    await db.drop();
  }
}

/** The former loop: candidate ids (free or expired, oldest first), then `claim` with SKIP LOCKED. */
async function twoStepClaim(pool: pg.Pool, repo: PgRequestRepository, lease: { owner: string; until: Date; now: Date }, batch: number): Promise<number> {
  const candidates = await pool.query<{ id: string }>(
    "SELECT id FROM video_requests WHERE status IN ('pending', 'generating') AND (lease_until IS NULL OR lease_until <= $1) ORDER BY created_at, id LIMIT $2",
    [lease.now, batch],
  );
  if (candidates.rows.length === 0) return 0;
  const claimed = await repo.claim(candidates.rows.map((r) => r.id), lease);
  return Math.max(claimed.length, 1e-9); // lost every race this time: not the end of the backlog
}
