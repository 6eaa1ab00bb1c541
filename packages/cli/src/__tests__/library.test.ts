import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TcpProxy, createTestSchema, freePort, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, userView, visibleText } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { SETTINGS_UNKNOWN } from '@veo-bot/core';
import { MemoryLogger } from '@veo-bot/core/testing';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVeoBot } from '../library.js';
import { TEST_SETTINGS_SNAPSHOT, eventually } from './support/run-cli.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
const MIB = 1024 * 1024;

beforeAll(async () => {
  db = await createTestSchema({ migrate: false });
  discord = await FakeDiscord.start();
  google = new FakeGoogleCloud();
  await google.start();
});
afterAll(async () => {
  await discord?.stop();
  await google?.stop();
  await db?.drop();
});

function settings(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.database.url,
    DATABASE_SCHEMA: db.schema,
    GOOGLE_CLOUD_PROJECT: 'host-project',
    GCS_BUCKET: 'host-bucket',
    VERTEX_BASE_URL: google.url,
    GCS_API_ENDPOINT: google.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
    VEO_POLL_INTERVAL_SECONDS: '1',
    VEO_SETTINGS_SNAPSHOT: TEST_SETTINGS_SNAPSHOT,
    ...extra,
  };
}

function hostClient(): Client {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === 'ping') void interaction.reply('pong');
  });
  return client;
}

it('another bot adds /veo to its own discord.js client with createVeoBot, and keeps its own commands', async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  // The host bot: its own client and its own /ping command.
  const client = hostClient();
  const veo = await createVeoBot({ client, logger: new MemoryLogger(), settings: settings() });
  try {
    expect(veo.commands.map((c) => c.name)).toEqual(['veo', 'veo-history', 'veo-stats', 'veo-budget', 'veo-settings', 'veo-forget-me', 'Make a Veo video']);
    await client.login('host-bot-token-0123456789');
    await veo.resumed;

    const ping = discord.injectSlashCommand({ channelId: channel.id, userId: '500', commandName: 'ping' });
    await discord.waitFor(() => discord.originalOf(ping)?.content === 'pong');

    const request = discord.injectSlashCommand({ channelId: channel.id, userId: '501', commandName: 'veo', options: { prompt: 'a library fox' } });
    const delivered = await discord.waitFor(() => discord.followUpsOf(request).find((m) => m.attachments.length > 0), 30_000);
    expect(userView(delivered, '501')).toMatchObject({ mentionsUser: true, attached: true });
    const history = await veo.core.history.execute({ userId: '501' });
    expect(history.ok && history.value.items[0]).toMatchObject({ status: 'completed', prompt: 'a library fox' });
  } finally {
    await veo.stop();
    await client.destroy();
  }
});

it("/veo's autocomplete through the host's client offers only what the server's settings (in PostgreSQL) allow", async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  const client = hostClient();
  const veo = await createVeoBot({ client, logger: new MemoryLogger(), settings: settings() });
  try {
    await client.login('host-bot-token-0123456789');
    await veo.resumed;
    // The host registers veo-bot's commands with its own; the fake checks them against the spec.
    await client.rest.put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body: veo.commands });
    const changed = await veo.core.guildSettingsAdmin?.change({ guildId: guild.id, actorId: '600', edit: () => ({ allowedResolutions: ['720p'], allowedModels: ['veo-3.1-fast-generate-001'] }) });
    expect(changed?.ok).toBe(true);
    const typing = (name: string) => discord.injectAutocomplete({ channelId: channel.id, userId: '601', focused: { name, value: '' }, options: { prompt: 'a fox' } });
    const resolutions = typing('resolution');
    expect(await discord.waitFor(() => discord.autocompleteAnswerOf(resolutions))).toEqual([{ name: '720p', value: '720p' }]);
    const models = typing('model');
    expect(await discord.waitFor(() => discord.autocompleteAnswerOf(models))).toEqual([{ name: 'Veo 3.1 Fast', value: 'veo-3.1-fast-generate-001' }]);
    expect(discord.refusedRequests()).toEqual([]);
  } finally {
    await veo.stop();
    await client.destroy();
  }
});

it('uses the exact upload limit of the interaction (one guild directory for router and notifier): 12 MiB is attached where the limit is 25 MiB', async () => {
  const guild = discord.addGuild({ uploadLimitBytes: 25 * MIB });
  const channel = discord.addChannel(guild.id);
  google.script('a big library fox', { outcome: 'succeed', afterPolls: 1, sizeBytes: 12 * MIB });
  const client = hostClient();
  const veo = await createVeoBot({ client, logger: new MemoryLogger(), settings: settings() });
  try {
    await client.login('host-bot-token-0123456789');
    await veo.resumed;
    const request = discord.injectSlashCommand({ channelId: channel.id, userId: '502', commandName: 'veo', options: { prompt: 'a big library fox' }, attachmentSizeLimit: 25 * MIB });
    const delivered = await discord.waitFor(() => discord.followUpsOf(request).find((m) => m.attachments.length > 0 || m.content.includes('http')), 30_000);
    expect(userView(delivered, '502')).toMatchObject({ mentionsUser: true, attached: true });
    expect(delivered.attachments[0]?.size).toBe(12 * MIB);
  } finally {
    await veo.stop();
    await client.destroy();
  }
});

it('createVeoBot resolves and the host bot logs in while the database is down (no settings snapshot yet: /veo refused in servers, working in DMs); migrate and resume run once it answers, and the snapshot is written', async () => {
  // A second, unmigrated schema on the same server (dropped with the file's one below).
  const fresh = `${db.schema}_down`;
  const target = new URL(db.database.url);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
  const url = new URL(db.database.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  const dm = discord.addChannel(null);
  const snapshotPath = join(mkdtempSync(join(tmpdir(), 'veo-library-down-')), 'guild-settings.json');
  google.script('a fox while the database sleeps', { outcome: 'succeed', afterPolls: 1, sizeBytes: 128 * 1024 });
  const logger = new MemoryLogger();
  const client = hostClient();
  const started = Date.now();
  const veo = await createVeoBot({ client, logger, settings: settings({ DATABASE_URL: url.toString(), DATABASE_SCHEMA: fresh, DATABASE_CONNECT_TIMEOUT_MS: '500', LEASE_SECONDS: '10', VEO_SETTINGS_SNAPSHOT: snapshotPath }) });
  let resumed = false;
  void veo.resumed.then(() => (resumed = true));
  try {
    expect(Date.now() - started).toBeLessThan(3_000);
    await client.login('host-bot-token-0123456789');
    const ping = discord.injectSlashCommand({ channelId: channel.id, userId: '503', commandName: 'ping' });
    await discord.waitFor(() => discord.originalOf(ping)?.content === 'pong');
    // Neither the database nor a snapshot knows this server's settings: nothing is assumed allowed.
    const refused = discord.injectSlashCommand({ channelId: channel.id, userId: '503', commandName: 'veo', options: { prompt: 'a fox in a server' } });
    const refusal = await discord.waitFor(() => discord.followUpsOf(refused).find((m) => visibleText(m).length > 0), 20_000);
    expect(visibleText(refusal)).toBe(SETTINGS_UNKNOWN);
    // A direct message has no server rules.
    const request = discord.injectSlashCommand({ channelId: dm.id, userId: '503', commandName: 'veo', options: { prompt: 'a fox while the database sleeps' } });
    const delivered = await discord.waitFor(() => discord.followUpsOf(request).find((m) => m.attachments.length > 0), 30_000);
    expect(userView(delivered, '503')).toMatchObject({ mentionsUser: true, attached: true });
    expect(resumed).toBe(false);
    expect(logger.entries.some((e) => e.event === 'Failed to query incomplete requests')).toBe(true);

    await proxy.start();
    await veo.resumed;
    expect(logger.entries.some((e) => e.event === 'Migration applied')).toBe(true);
    const row = await eventually(async () => {
      const history = await veo.core.history.execute({ userId: '503' });
      return history.ok ? history.value.items.find((r) => r.status === 'completed') : undefined;
    }, 30_000);
    expect(row.prompt).toBe('a fox while the database sleeps');
    expect(logger.entries.some((e) => e.event.startsWith('Server settings never read since start (database down), no settings snapshot to use'))).toBe(true);
    await eventually(() => existsSync(snapshotPath), 10_000);
    expect(statSync(snapshotPath).mode & 0o777).toBe(0o600);
  } finally {
    await veo.stop();
    await client.destroy();
    await proxy.stop();
    await db.pool().query(`DROP SCHEMA IF EXISTS ${fresh} CASCADE`);
  }
});
