import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `veo-bot` entry point, run exactly as the installed bin is. */
export const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/** A running `veo-bot start` process. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly label: string;
  /** Everything it printed so far (stdout + stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** True once it exited (for any reason). */
  readonly hasExited: () => boolean;
}

/** Starts `veo-bot start` with only PATH/HOME inherited plus `env` (spawn: the fakes in this process keep serving). */
export function spawnBot(label: string, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  let output = '';
  let done = false;
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      done = true;
      resolve(code);
    }),
  );
  return { child, label, output: () => output, exited, hasExited: () => done };
}

/** Waits until the bot's `/healthz` says the gateway is ready; throws if the process exits first. */
export async function waitReady(bot: BotProcess, timeoutMs = 60_000): Promise<number> {
  const port = await eventually(() => {
    if (bot.hasExited()) throw new Error(`${bot.label} exited before ready:\n${bot.output().slice(-4000)}`);
    return /"http_port":(\d+)/.exec(bot.output())?.[1];
  }, timeoutMs);
  await eventually(async () => {
    if (bot.hasExited()) throw new Error(`${bot.label} exited before ready:\n${bot.output().slice(-4000)}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (!res) return false;
    const body = (await res.json().catch(() => ({}))) as { gateway?: string };
    return body.gateway === 'ready';
  }, timeoutMs);
  return Number(port);
}

/** kill -9, then waits for the exit. */
export async function killHard(bot: BotProcess): Promise<void> {
  if (!bot.hasExited()) bot.child.kill('SIGKILL');
  await bot.exited;
}

/** SIGTERM (graceful stop), then waits; returns the exit code. */
export async function stopGracefully(bot: BotProcess): Promise<number | null> {
  if (!bot.hasExited()) bot.child.kill('SIGTERM');
  return bot.exited;
}

/** Polls `check` every `everyMs` until it returns a truthy value; rejects after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
