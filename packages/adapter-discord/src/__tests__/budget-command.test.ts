import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetBudget, SetGuildBudget, type SpendCaps } from '@veo-bot/core';
import { aRequest, FakeClock, InMemoryBudgetLedger, InMemoryRequestRepository, MemoryLogger } from '@veo-bot/core/testing';
import { visibleText, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';

const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n); // View Channel + Send Messages
const DEFAULTS: SpendCaps = { guildDailyUsd: null, guildMonthlyUsd: 500, userDailyUsd: 10 };
const now = new Date(Date.UTC(2026, 10, 23, 12));
const unix = (d: Date): number => Math.floor(d.getTime() / 1000);
const tomorrow = new Date(Date.UTC(2026, 10, 24));
const nextMonth = new Date(Date.UTC(2026, 11, 1));

describe('/veo-budget, with core GetBudget / SetGuildBudget over the in-memory ledger', () => {
  let h: BotHarness;
  let repo: InMemoryRequestRepository;
  beforeEach(async () => {
    h = await startBot();
    repo = new InMemoryRequestRepository();
    const ledger = new InMemoryBudgetLedger(repo);
    const deps = { ledger, clock: new FakeClock(now), logger: new MemoryLogger(), defaults: DEFAULTS };
    const get = new GetBudget(deps);
    const set = new SetGuildBudget(deps);
    h.handlers.budgetResult = (input) => get.execute(input);
    h.handlers.setBudgetResult = (input) => set.execute(input);
    await ledger.setGuildBudget({ guildId: h.guild.id, caps: { guildDailyUsd: 20, guildMonthlyUsd: null, userDailyUsd: null }, updatedBy: '900', updatedAt: new Date(now.getTime() - 3_600_000) });
    const spent = (userId: string, minutesAgo: number, usd: number, final: number | null) =>
      repo.seed(aRequest({ userId, guildId: h.guild.id, createdAt: new Date(now.getTime() - minutesAgo * 60_000), estimatedCostUsd: usd, finalCostUsd: final }));
    spent('777', 30, 1.6, 1.6);
    spent('888', 20, 1.6, null);
    spent('888', 3 * 24 * 60, 37.8, 37.8);
    // The fake types NUMBER options from the registered command.
    await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
  });
  afterEach(async () => {
    await h.stop();
  });

  const ask = (subcommand: string, memberPermissions: bigint, options: Record<string, string | number> = {}, channelId = h.channel.id): FakeInteraction =>
    h.fake.injectSlashCommand({ channelId, userId: '777', commandName: 'veo-budget', subcommand, options, memberPermissions });
  const answerOf = (interaction: FakeInteraction): Promise<FakeMessage> =>
    h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && (m.flags & 128) === 0 ? m : undefined;
    });

  it('is registered with Manage Server as default member permission, guild only, with show and set', async () => {
    type Option = { name: string; type: number; min_value?: number; choices?: { value: string }[]; options?: Option[] };
    const commands = (await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id))) as { name: string; default_member_permissions?: string; contexts?: number[]; options: Option[] }[];
    expect(commands.map((c) => c.name)).toEqual(['veo', 'veo-history', 'veo-stats', 'veo-budget', 'Make a Veo video']);
    const budget = commands.find((c) => c.name === 'veo-budget');
    expect(budget?.default_member_permissions).toBe(MANAGE_GUILD.toString());
    expect(budget?.contexts).toEqual([0]);
    expect(budget?.options.map((o) => [o.name, o.type])).toEqual([['show', 1], ['set', 1]]);
    const set = budget?.options[1]?.options ?? [];
    expect(set.map((o) => [o.name, o.type, o.min_value])).toEqual([['daily_usd', 10, 0], ['monthly_usd', 10, 0], ['user_daily_usd', 10, 0], ['reset', 3, undefined]]);
    expect(set[3]?.choices?.map((c) => c.value)).toEqual(['daily', 'monthly', 'user_daily', 'all']);
  });

  it('show: any member gets an ephemeral embed with each cap, spend, what is left and the resets as timestamps', async () => {
    const interaction = ask('show', MEMBER);
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(5);
    expect(answer.flags & 64).toBe(64);
    expect(h.handlers.budgetQueries).toEqual([{ guildId: h.guild.id, userId: '777' }]);
    const fields = answer.embeds[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(['Server · per day', 'Server · per month', 'You · per day']);
    expect(fields[0]?.value).toContain('**$20.00** (set for this server) · $3.20 spent · **$16.80 left**');
    expect(fields[0]?.value).toContain(`Resets <t:${unix(tomorrow)}:f> (<t:${unix(tomorrow)}:R>)`);
    expect(fields[1]?.value).toContain('**$500.00** (bot default) · $41.00 spent · **$459.00 left**');
    expect(fields[1]?.value).toContain(`<t:${unix(nextMonth)}:f>`);
    expect(fields[2]?.value).toContain('**$10.00** (bot default) · $1.60 spent · **$8.40 left**');
    expect(visibleText(answer)).toContain(`Last changed by <@900> <t:${unix(now) - 3600}:R>`);
    expect(answer.allowedMentions).toEqual({ parse: [] });
  });

  it('set by a manager: the handler gets the caps (numbers set, reset clears), the answer is the new budget', async () => {
    const answer = await answerOf(ask('set', MANAGE_GUILD, { daily_usd: 25.5, monthly_usd: 300, reset: 'user_daily' }));
    expect(answer.flags & 64).toBe(64);
    expect(h.handlers.budgetChanges).toEqual([{ guildId: h.guild.id, actorId: '777', caps: { guildDailyUsd: 25.5, guildMonthlyUsd: 300, userDailyUsd: null } }]);
    expect(answer.embeds[0]?.title).toContain('updated');
    const text = visibleText(answer);
    expect(text).toContain('**$25.50** (set for this server)');
    expect(text).toContain('**$300.00** (set for this server)');
    expect(text).toContain('**$10.00** (bot default)');
    expect(text).toContain('Last changed by <@777>');
  });

  it('reset: all clears every cap back to the defaults; a whole-number value arrives as a NUMBER option too', async () => {
    await answerOf(ask('set', MANAGE_GUILD, { reset: 'all' }));
    const second = await answerOf(ask('set', MANAGE_GUILD, { user_daily_usd: 5 }));
    expect(h.handlers.budgetChanges.map((c) => c.caps)).toEqual([{ guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: null }, { userDailyUsd: 5 }]);
    expect(visibleText(second)).toContain('No cap · $3.20 spent today');
  });

  it('set by a member without Manage Server is refused ephemerally, and nothing changes', async () => {
    const interaction = ask('set', MEMBER, { daily_usd: 1000 });
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Manage Server');
    expect(h.handlers.budgetChanges).toEqual([]);
  });

  it('in a direct message it is refused', async () => {
    const dm = h.fake.addChannel(null);
    const answer = await answerOf(ask('show', MANAGE_GUILD, {}, dm.id));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('works in a server');
    expect(h.handlers.budgetQueries).toEqual([]);
  });

  it("an invalid value gets core's message, ephemerally", async () => {
    const answer = await answerOf(ask('set', MANAGE_GUILD, { daily_usd: -5, monthly_usd: 250_000 }));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toBe('guild daily cap must not be negative; guild monthly cap must be at most 100000 USD.');
    expect(answer.embeds).toEqual([]);
  });

  it('nothing to change, or the same cap both set and reset: a hint, and no call', async () => {
    expect((await answerOf(ask('set', MANAGE_GUILD))).content).toContain('Nothing to change');
    expect((await answerOf(ask('set', MANAGE_GUILD, { daily_usd: 5, reset: 'all' }))).content).toContain('`daily_usd` is both set and reset');
    expect(h.handlers.budgetChanges).toEqual([]);
  });

  it('database down: "Budgets are temporarily unavailable"', async () => {
    repo.available = false;
    for (const interaction of [ask('show', MEMBER), ask('set', MANAGE_GUILD, { daily_usd: 5 })]) {
      const answer = await answerOf(interaction);
      expect(answer.flags & 64).toBe(64);
      expect(answer.content).toBe('Budgets are temporarily unavailable. Please try again in a minute.');
    }
  });
});
