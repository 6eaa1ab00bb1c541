import { PgRequestRepository, PgWorkerPresence } from '@veo-bot/adapter-postgres';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { MemoryLogger, aRequest, testUuid } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let db: TestSchema;
let env: Record<string, string>;
let repo: PgRequestRepository;
let presence: PgWorkerPresence;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  db = await createTestSchema();
  env = { DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema };
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  presence = new PgWorkerPresence({ pool: db.pool(), logger: new MemoryLogger() });
});
afterAll(async () => {
  await presence?.leave('other-instance-1');
  await db?.drop();
});

async function snapshot(ids: readonly string[]): Promise<string> {
  return JSON.stringify(await Promise.all(ids.map((id) => repo.get(id))));
}

describe('veo-bot resume --dry-run says exactly what a real run would do', () => {
  it('a row leased by a live other instance is shown as skipped with its owner and lease end; a dead owner\'s row is taken', async () => {
    await db.truncate();
    const live = aRequest({ id: testUuid(), userId: 'u-live', createdAt: ago(3) });
    const dead = aRequest({ id: testUuid(), userId: 'u-dead', createdAt: ago(2) });
    for (const r of [live, dead]) await repo.create(r);
    const until = new Date(Date.now() + 10 * 60_000);
    await presence.join('other-instance-1');
    await repo.claim([live.id], { owner: 'other-instance-1', until, now: new Date() });
    await repo.claim([dead.id], { owner: 'crashed-instance-9', until, now: new Date() }); // never joined: gone
    const before = await snapshot([live.id, dead.id]);

    const text = await runCli(['resume', '--dry-run'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${live.id}\\s+u-live\\s+pending\\s+3 min\\s+skip: held by other-instance-1 until ${until.toISOString()}`));
    expect(text.stdout).toMatch(new RegExp(`${dead.id}\\s+u-dead\\s+pending\\s+2 min\\s+start`));
    expect(text.stdout).toContain('1 held by another live instance (skipped)');
    const json = JSON.parse((await runCli(['resume', '--dry-run', '--json'], env)).stdout) as { skipped: number; items: { id: string; action: string; held_by?: string; lease_until?: string }[] };
    expect(json.skipped).toBe(1);
    expect(json.items).toEqual([
      expect.objectContaining({ id: live.id, action: 'skip', held_by: 'other-instance-1', lease_until: until.toISOString() }),
      expect.objectContaining({ id: dead.id, action: 'start' }),
    ]);
    expect(await snapshot([live.id, dead.id])).toBe(before);
  });

  it('DISABLE_TASK_RESUME=true: the dry run says nothing would be done', async () => {
    await db.truncate();
    await repo.create(aRequest({ id: testUuid(), createdAt: ago(5) }));
    const text = await runCli(['resume', '--dry-run'], { ...env, DISABLE_TASK_RESUME: 'true' });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Resume is disabled (DISABLE_TASK_RESUME=true): nothing would be done; 1 incomplete request(s) stay as they are.');
    const json = JSON.parse((await runCli(['resume', '--dry-run', '--json'], { ...env, DISABLE_TASK_RESUME: 'true' })).stdout) as { disabled: boolean; total: number; items: unknown[] };
    expect(json).toMatchObject({ disabled: true, total: 0, items: [] });
  });

  it('on an unmigrated database (or a schema that does not exist) writes nothing, says the schema is missing, exit 1', async () => {
    const admin = db.pool();
    const empty = `${db.schema}_empty`;
    const missing = `${db.schema}_missing`;
    await admin.query(`CREATE SCHEMA ${empty}`);
    try {
      for (const schema of [empty, missing]) {
        const result = await runCli(['resume', '--dry-run'], { DATABASE_URL: db.database.url, DATABASE_SCHEMA: schema });
        expect(result.code).toBe(1);
        expect(result.stderr.trim()).toBe('veo-bot: The database schema is missing (no migration applied): run `veo-bot migrate` first. Dry run: nothing was changed.');
      }
      const tables = await admin.query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', [empty]);
      expect(tables.rows[0]).toEqual({ n: 0 });
      const schemas = await admin.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [missing]);
      expect(schemas.rows[0]).toEqual({ n: 0 });
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${empty} CASCADE`);
    }
  });
});

describe('veo-bot resume', () => {
  it('with DISABLE_TASK_RESUME=true does nothing and asks for neither Google nor Discord settings', async () => {
    await db.truncate();
    const row = aRequest({ id: testUuid(), createdAt: ago(5) });
    await repo.create(row);
    const before = await snapshot([row.id]);
    const result = await runCli(['resume'], { ...env, DISABLE_TASK_RESUME: 'true' });
    expect(result.stderr).not.toContain('GOOGLE_CLOUD_PROJECT');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('Resume is disabled (DISABLE_TASK_RESUME=true): nothing was done.');
    expect(await snapshot([row.id])).toBe(before);
  });

  it('prints how many finished requests were only announced now (notified), apart from new completions', async () => {
    await db.truncate();
    const discord = await FakeDiscord.start();
    try {
      const guild = discord.addGuild();
      const channel = discord.addChannel(guild.id);
      // Failed before a crash, never announced: the run only sends the lost notification.
      const failed = aRequest({ id: testUuid(), userId: '600', guildId: guild.id, channelId: channel.id, createdAt: ago(40), interaction: null });
      await repo.create(failed);
      await repo.transition(failed.id, { to: 'failed', at: ago(39), errorMessage: 'The video could not be generated' });
      const result = await runCli(['resume'], {
        ...env,
        DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789',
        DISCORD_API_URL: discord.apiUrl,
        GOOGLE_CLOUD_PROJECT: 'proj',
        GCS_BUCKET: 'veo-test-bucket',
        GOOGLE_OAUTH_ACCESS_TOKEN: 'not-used-by-this-run-0123',
      });
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe('Resume done: 1 request(s) — 0 completed, 0 failed, 0 timed out, 1 notified, 0 skipped.');
      expect(discord.messagesIn(channel.id).filter((m) => m.content.includes('<@600>'))).toHaveLength(1);
      expect((await repo.get(failed.id))?.notifiedAt).not.toBeNull();
    } finally {
      await discord.stop();
    }
  });
});
