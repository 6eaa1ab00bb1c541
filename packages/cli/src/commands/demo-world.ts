import { FakeDiscord, userView, type FakeInteraction, type FakeMessage } from '@veo-bot/adapter-discord/testing';
import { FakeGoogleCloud, staticTokenAuth } from '@veo-bot/adapter-vertex/testing';
import type { RequestRepository, VideoRequest } from '@veo-bot/core';
import { TOKENS } from '../container.js';
import { type CommandContext, createContext } from '../cli/context.js';
import { type RunningBot, startBot } from './start.js';

/** The local stand-ins for Discord and Google Cloud, and the bot processes run against them. */
export class DemoWorld {
  readonly discord = new FakeDiscord();
  readonly google = new FakeGoogleCloud({ latencyMs: 5 });
  /** A fresh user per run, so earlier demo runs on a persistent database do not mix in. */
  readonly user = `21${String(Date.now()).padStart(16, '0')}`;
  guildId = '';
  channelId = '';
  private readonly env: NodeJS.ProcessEnv;

  constructor(base: NodeJS.ProcessEnv, private readonly fast: boolean) {
    this.env = { ...base };
  }

  async start(): Promise<void> {
    await this.discord.start();
    await this.google.start();
    const guild = this.discord.addGuild({ name: 'Veo Demo Server' });
    this.guildId = guild.id;
    this.channelId = this.discord.addChannel(guild.id, { name: 'videos' }).id;
    // The fakes are reached through the same settings a real deployment uses.
    Object.assign(this.env, {
      DISCORD_TOKEN: 'demo-bot-token-not-a-secret',
      DISCORD_APPLICATION_ID: this.discord.applicationId,
      DISCORD_API_URL: this.discord.apiUrl,
      GOOGLE_CLOUD_PROJECT: 'veo-demo',
      GOOGLE_CLOUD_LOCATION: 'us-central1',
      GCS_BUCKET: 'veo-demo-videos',
      VERTEX_BASE_URL: this.google.url,
      GCS_API_ENDPOINT: this.google.url,
      VEO_POLL_INTERVAL_SECONDS: '1',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: this.env.LOG_LEVEL ?? 'warn',
      // Demo rows live in their own schema, apart from a real bot's data on the same database.
      DATABASE_SCHEMA: this.env.DATABASE_SCHEMA ?? 'veo_demo',
    });
    if (this.fast) this.env.LEASE_SECONDS = '10';
  }

  /** Starts one bot process (same database each time, so a second one is a restart). */
  async startBot(configFile?: string): Promise<{ ctx: CommandContext; bot: RunningBot }> {
    const ctx = createContext(configFile ? { config: configFile } : {}, { env: this.env, googleAuthOptions: staticTokenAuth(), pretty: false });
    const bot = await startBot(ctx);
    return { ctx, bot };
  }

  /** A user types `/veo prompt`. */
  veo(prompt: string): FakeInteraction {
    return this.discord.injectSlashCommand({ channelId: this.channelId, userId: this.user, commandName: 'veo', options: { prompt } });
  }

  /** The final answer (a new message mentioning the user) about `prompt`, once it exists. */
  async finalMessage(prompt: string, after = 0, timeoutMs = 60_000): Promise<FakeMessage> {
    return this.discord.waitFor(() => {
      const all = this.discord.world.messages.filter((m: FakeMessage) => !m.deleted && m.content.includes(`<@${this.user}>`) && JSON.stringify(m.embeds).includes(prompt));
      return all[after];
    }, timeoutMs);
  }

  view(message: FakeMessage) {
    return userView(message, this.user);
  }

  async waitForRow(repo: RequestRepository, prompt: string, check: (r: VideoRequest) => boolean, timeoutMs = 60_000): Promise<VideoRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const page = await repo.userHistory({ userId: this.user, limit: 50, offset: 0 });
      const row = page.items.find((r) => r.prompt === prompt && check(r));
      if (row) return row;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for "${prompt}"`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  repo(ctx: CommandContext): Promise<RequestRepository> {
    return ctx.container.getAsync<RequestRepository>(TOKENS.Repository);
  }

  async stop(): Promise<void> {
    await this.discord.stop().catch(() => undefined);
    await this.google.stop().catch(() => undefined);
  }
}
