import { performance } from 'node:perf_hooks';
import { stdout } from 'node:process';
import { runSeed } from './run-seed.js';

/** `npm run bench`: how many simulated worlds (seeds) per second this machine checks. */
async function bench(): Promise<void> {
  const seeds = 300;
  const began = performance.now();
  let failing = 0;
  let steps = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const result = await runSeed(seed);
    steps += result.steps;
    if (result.violations.length > 0) failing += 1;
  }
  const seconds = (performance.now() - began) / 1000;
  stdout.write(`simulator: ${(seeds / seconds).toFixed(1)} seeds/s (${seeds} seeds in ${seconds.toFixed(1)} s, ${Math.round(steps / seconds)} simulated events/s; ${failing} seeds with violations)\n`);
}

void bench();
