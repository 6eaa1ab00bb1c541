#!/usr/bin/env node
import { keepYoungGenerationSmall } from './runtime/young-generation.js';

keepYoungGenerationSmall();

// A reader that went away (`veo-bot --help | head -1`) is not our failure: stop writing, quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// Loaded after the flag is set, so that loading it already runs with the small young generation.
const { runCli } = await import('./cli/program.js');
const code = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
process.exitCode = code;
