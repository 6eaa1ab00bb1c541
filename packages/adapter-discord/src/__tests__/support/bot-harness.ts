import {
  type AgainInput,
  type AgainResult,
  DEFAULT_MODEL_ID,
  type Eta,
  type ExtendCheck,
  type ExtendCheckInput,
  type ExtendInput,
  type BudgetView,
  VEO_MODELS,
  type GuildStats,
  type HistoryPage,
  type ModelPolicy,
  type QueryResult,
  type RetryInput,
  type RetryResult,
  type SubmitInput,
  type SubmitResult,
} from '@veo-bot/core';
import { aRequest, MemoryLogger } from '@veo-bot/core/testing';
import { DiscordBot } from '../../discord-bot.js';
import { DiscordNotifier } from '../../discord-notifier.js';
import type { DraftStore } from '../../draft-store.js';
import { GuildDirectory } from '../../guild-directory.js';
import { createDiscordRest } from '../../rest-client.js';
import type { BudgetInput, GuildStatsInput, HistoryInput, SetBudgetInput, VeoHandlers } from '../../veo-handlers.js';
import { FakeDiscord, type FakeChannel, type FakeGuild } from '../../testing/index.js';

/** The policy the tests offer: every known Veo model. */
export const policy: ModelPolicy = { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };

/**
 * Stub handlers that record their inputs and answer with scripted results. An accepted submit
 * shows its queued status through a real DiscordNotifier, as core does (`eta` scripts the ETA).
 */
export class StubHandlers implements VeoHandlers {
  readonly submits: SubmitInput[] = [];
  readonly retries: RetryInput[] = [];
  readonly agains: AgainInput[] = [];
  notifier: DiscordNotifier | null = null;
  eta: Eta = { kind: 'unknown' };
  submitResult: (input: SubmitInput) => SubmitResult | Promise<SubmitResult> = async (input) => {
    const request = aRequest({ userId: input.userId, guildId: input.guildId, channelId: input.channelId, interaction: input.interaction });
    await this.notifier?.progress(request, { stage: 'queued', position: 2, route: 'interaction', eta: this.eta });
    return { ok: true, persisted: true, queuePosition: 2, eta: this.eta, request };
  };
  againResult: (input: AgainInput) => AgainResult | Promise<AgainResult> = () => ({ ok: false, reason: 'not-found', message: 'No such request.' });
  readonly extensions: ExtendInput[] = [];
  readonly extendChecks: ExtendCheckInput[] = [];
  extendResult: (input: ExtendInput) => AgainResult | Promise<AgainResult> = () => ({ ok: false, reason: 'not-found', message: 'No such request.' });
  extendCheckResult: (input: ExtendCheckInput) => ExtendCheck | Promise<ExtendCheck> = () => ({ ok: true });
  retryResult: (input: RetryInput) => RetryResult | Promise<RetryResult> = () => ({ ok: false, reason: 'not-found', message: 'No such request.' });
  readonly histories: HistoryInput[] = [];
  readonly statsQueries: GuildStatsInput[] = [];
  historyResult: (input: HistoryInput) => QueryResult<HistoryPage> = () => ({ ok: true, value: { items: [], total: 0 } });
  guildStatsResult: (input: GuildStatsInput) => QueryResult<GuildStats> = () => ({ ok: false, reason: 'unavailable', message: 'Statistics are temporarily unavailable.' });
  readonly budgetQueries: BudgetInput[] = [];
  readonly budgetChanges: SetBudgetInput[] = [];
  budgetResult: (input: BudgetInput) => QueryResult<BudgetView> | Promise<QueryResult<BudgetView>> = () => ({ ok: false, reason: 'unavailable', message: 'Budgets are temporarily unavailable. Please try again in a minute.' });
  setBudgetResult: (input: SetBudgetInput) => QueryResult<BudgetView> | Promise<QueryResult<BudgetView>> = () => ({ ok: false, reason: 'unavailable', message: 'Budgets are temporarily unavailable. Please try again in a minute.' });

  async submit(input: SubmitInput): Promise<SubmitResult> {
    this.submits.push(input);
    return this.submitResult(input);
  }

  async again(input: AgainInput): Promise<AgainResult> {
    this.agains.push(input);
    return this.againResult(input);
  }

  async extend(input: ExtendInput): Promise<AgainResult> {
    this.extensions.push(input);
    return this.extendResult(input);
  }

  async extendCheck(input: ExtendCheckInput): Promise<ExtendCheck> {
    this.extendChecks.push(input);
    return this.extendCheckResult(input);
  }

  async retry(input: RetryInput): Promise<RetryResult> {
    this.retries.push(input);
    return this.retryResult(input);
  }

  async history(input: HistoryInput): Promise<QueryResult<HistoryPage>> {
    this.histories.push(input);
    return this.historyResult(input);
  }

  async guildStats(input: GuildStatsInput): Promise<QueryResult<GuildStats>> {
    this.statsQueries.push(input);
    return this.guildStatsResult(input);
  }

  async budget(input: BudgetInput): Promise<QueryResult<BudgetView>> {
    this.budgetQueries.push(input);
    return this.budgetResult(input);
  }

  async setBudget(input: SetBudgetInput): Promise<QueryResult<BudgetView>> {
    this.budgetChanges.push(input);
    return this.setBudgetResult(input);
  }

  /** Like a signed-URL maker: `gs://bucket/path` → an https link. */
  async linkFor(uri: string): Promise<string> {
    return uri.replace(/^gs:\/\//, 'https://storage.test/');
  }
}

/** A fake Discord, a guild with one channel, and a logged-in DiscordBot. */
export interface BotHarness {
  readonly fake: FakeDiscord;
  readonly guild: FakeGuild;
  readonly channel: FakeChannel;
  readonly handlers: StubHandlers;
  readonly logger: MemoryLogger;
  readonly bot: DiscordBot;
  readonly guilds: GuildDirectory;
  stop(): Promise<void>;
}

/** Starts the fake and a real discord.js client against it. */
export async function startBot(extra: { onReady?: () => unknown; guildTier?: number; policy?: ModelPolicy; handlers?: StubHandlers; drafts?: DraftStore; now?: () => number } = {}): Promise<BotHarness> {
  const fake = await FakeDiscord.start(extra.now ? { now: extra.now } : {});
  const guild = fake.addGuild({ premiumTier: extra.guildTier ?? 0 });
  const channel = fake.addChannel(guild.id);
  const handlers = extra.handlers ?? new StubHandlers();
  const logger = new MemoryLogger();
  const guilds = new GuildDirectory(createDiscordRest({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl }));
  handlers.notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger, guilds });
  const bot = new DiscordBot({
    token: 'fake-bot-token',
    apiBaseUrl: fake.apiUrl,
    handlers,
    policy: extra.policy ?? policy,
    logger,
    guildId: guild.id,
    guilds,
    ...(extra.onReady ? { onReady: extra.onReady } : {}),
    ...(extra.drafts ? { drafts: extra.drafts } : {}),
  });
  await bot.start();
  return {
    fake,
    guild,
    channel,
    handlers,
    logger,
    bot,
    guilds,
    stop: async () => {
      await bot.stop();
      await fake.stop();
      // Whatever a test checks, the bot never sent anything Discord would refuse.
      const refused = fake.refusedRequests();
      if (refused.length > 0) throw new Error(`Discord would refuse: ${refused.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.formErrors)}`).join('; ')}`);
    },
  };
}
