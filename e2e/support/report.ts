/** Prints one line of a run's report (the seed, counts, violations) to stdout. */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}
