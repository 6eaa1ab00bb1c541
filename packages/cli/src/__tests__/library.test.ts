import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, userView } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVeoBot } from '../library.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;

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

it('another bot adds /veo to its own discord.js client with createVeoBot, and keeps its own commands', async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  // The host bot: its own client and its own /ping command.
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === 'ping') void interaction.reply('pong');
  });
  const veo = await createVeoBot({
    client,
    logger: new MemoryLogger(),
    settings: {
      DATABASE_URL: db.database.url,
      DATABASE_SCHEMA: db.schema,
      GOOGLE_CLOUD_PROJECT: 'host-project',
      GCS_BUCKET: 'host-bucket',
      VERTEX_BASE_URL: google.url,
      GCS_API_ENDPOINT: google.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      VEO_POLL_INTERVAL_SECONDS: '1',
    },
  });
  try {
    expect(veo.commands.map((c) => c.name)).toEqual(['veo', 'veo-history', 'veo-stats', 'veo-budget']);
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
