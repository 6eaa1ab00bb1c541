import { argv, exit, stdout } from 'node:process';
import { runSeed } from './run-seed.js';
import { formatReport } from './report.js';
import { sweepSeeds } from './sweep.js';

/** `npm run sim -- --seeds N [--start S]` sweeps seeds; `--seed S` replays one and prints its trace. */
function parse(args: readonly string[]): { seed?: number; seeds: number; start: number; sabotage?: string; quiet: boolean } {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number) => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      stdout.write(`${flag} needs a non-negative integer\n`);
      exit(2);
    }
    return n;
  };
  const seed = value('--seed');
  const sabotage = value('--sabotage');
  return {
    ...(seed !== undefined ? { seed: num('--seed', 0) } : {}),
    seeds: num('--seeds', 100),
    start: num('--start', 1),
    ...(sabotage ? { sabotage } : {}),
    quiet: args.includes('--quiet'),
  };
}

async function main(): Promise<void> {
  const options = parse(argv.slice(2));
  const world = options.sabotage ? { sabotage: options.sabotage } : {};
  if (options.seed !== undefined) {
    const result = await runSeed(options.seed, world);
    stdout.write(`${formatReport(result, true)}\n`);
    exit(result.violations.length === 0 ? 0 : 1);
  }
  const last = options.start + options.seeds - 1;
  const sweep = await sweepSeeds(options.start, options.seeds, world, (result) => {
    if (!options.quiet) stdout.write(`seed ${result.seed}: ${[...new Set(result.violations.map((v) => v.invariant))].join(', ')}\n`);
  });
  const rate = (sweep.seeds / sweep.seconds).toFixed(1);
  stdout.write(`${sweep.seeds} seeds (${options.start}..${last}) in ${sweep.seconds.toFixed(1)} s: ${rate} seeds/s, ${sweep.failing.length} failing\n`);
  if (sweep.first) {
    stdout.write(`\nFirst failing seed: ${sweep.first.seed} (replay: npm run sim -- --seed ${sweep.first.seed})\n${formatReport(sweep.first, true)}\n`);
    exit(1);
  }
}

void main();
