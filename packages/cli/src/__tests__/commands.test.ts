import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { MemoryLogger, aRequest, testUuid } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, cliEnv, runCli } from './support/run-cli.js';

let db: TestSchema;
let env: Record<string, string>;
let repo: PgRequestRepository;
const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);

beforeAll(async () => {
  db = await createTestSchema();
  env = { DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema };
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
});
afterAll(async () => db?.drop());

describe('veo-bot as a user runs it', () => {
  it('--help lists the commands, examples and exit codes, exits 0, and prints no secret', async () => {
    const result = await runCli(['--help'], { DISCORD_TOKEN: 'super-secret-token-value' });
    expect(result.code).toBe(0);
    for (const command of ['start', 'resume', 'stats', 'history', 'migrate', 'cleanup', 'forget', 'register-commands', 'demo']) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('Exit codes: 0 success, 1 failure, 2 usage or configuration error');
    expect(result.stdout + result.stderr).not.toContain('super-secret-token-value');
    const sub = await runCli(['stats', '--help'], {});
    expect(sub.stdout).toContain('veo-bot stats --guild');
  });

  it('--help into a reader that stops early (`| head -1`) exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first line, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => (child.stdout.destroy(), resolve())));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('an unknown command or bad option value is a usage error (exit 2)', async () => {
    expect((await runCli(['explode'], {})).code).toBe(2);
    const bad = await runCli(['stats', '--period', 'year'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('year');
  });

  it('malformed configuration: one clear message naming the variable, exit 2, no stack, no secret', async () => {
    const result = await runCli(['stats'], { DATABASE_URL: 'mysql://user:hunter2-password@db/x', VEO_CONCURRENCY: 'lots', DISCORD_TOKEN: 'secret-token-abcdef' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(result.stderr).toContain('VEO_CONCURRENCY');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toContain('secret-token-abcdef');
  });

  it('a missing required setting is named (register-commands without a token)', async () => {
    const result = await runCli(['register-commands'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DISCORD_TOKEN: required to register slash commands');
  });

  it('a dead database is a clear failure (exit 1), not a crash', async () => {
    const result = await runCli(['stats'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DATABASE_CONNECT_TIMEOUT_MS: '500' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The request database is unavailable');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('settings shows and changes a server\'s settings like /veo-settings, audited as cli:<by>; absurd values change nothing (exit 2)', async () => {
    const guild = '400000000000000001';
    const set = await runCli(['settings', '--guild', guild, '--resolutions', '720p', '--block-word', 'spoiler', '--block-word', 'Spoiler', '--limit', '3', '--by', 'alice', '--json'], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ settings: { guildId: guild, allowedResolutions: ['720p'], blockedWords: ['spoiler'], perUserDailyLimit: 3, updatedBy: 'cli:alice' } });
    for (const bad of [['--limit', '-3'], ['--block-pattern', '(a+)+$'], ['--models', 'veo-2.0-generate-001'], ['--nsfw-only', 'maybe'], ['--people', 'allow_all'], ['--people', 'anyone']]) {
      const refused = await runCli(['settings', '--guild', guild, ...bad], env);
      expect({ bad, code: refused.code }).toEqual({ bad, code: 2 });
      expect(refused.stderr).toMatch(/^veo-bot: /);
    }
    const people = await runCli(['settings', '--guild', guild, '--people', 'dont_allow', '--by', 'alice', '--json'], env);
    expect(JSON.parse(people.stdout)).toMatchObject({ settings: { personGeneration: 'dont_allow' } });
    const allowed = await runCli(['settings', '--guild', guild, '--people', 'allow_all', '--json'], { ...env, VEO_PERSON_GENERATION: 'allow_all' });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ settings: { personGeneration: 'allow_all' } });
    expect((await runCli(['settings', '--guild', guild, '--people', 'default', '--by', 'alice'], env)).code).toBe(0);
    const shown = await runCli(['settings', '--guild', guild], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/people \(personGeneration\)\s+bot default/);
    expect(shown.stdout).toContain('720p');
    expect(shown.stdout).toContain('cli:alice');
    expect(shown.stdout.match(/cli:alice/g)).toHaveLength(4); // the header and three audit entries
  });

  it('migrate is idempotent', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Schema already up to date.');
  });

  it('resume --dry-run prints the plan (id, user, status, age, action) and changes nothing', async () => {
    await db.truncate();
    const old = aRequest({ id: testUuid(), userId: 'u-old', createdAt: ago(26 * 60) });
    const fresh = aRequest({ id: testUuid(), userId: 'u-fresh', createdAt: ago(5) });
    const gen = aRequest({ id: testUuid(), userId: 'u-gen', createdAt: ago(40), status: 'generating', operationName: 'ops/1', startedAt: ago(39) });
    for (const r of [old, fresh, gen]) await repo.create(r);
    const before = JSON.stringify(await Promise.all([old, fresh, gen].map((r) => repo.get(r.id))));
    const text = await runCli(['resume', '--dry-run'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${old.id}\\s+u-old\\s+pending\\s+\\d+ min\\s+expire`));
    expect(text.stdout).toMatch(new RegExp(`${gen.id}\\s+u-gen\\s+generating\\s+40 min\\s+poll`));
    expect(text.stdout).toMatch(new RegExp(`${fresh.id}\\s+u-fresh\\s+pending\\s+5 min\\s+start\\s+interaction`));
    expect(text.stdout).toContain('Dry run: nothing was changed.');
    const json = JSON.parse((await runCli(['resume', '--dry-run', '--json'], env)).stdout) as { total: number; items: { id: string; action: string }[] };
    expect(json.total).toBe(3);
    expect(json.items.map((i) => i.action)).toEqual(['expire', 'poll', 'start']);
    expect(JSON.stringify(await Promise.all([old, fresh, gen].map((r) => repo.get(r.id))))).toBe(before);
  });

  it('stats --guild matches the seeded data, as a table and as --json; stats alone is the dashboard', async () => {
    await db.truncate();
    for (const [status, seconds] of [['completed', 60], ['completed', 120], ['failed', 10]] as const) {
      const r = aRequest({ id: testUuid(), guildId: '424242', createdAt: ago(30), prompt: `p-${status}` });
      await repo.create(r);
      await repo.transition(r.id, { to: 'generating', at: ago(30), operationName: 'ops' });
      await repo.transition(r.id, status === 'completed' ? { to: 'completed', at: new Date(ago(30).getTime() + seconds * 1000), videoUrls: [] } : { to: 'failed', at: new Date(ago(30).getTime() + seconds * 1000), errorMessage: 'x' });
    }
    const json = JSON.parse((await runCli(['stats', '--guild', '424242', '--json'], env)).stdout) as { total: number; counts: Record<string, number>; averageDurationMs: number; topPrompts: { prompt: string; count: number }[] };
    expect(json).toMatchObject({ total: 3, counts: { completed: 2, failed: 1 }, averageDurationMs: 90_000 });
    expect(json.topPrompts[0]).toEqual({ prompt: 'p-completed', count: 2 });
    const table = await runCli(['stats', '--guild', '424242', '--period', 'week'], env);
    expect(table.stdout).toMatch(/completed\s+2/);
    expect(table.stdout).toContain('average generation 1m 30s');
    const dash = await runCli(['stats'], env);
    expect(dash.code).toBe(0);
    expect(dash.stdout).toContain('failure rate 33.33%');
  });

  it('history --user lists newest first with status filter; cleanup --dry-run counts without deleting', async () => {
    await db.truncate();
    const a = aRequest({ id: testUuid(), userId: '777', createdAt: ago(60 * 24 * 100), status: 'failed', errorMessage: 'old failure' });
    const b = aRequest({ id: testUuid(), userId: '777', createdAt: ago(10) });
    await repo.create(a);
    await repo.create(b);
    const all = await runCli(['history', '--user', '777'], env);
    expect(all.stdout.indexOf(b.id)).toBeLessThan(all.stdout.indexOf(a.id));
    const failed = JSON.parse((await runCli(['history', '--user', '777', '--status', 'failed', '--json'], env)).stdout) as { items: { id: string }[]; total: number };
    expect(failed.items.map((i) => i.id)).toEqual([a.id]);
    const dry = await runCli(['cleanup', '--dry-run'], { ...env, REQUEST_RETENTION_DAYS: '90' });
    expect(dry.stdout).toContain('Would delete 1 finished request(s)');
    expect(await repo.get(a.id)).not.toBeNull();
    const none = await runCli(['cleanup'], env);
    expect(none.stdout).toContain('requests are kept forever');
    const real = await runCli(['cleanup'], { ...env, REQUEST_RETENTION_DAYS: '90' });
    expect(real.stdout).toContain('Deleted 1 finished request(s)');
    expect(await repo.get(a.id)).toBeNull();
  });
});
