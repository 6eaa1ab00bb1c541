import type { SeedResult } from './run-seed.js';

/** A seed's verdict: its violated invariants and, when asked, its whole trace. */
export function formatReport(result: SeedResult, withTrace: boolean): string {
  const head = `seed ${result.seed}: ${result.requests} requests, ${(result.simulatedMs / 60_000).toFixed(1)} simulated min, ${result.steps} steps`;
  const verdict =
    result.violations.length === 0
      ? 'all invariants hold'
      : `VIOLATED:\n${result.violations.map((v) => `  - ${v.invariant}: ${v.detail}`).join('\n')}`;
  return withTrace ? `${head}\n--- trace ---\n${result.trace.join('\n')}\n--- end of trace ---\n${verdict}` : `${head}\n${verdict}`;
}
