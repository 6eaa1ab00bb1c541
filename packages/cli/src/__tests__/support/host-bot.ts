import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import { Client, GatewayIntentBits } from 'discord.js';
import { type VeoBot, createVeoBot } from '../../library.js';
import { TEST_SETTINGS_SNAPSHOT } from './run-cli.js';

/** A test schema, the fake Discord and the fake Google Cloud, started for one case. */
export interface FakeServices {
  readonly db: TestSchema;
  readonly discord: FakeDiscord;
  readonly google: FakeGoogleCloud;
}

/** Starts the three fakes a host-bot case runs against. */
export async function startFakeServices(): Promise<FakeServices> {
  const db = await createTestSchema();
  const discord = await FakeDiscord.start();
  const google = new FakeGoogleCloud();
  await google.start();
  return { db, discord, google };
}

/** Stops what a case started (its bots first, newest first), then the fakes. */
export async function stopFakeServices(services: Partial<FakeServices>, stops: (() => Promise<unknown>)[]): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop();
  await services.discord?.stop();
  await services.google?.stop();
  await services.db?.drop();
}

/**
 * A host bot (its own discord.js client) with veo-bot added by `createVeoBot`, reaching the fakes
 * through the documented settings; logged in and resumed. Its stop is pushed onto `stops`; the
 * client is returned too (a host bot registers veo-bot's commands with its own).
 */
export async function startHostBot(services: FakeServices, stops: (() => Promise<unknown>)[], options: { project: string; logger?: MemoryLogger }): Promise<{ veo: VeoBot; client: Client }> {
  const { db, discord, google } = services;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  const veo = await createVeoBot({
    client,
    logger: options.logger ?? new MemoryLogger(),
    settings: {
      DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema, GOOGLE_CLOUD_PROJECT: options.project, GCS_BUCKET: `${options.project}-bucket`,
      VERTEX_BASE_URL: google.url, GCS_API_ENDPOINT: google.url, GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN, VEO_POLL_INTERVAL_SECONDS: '1',
      VEO_SETTINGS_SNAPSHOT: TEST_SETTINGS_SNAPSHOT,
    },
  });
  stops.push(() => client.destroy(), () => veo.stop());
  await client.login('bot-token-0123456789');
  await veo.resumed;
  return { veo, client };
}
