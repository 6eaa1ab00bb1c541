/**
 * What the budget check adds to a submit at production-like volume (not a test).
 *
 *   npm run bench:budget -w packages/adapter-postgres      # 1,000,000 rows
 *   BENCH_ROWS=100000 npx tsx --conditions=@veo-bot/source packages/adapter-postgres/bench/budget.bench.ts
 *
 * Compares `PgRequestRepository.create` (no budget) with `PgBudgetLedger.reserve` (advisory lock
 * + spend of the guild's day and month + insert, in one transaction) on the same seeded table.
 * Database as in queries.bench.ts; works in a throw-away schema dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { type Logger, NO_CAPS, newPendingRequest, spendWindows } from '@veo-bot/core';
import { createPool, migrate, PgBudgetLedger, PgRequestRepository } from '../src/index.js';
import { testDatabase } from '../src/testing/index.js';
import { seedRows } from './seed.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function draft(guild: number) {
  const now = new Date();
  return newPendingRequest({
    id: randomUUID(), userId: `user-${guild * 10}`, guildId: `guild-${guild}`, channelId: 'c', createdAt: now, interaction: null, estimatedCostUsd: 0.4,
    prompt: 'bench', model: 'veo-3.1-fast-generate-001', durationSeconds: 4, aspectRatio: '16:9', resolution: '720p', generateAudio: false, negativePrompt: null, seed: null,
  });
}

async function time(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = -20; i < ITERATIONS; i++) {
    const started = performance.now();
    await run(i);
    if (i >= 0) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? (await testDatabase()).url;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool({ connectionString: url, schema, max: 10 });
  try {
    await migrate(pool);
    await seedRows(pool, ROWS);
    await pool.query(`UPDATE video_requests SET estimated_cost_usd = 3.2, final_cost_usd = CASE WHEN status IN ('completed', 'failed', 'timeout') THEN 3.2 END`);
    await pool.query('VACUUM ANALYZE video_requests');
    const repo = new PgRequestRepository({ pool, logger: silent });
    const ledger = new PgBudgetLedger({ pool, logger: silent });
    // Caps high enough that every reserve inserts: the full cost of the check is measured.
    const caps = { ...NO_CAPS, guildDailyUsd: 100_000, guildMonthlyUsd: 100_000, userDailyUsd: 100_000 };
    const plain = await time((i) => repo.create(draft(Math.abs(i) % 500)));
    const budgeted = await time((i) => ledger.reserve(draft(Math.abs(i) % 500), caps, spendWindows(new Date())));
    console.log(`| submit write (${ROWS.toLocaleString('en')} rows, ${ITERATIONS} runs) | p50 ms | p95 ms |`);
    console.log('|---|---:|---:|');
    console.log(`| create (no budget) | ${plain.p50.toFixed(2)} | ${plain.p95.toFixed(2)} |`);
    console.log(`| reserve (lock + day/month spend + insert) | ${budgeted.p50.toFixed(2)} | ${budgeted.p95.toFixed(2)} |`);
    console.log(`| added by the budget check | ${(budgeted.p50 - plain.p50).toFixed(2)} | ${(budgeted.p95 - plain.p95).toFixed(2)} |`);
  } finally {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
