import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryPage, QueryResult, VideoRequest } from '@veo-bot/core';
import { aRequest } from '@veo-bot/core/testing';
import { DiscordBot } from '../discord-bot.js';
import { enabledButtons, visibleText, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import type { HistoryInput } from '../veo-handlers.js';
import { policy, startBot, type BotHarness } from './support/bot-harness.js';

const owner = '777';
const at = (minutesAgo: number): Date => new Date(Date.UTC(2026, 10, 23, 12, 0) - minutesAgo * 60_000);

/** Seven requests of the owner, newest first, one of each kind a user can meet. */
const requests: VideoRequest[] = [
  aRequest({ userId: owner, prompt: 'a fox running through deep snow at dawn', status: 'completed', createdAt: at(1), durationMs: 65_000, videoUrls: ['https://cdn.test/fox.mp4'], estimatedCostUsd: 3.2, finalCostUsd: 3.2 }),
  aRequest({ userId: owner, prompt: 'a lighthouse in a storm', status: 'completed', createdAt: at(2), durationMs: 42_000, videoUrls: ['gs://veo-out/lighthouse/0.mp4'] }),
  aRequest({ userId: owner, prompt: 'a *bold* cat', status: 'failed', createdAt: at(3), durationMs: 5_000, errorMessage: 'The prompt was blocked by safety filters.', estimatedCostUsd: 3.2, finalCostUsd: 0 }),
  aRequest({ userId: owner, prompt: 'x'.repeat(300), status: 'timeout', createdAt: at(4), durationMs: 300_000, errorMessage: 'Generation timed out after 5 minutes' }),
  aRequest({ userId: owner, prompt: 'clouds over a city', status: 'generating', createdAt: at(5), estimatedCostUsd: 1.6 }),
  aRequest({ userId: owner, prompt: 'sixth: a red balloon', status: 'pending', createdAt: at(6) }),
  aRequest({ userId: owner, prompt: 'seventh: a quiet lake', status: 'completed', createdAt: at(7), durationMs: 30_000, videoUrls: ['https://cdn.test/lake.mp4'] }),
];

function fromDatabase(input: HistoryInput): QueryResult<HistoryPage> {
  const mine = requests.filter((r) => r.userId === input.userId && (!input.status || r.status === input.status));
  return { ok: true, value: { items: mine.slice(input.offset, input.offset + input.limit), total: mine.length } };
}

describe('/veo-history', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBot();
    h.handlers.historyResult = fromDatabase;
  });
  afterEach(async () => {
    await h.stop();
  });

  const ask = (options: Record<string, string | number> = {}, userId = owner): FakeInteraction =>
    h.fake.injectSlashCommand({ channelId: h.channel.id, userId, commandName: 'veo-history', options });
  const answerOf = (interaction: FakeInteraction): Promise<FakeMessage> =>
    h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && (m.flags & 128) === 0 ? m : undefined;
    });
  const click = (message: FakeMessage, customId: string, userId = owner): FakeInteraction => h.fake.injectButtonClick({ messageId: message.id, userId, customId });

  it('answers the owner ephemerally: newest five, status, time, duration, link or reason, and page buttons', async () => {
    const interaction = ask();
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(5);
    expect(answer.flags & 64).toBe(64);
    expect(h.handlers.histories).toEqual([{ userId: owner, limit: 5, offset: 0 }]);
    const embed = answer.embeds[0];
    expect(embed?.fields?.map((f) => f.name)).toEqual(['1. a fox running through deep snow at dawn', '2. a lighthouse in a storm', '3. a \\*bold\\* cat', `4. ${'x'.repeat(79)}…`, '5. clouds over a city']);
    const values = embed?.fields?.map((f) => f.value) ?? [];
    expect(values[0]).toContain('✅ Completed');
    expect(values[0]).toContain(`<t:${Math.floor(at(1).getTime() / 1000)}:f>`);
    expect(values[0]).toContain('took 1m 05s');
    expect(values[0]).toContain('[Open the video](https://cdn.test/fox.mp4)');
    expect(values[1]).toContain('[Open the video](https://storage.test/veo-out/lighthouse/0.mp4)');
    expect(values[2]).toContain('Reason: The prompt was blocked by safety filters.');
    expect(values[3]).toContain('⌛ Timed out');
    expect(values[4]).toContain('in progress');
    expect(values[0]).toContain('took 1m 05s · $3.20');
    expect(values[2]).toContain('· $0.00');
    expect(values[4]).toContain('in progress · $1.60 (est.)');
    expect(values[3]).not.toContain('$');
    expect(embed?.footer?.text).toBe('Page 1 of 2 · 7 requests');
    expect(enabledButtons(answer, 'veo:hist:')).toEqual([`veo:hist:${owner}:*:2`]);
  });

  it('Next and Previous page in place for the owner, from the state in the custom_id', async () => {
    const answer = await answerOf(ask());
    const next = click(answer, `veo:hist:${owner}:*:2`);
    await h.fake.waitFor(() => answer.embeds[0]?.footer?.text?.startsWith('Page 2'));
    expect(next.callbackType).toBe(6);
    expect(h.handlers.histories.at(-1)).toEqual({ userId: owner, limit: 5, offset: 5 });
    expect(answer.embeds[0]?.fields?.map((f) => f.name)).toEqual(['6. sixth: a red balloon', '7. seventh: a quiet lake']);
    expect(enabledButtons(answer, 'veo:hist:')).toEqual([`veo:hist:${owner}:*:1`]);

    click(answer, `veo:hist:${owner}:*:1`);
    await h.fake.waitFor(() => answer.embeds[0]?.footer?.text?.startsWith('Page 1'));
    expect(h.handlers.histories.at(-1)).toEqual({ userId: owner, limit: 5, offset: 0 });
    expect(h.fake.messagesIn(h.channel.id)).toHaveLength(1);
  });

  it('someone else pressing the buttons is refused ephemerally and the page stays', async () => {
    const answer = await answerOf(ask());
    const asked = h.handlers.histories.length;
    const stranger = click(answer, `veo:hist:${owner}:*:2`, '888');
    const refusal = await answerOf(stranger);
    expect(refusal.flags & 64).toBe(64);
    expect(refusal.content).toContain('Only the person who asked');
    expect(h.handlers.histories).toHaveLength(asked);
    expect(answer.embeds[0]?.footer?.text).toBe('Page 1 of 2 · 7 requests');
    expect(answer.editCount).toBe(1);
  });

  it('the buttons keep working after a restart (a new client, nothing in memory)', async () => {
    const answer = await answerOf(ask());
    await h.bot.stop();
    const restarted = new DiscordBot({ token: 'fake-bot-token', apiBaseUrl: h.fake.apiUrl, handlers: h.handlers, policy, logger: h.logger, guildId: h.guild.id, registerCommands: false });
    await restarted.start();
    try {
      click(answer, `veo:hist:${owner}:*:2`);
      await h.fake.waitFor(() => answer.embeds[0]?.footer?.text?.startsWith('Page 2'));
    } finally {
      await restarted.stop();
    }
  });

  it('passes the status filter and page, and keeps the filter in the buttons', async () => {
    const answer = await answerOf(ask({ status: 'completed', page: 1 }));
    expect(h.handlers.histories).toEqual([{ userId: owner, status: 'completed', limit: 5, offset: 0 }]);
    expect(answer.embeds[0]?.title).toContain('completed');
    expect(answer.components).toEqual([]);
  });

  it('a page past the end shows the last page', async () => {
    const answer = await answerOf(ask({ page: 9 }));
    expect(h.handlers.histories.map((i) => i.offset)).toEqual([40, 5]);
    expect(answer.embeds[0]?.footer?.text).toBe('Page 2 of 2 · 7 requests');
  });

  it('empty history: a friendly ephemeral message', async () => {
    const answer = await answerOf(ask({}, '999'));
    expect(answer.flags & 64).toBe(64);
    expect(visibleText(answer)).toContain("You haven't made any videos yet");
    expect(answer.embeds).toEqual([]);
  });

  it('database down: says history is temporarily unavailable', async () => {
    h.handlers.historyResult = () => ({ ok: false, reason: 'unavailable', message: 'Statistics are temporarily unavailable. Please try again in a minute.' });
    const answer = await answerOf(ask());
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toBe('Your history is temporarily unavailable. Please try again in a minute.');
  });

  it('database down while paging: the page stays and an ephemeral follow-up explains', async () => {
    const interaction = ask();
    const answer = await answerOf(interaction);
    h.handlers.historyResult = () => ({ ok: false, reason: 'unavailable', message: 'down' });
    const next = click(answer, `veo:hist:${owner}:*:2`);
    const [note] = await h.fake.waitFor(() => {
      const f = h.fake.followUpsOf(next);
      return f.length > 0 ? f : undefined;
    });
    expect(note?.content).toContain('temporarily unavailable');
    expect((note?.flags ?? 0) & 64).toBe(64);
    expect(answer.embeds[0]?.footer?.text).toBe('Page 1 of 2 · 7 requests');
  });
});
