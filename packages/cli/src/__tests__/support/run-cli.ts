import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `veo-bot` entry point, run exactly as the installed bin is. */
export const BIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

/** The settings snapshot of spawned bots: a temporary file, not the state folder of whoever runs the tests. */
export const TEST_SETTINGS_SNAPSHOT = join(tmpdir(), `veo-bot-cli-tests-${process.pid}`, 'guild-settings.json');

/** Environment for a spawned CLI: nothing inherited but PATH/HOME, plus `env`. */
export function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', VEO_SETTINGS_SNAPSHOT: TEST_SETTINGS_SNAPSHOT, ...env };
}

/** Runs `veo-bot args…` to completion (asynchronously: fakes in this process keep serving). */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`veo-bot ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running `veo-bot` process and collects its output. */
export function spawnCli(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env) });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `check` every 100 ms until it returns a value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The settings of a `veo-bot start` against the local fakes: a test schema, the fake Discord and
 * the fake Google Cloud, reached through the documented settings (never a test-only back door).
 */
export function fakeWorldEnv(db: { database: { url: string }; schema: string }, discord: { apiUrl: string }, google: { url: string }, accessToken: string): Record<string, string> {
  return {
    DATABASE_URL: db.database.url,
    DATABASE_SCHEMA: db.schema,
    DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789',
    DISCORD_API_URL: discord.apiUrl,
    GOOGLE_CLOUD_PROJECT: 'proj',
    GCS_BUCKET: 'veo-test-bucket',
    VERTEX_BASE_URL: google.url,
    GCS_API_ENDPOINT: google.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: accessToken,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
  };
}

