// The local stand-ins for Discord, Vertex AI + Cloud Storage and a test database schema, reached
// through the same settings a real deployment uses (DISCORD_API_URL, VERTEX_BASE_URL, …).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/** Starts the fakes (imported from the built packages: this runs after `npm ci`). */
export async function startFakeWorld(databaseUrl) {
  const { FakeDiscord } = await import('@veo-bot/adapter-discord/testing');
  const { FAKE_ACCESS_TOKEN, FakeGoogleCloud } = await import('@veo-bot/adapter-vertex/testing');
  const discord = await FakeDiscord.start();
  const google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN, latencyMs: 5 });
  await google.start();
  const guild = discord.addGuild({ name: 'Doc test server' });
  const channel = discord.addChannel(guild.id, { name: 'videos' });
  // Discord as it answers a revoked token: 401 on GET /gateway/bot.
  const refusing = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"401: Unauthorized","code":0}'));
  await new Promise((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  const schema = `doctest_${randomBytes(5).toString('hex')}`;
  return {
    discord,
    google,
    guild,
    channel,
    schema,
    refusingApiUrl: `http://127.0.0.1:${refusing.address().port}/api`,
    /** The settings that point the bot at the fakes (documented in the README's table). */
    env: {
      DISCORD_API_URL: discord.apiUrl,
      VERTEX_BASE_URL: google.url,
      GCS_API_ENDPOINT: google.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      VEO_POLL_INTERVAL_SECONDS: '1',
      HTTP_HOST: '127.0.0.1',
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'warn',
    },
    async stop() {
      await discord.stop().catch(() => undefined);
      await google.stop().catch(() => undefined);
      await new Promise((resolve) => refusing.close(resolve));
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
