import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, type FakeChannel, type FakeGuild, type FakeInteraction } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import type pg from 'pg';
import { spawnBot, waitReady, eventually, type BotProcess } from './bot-process.js';
import { DiscordFront } from './discord-front.js';
import { VertexFront } from './vertex-front.js';

/** One row of video_requests, as the checks read it. */
export interface RequestRow {
  readonly id: string;
  readonly user_id: string;
  readonly status: string;
  readonly attempts: number;
  readonly operation_name: string | null;
  readonly notified_at: Date | null;
  readonly interaction_id: string | null;
  readonly lease_owner: string | null;
}

/** A /veo the test sent, and the row it became. */
export interface Submitted {
  readonly interaction: FakeInteraction;
  readonly userId: string;
  readonly prompt: string;
  readonly channelId: string;
  readonly requestId: string;
}

const TERMINAL = new Set(['completed', 'failed', 'timeout', 'cancelled']);

/**
 * Everything an end-to-end durability test needs: a private Postgres schema, FakeDiscord and
 * FakeGoogleCloud with proxies in front of them, a way to spawn the real `veo-bot start`
 * configured only through ordinary settings, and read access to the rows.
 */
export class ChaosWorld {
  readonly bots: BotProcess[] = [];
  private users = 0;

  private constructor(
    readonly db: TestSchema,
    readonly pool: pg.Pool,
    readonly discord: FakeDiscord,
    readonly google: FakeGoogleCloud,
    readonly vertex: VertexFront,
    readonly discordFront: DiscordFront,
    readonly guild: FakeGuild,
    readonly channel: FakeChannel,
  ) {}

  /** Starts the database schema, the fakes and the proxies. */
  static async create(): Promise<ChaosWorld> {
    const db = await createTestSchema();
    const discord = await FakeDiscord.start();
    const google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN });
    await google.start();
    const vertex = new VertexFront(() => google.url);
    await vertex.start();
    const front = new DiscordFront(() => discord.apiUrl);
    await front.start();
    const guild = discord.addGuild();
    const channel = discord.addChannel(guild.id);
    return new ChaosWorld(db, db.pool({ max: 4 }), discord, google, vertex, front, guild, channel);
  }

  /** Settings of a bot process; `overrides` win. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.db.database.url,
      DATABASE_SCHEMA: this.db.schema,
      DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789',
      DISCORD_API_URL: this.discordFront.apiUrl,
      GOOGLE_CLOUD_PROJECT: 'proj',
      GCS_BUCKET: 'veo-chaos-bucket',
      VERTEX_BASE_URL: this.vertex.url,
      GCS_API_ENDPOINT: this.google.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      VEO_POLL_INTERVAL_SECONDS: '1',
      LEASE_SECONDS: '10',
      VEO_GENERATION_TIMEOUT_SECONDS: '30',
      VEO_PER_USER_DAILY_LIMIT: '0',
      VERTEX_REQUESTS_PER_MINUTE: '600',
      VERTEX_POLLS_PER_MINUTE: '6000',
      VEO_CONCURRENCY: '4',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // One host's disk for every bot of this world, not the state folder of whoever runs the suite.
      VEO_SETTINGS_SNAPSHOT: join(tmpdir(), `veo-chaos-${process.pid}`, 'guild-settings.json'),
      ...overrides,
    };
  }

  /** Spawns `veo-bot start` and waits until its gateway is ready. */
  async startBot(label: string, overrides: Record<string, string> = {}): Promise<BotProcess> {
    const bot = spawnBot(label, this.env(overrides));
    this.bots.push(bot);
    await waitReady(bot);
    return bot;
  }

  /** A user id nobody used yet (one per request, so messages map to requests). */
  newUser(): string {
    this.users += 1;
    return `4${String(this.users).padStart(17, '0')}`;
  }

  /** Sends `/veo prompt` as a new user and waits for its row. */
  async submit(prompt: string, channelId = this.channel.id): Promise<Submitted> {
    const userId = this.newUser();
    const interaction = this.discord.injectSlashCommand({ channelId, userId, commandName: 'veo', options: { prompt } });
    const row = await eventually(async () => (await this.rows()).find((r) => r.interaction_id === interaction.id), 20_000, 20).catch((error: unknown) => {
      const live = this.bots.filter((b) => !b.hasExited()).map((b) => `--- ${b.label}:\n${b.output().slice(-3000)}`);
      throw new Error(`/veo "${prompt}" never became a row (${String(error)})\n${live.join('\n')}`);
    });
    return { interaction, userId, prompt, channelId, requestId: row.id };
  }

  /** All rows. */
  async rows(): Promise<RequestRow[]> {
    const result = await this.pool.query<RequestRow>('SELECT id, user_id, status, attempts, operation_name, notified_at, interaction_id, lease_owner FROM video_requests ORDER BY created_at');
    return result.rows;
  }

  /** One row by request id. */
  async row(id: string): Promise<RequestRow | undefined> {
    const result = await this.pool.query<RequestRow>('SELECT id, user_id, status, attempts, operation_name, notified_at, interaction_id, lease_owner FROM video_requests WHERE id = $1', [id]);
    return result.rows[0];
  }

  /** True when every row is terminal and its user was told. */
  async settled(): Promise<boolean> {
    const rows = await this.rows();
    return rows.every((r) => TERMINAL.has(r.status) && r.notified_at !== null);
  }

  /**
   * Plays Veo finishing a generation in the background: an accepted start whose answer was lost
   * (no row carries its operation name) is polled here until done, so the video lands under the
   * request's prefix as it would on Google's side.
   */
  async finishOrphanedStarts(): Promise<number> {
    const known = new Set((await this.rows()).map((r) => r.operation_name).filter((n): n is string => n !== null));
    let finished = 0;
    for (const start of this.google.acceptedStarts) {
      if (known.has(start.operationName)) continue;
      const resource = start.operationName.split('/operations/')[0] ?? '';
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${this.google.url}/v1/${resource}:fetchPredictOperation`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_ACCESS_TOKEN}` },
          body: JSON.stringify({ operationName: start.operationName }),
        });
        const body = (await res.json()) as { done?: boolean };
        if (!res.ok || body.done) break;
      }
      finished += 1;
    }
    return finished;
  }

  /** Stops every bot still running (SIGKILL), the proxies, the fakes, and drops the schema. */
  async close(): Promise<void> {
    for (const bot of this.bots) if (!bot.hasExited()) bot.child.kill('SIGKILL');
    await Promise.all(this.bots.map((b) => b.exited));
    await this.vertex.stop();
    await this.discordFront.stop();
    await this.discord.stop();
    await this.google.stop();
    await this.db.drop();
  }
}
