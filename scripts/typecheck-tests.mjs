// Type-checks every package's tests (tsc -b builds only the shipped sources).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
let failed = false;
const configs = readdirSync('packages').map((name) => `packages/${name}/tsconfig.test.json`);
configs.push('e2e/tsconfig.json'); // the end-to-end durability suite and benchmarks
for (const config of configs) {
  if (!existsSync(config)) continue;
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
