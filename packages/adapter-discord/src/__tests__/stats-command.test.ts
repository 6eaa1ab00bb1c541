import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCounts, type GuildStats } from '@veo-bot/core';
import { visibleText, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';
import { pngHeader } from './support/png.js';

const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n); // View Channel + Send Messages

function statsOf(guildId: string): GuildStats {
  const until = new Date(Date.UTC(2026, 10, 23, 12));
  const week = (n: number) => new Date(Date.UTC(2026, 10, 16 - 7 * n));
  return {
    guildId,
    period: 'week',
    since: new Date(until.getTime() - 12 * 7 * 86_400_000),
    until,
    total: 20,
    counts: { pending: 1, generating: 1, completed: 14, failed: 3, timeout: 1, cancelled: 0 },
    averageDurationMs: 72_000,
    p95DurationMs: 190_000,
    topPrompts: Array.from({ length: 12 }, (_, i) => ({ prompt: `prompt number ${i + 1}`, count: 12 - i })),
    topUsers: [
      { userId: '777', count: 9 },
      { userId: '888', count: 4 },
    ],
    buckets: [
      { start: week(2), counts: { ...emptyCounts(), completed: 5, failed: 1 }, spendUsd: 16 },
      { start: week(0), counts: { pending: 1, generating: 1, completed: 9, failed: 2, timeout: 1, cancelled: 0 }, spendUsd: 48.4 },
    ],
    spendUsd: 64.4,
  };
}

describe('/veo-stats', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBot();
    h.handlers.guildStatsResult = (input) => ({ ok: true, value: statsOf(input.guildId) });
  });
  afterEach(async () => {
    await h.stop();
  });

  const ask = (memberPermissions: bigint, options: Record<string, string> = {}, channelId = h.channel.id): FakeInteraction =>
    h.fake.injectSlashCommand({ channelId, userId: '777', commandName: 'veo-stats', options, memberPermissions });
  const answerOf = (interaction: FakeInteraction): Promise<FakeMessage> =>
    h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && (m.flags & 128) === 0 ? m : undefined;
    });

  it('is registered with Manage Server as default member permission, guild only, beside /veo, /veo-history and /veo-budget', async () => {
    const commands = (await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id))) as { name: string; default_member_permissions?: string | null; contexts?: number[] }[];
    expect(commands.map((c) => c.name)).toEqual(['veo', 'veo-history', 'veo-stats', 'veo-budget', 'Make a Veo video']);
    const stats = commands.find((c) => c.name === 'veo-stats');
    expect(stats?.default_member_permissions).toBe(MANAGE_GUILD.toString());
    expect(stats?.contexts).toEqual([0]);
  });

  it('a member without Manage Server is refused ephemerally, and nothing is queried', async () => {
    const interaction = ask(MEMBER);
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Manage Server');
    expect(h.handlers.statsQueries).toEqual([]);
  });

  it('in a direct message it is refused', async () => {
    const dm = h.fake.addChannel(null);
    const answer = await answerOf(ask(MANAGE_GUILD, {}, dm.id));
    expect(answer.content).toContain('works in a server');
    expect(h.handlers.statsQueries).toEqual([]);
  });

  it('a manager gets the numbers and a PNG chart, deferred and ephemeral', async () => {
    const interaction = ask(MANAGE_GUILD, { period: 'week' });
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(5);
    expect(answer.flags & 64).toBe(64);
    expect(h.handlers.statsQueries).toEqual([{ guildId: h.guild.id, period: 'week' }]);

    const text = visibleText(answer);
    expect(text).toContain('20 video requests in the last 12 weeks');
    expect(text).toContain('✅ Completed: 14');
    expect(text).toContain('❌ Failed: 3');
    expect(text).toContain('⌛ Timed out: 1');
    expect(text).toContain('77.78% of finished');
    expect(text).toContain('average 1m 12s');
    expect(text).toContain('p95 3m 10s');
    expect(text).toContain('10. prompt number 10 (3×)');
    expect(text).not.toContain('prompt number 11');
    expect(text).toContain('1. <@777>: 9');
    expect(text).toContain('$64.40 in the last 12 weeks');
    expect(text).toContain('running ones at their estimate');
    expect(answer.allowedMentions).toEqual({ parse: [] });

    expect(answer.attachments).toHaveLength(1);
    const chart = answer.attachments[0];
    expect(chart?.filename).toBe('veo-stats.png');
    expect(answer.embeds[0]?.image?.url).toBe('attachment://veo-stats.png');
    const bytes = chart?.bytes ?? Buffer.alloc(0);
    expect(bytes.length).toBe(chart?.size);
    expect(bytes.length).toBeGreaterThan(1_000);
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(pngHeader(bytes)).toEqual({ signature: true, firstChunk: 'IHDR', width: 800, height: 400 });
  });

  it('statistics without spend (an older source): no Spend field, and the chart still renders', async () => {
    h.handlers.guildStatsResult = (input) => {
      const { spendUsd: _total, ...stats } = statsOf(input.guildId);
      return { ok: true, value: { ...stats, buckets: stats.buckets.map(({ start, counts }) => ({ start, counts })) } };
    };
    const answer = await answerOf(ask(MANAGE_GUILD));
    expect(answer.embeds[0]?.fields?.map((f) => f.name)).not.toContain('Spend');
    expect(pngHeader(answer.attachments[0]?.bytes ?? Buffer.alloc(0)).signature).toBe(true);
  });

  it('Administrator counts as Manage Server', async () => {
    const answer = await answerOf(ask(1n << 3n));
    expect(answer.attachments).toHaveLength(1);
    expect(h.handlers.statsQueries).toEqual([{ guildId: h.guild.id, period: 'day' }]);
  });

  it('no requests yet: the numbers without a chart', async () => {
    h.handlers.guildStatsResult = (input) => ({ ok: true, value: { ...statsOf(input.guildId), period: 'day', total: 0, counts: emptyCounts(), averageDurationMs: null, p95DurationMs: null, topPrompts: [], topUsers: [], buckets: [] } });
    const answer = await answerOf(ask(MANAGE_GUILD));
    expect(visibleText(answer)).toContain('No video requests in the last 30 days.');
    expect(answer.attachments).toEqual([]);
  });

  it('database down: "Statistics are temporarily unavailable"', async () => {
    h.handlers.guildStatsResult = () => ({ ok: false, reason: 'unavailable', message: 'connection refused' });
    const answer = await answerOf(ask(MANAGE_GUILD));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toBe('Statistics are temporarily unavailable. Please try again in a minute.');
    expect(answer.attachments).toEqual([]);
  });
});
