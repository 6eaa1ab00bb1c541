/**
 * `npm run bench` (end-to-end part): prints each number and ratio as a Markdown table to paste
 * into e2e/README.md. Nothing is asserted.
 */
import { claimThroughput } from './claim-throughput.js';
import { deliveryLatency } from './delivery-latency.js';
import { memoryUse } from './memory.js';
import { quotaUse } from './quota-use.js';
import { readyTime } from './ready-time.js';
import { resumeThroughput } from './resume-throughput.js';

const rows: string[] = ['| benchmark | result | goal |', '|---|---|---|'];
const print = (row: string): void => {
  rows.push(row);
  console.log(row);
};

const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);

if (want('ready')) {
  const r = await readyTime(10_000);
  print(`| ready time, 10k-row backlog (gateway READY → first /veo row written) | ${(r.readyToAcceptedMs / 1000).toFixed(3)} s (spawn → READY ${(r.spawnToReadyMs / 1000).toFixed(2)} s) | < 1 s |`);
}
if (want('resume')) {
  const r = await resumeThroughput(24, 4, 200);
  print(`| resume throughput, N=${r.n} C=${r.c}, fake latency 200 ms/call (L = ${r.lSeconds.toFixed(2)} s alone) | wall ${r.wallSeconds.toFixed(2)} s; wall ÷ (N·L/C) = ${r.ratio.toFixed(3)} | ≤ 1.05 |`);
}
if (want('quota')) {
  const r = await quotaUse(60, 60_000);
  print(`| quota use, RPM ${r.rpm}, backlog ${2 * r.rpm} | ${r.achievedPerMinute.toFixed(1)} starts/min; ratio ${r.ratio.toFixed(3)}; 429s caused by us: ${r.throttled} | ≥ 0.95, 0 |`);
}
if (want('claim')) {
  const r = await claimThroughput(5_000, 4, 10, 3);
  print(`| claim throughput, 5k items, 4 workers, batch 10, median of ${r.rounds} rounds | ours (one statement) ${r.ours.toFixed(0)}/s; former two-step loop ${r.twoStep.toFixed(0)}/s; pg-boss 10.4 fetch ${r.pgBoss.toFixed(0)}/s; ratio ${r.ratio.toFixed(2)} (two-step ${r.twoStepRatio.toFixed(2)}) | ≥ 1.0 |`);
}
if (want('delivery')) {
  const r = await deliveryLatency(20);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  print(`| delivery latency, terminal write (completed_at) → FakeDiscord received the message, ${r.attached.n} each, one at a time | attached (${mib(r.attached.sizeBytes)} MiB upload) p50 ${ms(r.attached.p50Ms)}, p95 ${ms(r.attached.p95Ms)}; link (${mib(r.linked.sizeBytes)} MiB, over the 10 MiB limit) p50 ${ms(r.linked.p50Ms)}, p95 ${ms(r.linked.p95Ms)} | — |`);
}
if (want('memory')) {
  const goal = 'peak < 150 MB (143 MiB), flat in backlog';
  const line = (label: string, runs: Awaited<ReturnType<typeof memoryUse>>): string => {
    const cell = (f: (r: (typeof runs)[number]) => number, digits = 0) => runs.map((r) => f(r).toFixed(digits)).join(' / ');
    return `| memory of \`veo-bot start\`, backlog 0 / 1k / 10k, 3 × 8 MiB videos in flight${label} | peak (VmHWM) ${cell((r) => r.peakMiB)} MiB; steady (median VmRSS) ${cell((r) => r.steadyMiB)} MiB; at READY ${cell((r) => r.atReadyMiB)} MiB; CPU ${cell((r) => r.cpuSeconds, 1)} s | ${goal} |`;
  };
  print(line('', await memoryUse([0, 1_000, 10_000])));
  // The young generation V8 would grow on its own (the bin keeps it small unless told otherwise).
  print(line(', NODE_OPTIONS=--max-semi-space-size=16 (the young generation V8 sizes itself)', await memoryUse([0, 1_000, 10_000], { NODE_OPTIONS: '--max-semi-space-size=16' })));
}
console.log(`\n${rows.join('\n')}`);
process.exit(0);
