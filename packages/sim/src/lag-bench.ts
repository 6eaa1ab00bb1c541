import { performance } from 'node:perf_hooks';
import { stdout } from 'node:process';
import { type LagResult, runLagWorld } from './lag/lag-world.js';

/**
 * `npm run bench` (simulator part): detection lag — how long a finished video waits before its
 * user is told — for today's fixed poll schedule and the schedule by the model's recent times,
 * side by side at concurrency 3 and 20, on the simulator's clock. Printed, never asserted.
 */
async function bench(): Promise<void> {
  const requests = Number(process.env.LAG_REQUESTS ?? 2_000);
  const pollsPerMinute = 120;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const row = (c: number, name: string, r: LagResult) =>
    `| ${c} | ${name} | ${s(r.p50)} | ${s(r.p95)} | ${s(r.p99)} | ${s(r.coldP50)} | ${r.pollsPerRequest.toFixed(1)} | ${r.pollsPerMinute.toFixed(0)} (peak ${r.peakPollsPerMinute}) | ${r.throttled} |`;
  stdout.write(`detection lag (Google finished → user told), ${requests} requests per run, Veo times log-normal median 70 s / p90 140 s, VERTEX_POLLS_PER_MINUTE ${pollsPerMinute}, simulated clock\n\n`);
  stdout.write('| concurrency | schedule | lag p50 | p95 | p99 | p50 of the first 5 (no history yet) | polls/request | polls/min | 429s |\n|---|---|---|---|---|---|---|---|---|\n');
  const began = performance.now();
  for (const concurrency of [3, 20]) {
    const fixed = await runLagWorld({ requests, concurrency, byHistory: false, pollsPerMinute, seed: 7 });
    const history = await runLagWorld({ requests, concurrency, byHistory: true, pollsPerMinute, seed: 7 });
    stdout.write(`${row(concurrency, 'fixed 10 s ×1.5 → 30 s', fixed)}\n${row(concurrency, 'by history', history)}\n`);
    stdout.write(`|  | ratio (history ÷ fixed) | ${(history.p50 / fixed.p50).toFixed(2)} | ${(history.p95 / fixed.p95).toFixed(2)} | ${(history.p99 / fixed.p99).toFixed(2)} |  | ${(history.pollsPerRequest / fixed.pollsPerRequest).toFixed(2)} |  |  |\n`);
  }
  stdout.write(`\n(${((performance.now() - began) / 1000).toFixed(1)} s of wall time)\n`);
}

void bench();
