import { setFlagsFromString } from 'node:v8';

/** Node flags that already size V8's young generation: the operator's choice is kept. */
const SIZING_FLAGS = /--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor)\b/;

/**
 * Keeps V8's young generation at its starting size (1 MiB semi-spaces) instead of letting it
 * grow to 16 MiB each (32 MiB of RSS) as soon as allocation picks up — module loading, a page
 * of rows, a gateway burst. The bot is I/O-bound: the extra scavenges cost little CPU (see the
 * memory benchmark). The maximum size can only be set when node starts; the growth factor is
 * read by V8 at each resize, so it is set here, before anything else is loaded. Left alone
 * when `execArgv` or `NODE_OPTIONS` size the young generation already. Returns whether it set it.
 */
export function keepYoungGenerationSmall(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ''): boolean {
  if (execArgv.some((a) => SIZING_FLAGS.test(a)) || SIZING_FLAGS.test(nodeOptions)) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
