import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aDeliverableVideo, aRequest } from '@veo-bot/core/testing';
import type { AgainResult } from '@veo-bot/core';
import { DiscordNotifier } from '../discord-notifier.js';
import { enabledButtons, type FakeMessage } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';

describe('Again button on a delivered video', () => {
  let h: BotHarness;
  let delivered: FakeMessage;
  const owner = '5001';
  const done = aRequest({ userId: owner, interaction: null, status: 'completed' });

  beforeEach(async () => {
    h = await startBot();
    const notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: h.fake.apiUrl, logger: h.logger });
    await notifier.completed({ ...done, guildId: h.guild.id, channelId: h.channel.id }, { video: aDeliverableVideo(1024), resumed: false, route: 'channel' });
    delivered = h.fake.messagesIn(h.channel.id)[0] as FakeMessage;
    let made = false;
    h.handlers.againResult = (input): AgainResult => {
      if (input.userId !== owner) return { ok: false, reason: 'not-owner', message: `Only <@${owner}> can make this video again.` };
      const created = !made;
      made = true;
      return { ok: true, created, queuePosition: created ? 1 : null, request: aRequest({ userId: owner, retryOf: done.id }), eta: { kind: 'unknown' } };
    };
  });
  afterEach(async () => {
    await h.stop();
  });

  const click = (userId: string) => h.fake.injectButtonClick({ messageId: delivered.id, userId, customId: `veo:again:${done.id}` });
  const answerOf = (interaction: ReturnType<typeof click>) => h.fake.waitFor(() => {
    const m = h.fake.originalOf(interaction);
    return m && m.content.length > 0 ? m : undefined;
  });

  it('owner: ephemeral confirmation with the queue place, core called with the clicker, button disabled and relabelled', async () => {
    expect(enabledButtons(delivered, 'veo:again:')).toEqual([`veo:again:${done.id}`]);
    const interaction = click(owner);
    const answer = await answerOf(interaction);
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Making it again. ⏳ Queued (#1) — usually a few minutes.');
    expect(h.handlers.agains).toEqual([{ requestId: done.id, userId: owner, channelId: h.channel.id, interaction: { applicationId: h.fake.applicationId, interactionId: interaction.id, token: interaction.token }, channelNsfw: false, memberRoleIds: [] }]);
    await h.fake.waitFor(() => delivered.editCount > 0);
    expect(enabledButtons(delivered, 'veo:again:')).toEqual([]);
    expect(JSON.stringify(delivered.components)).toContain('Made again');
  });

  it('someone else: refused ephemerally, the button stays', async () => {
    const answer = await answerOf(click('6002'));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain(`Only <@${owner}> can make this video again.`);
    expect(delivered.editCount).toBe(0);
  });

  it('double click: one new request, the second click says so', async () => {
    const answers = [await answerOf(click(owner)), await answerOf(click(owner))].map((m) => m.content);
    expect(answers.filter((a) => a.includes('Making it again'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('already being made again'))).toHaveLength(1);
  });

  it('per-user limit: the refusal says when a slot frees', async () => {
    const retryAt = new Date(Date.UTC(2030, 0, 1));
    h.handlers.againResult = () => ({ ok: false, reason: 'rate-limited', limit: 10, retryAt, message: 'You have used all 10 videos allowed per 24 hours.' });
    const answer = await answerOf(click(owner));
    expect(answer.content).toContain(`<t:${Math.floor(retryAt.getTime() / 1000)}:R>`);
  });
  it('a new take: the answer says the fixed seed is not reused and how to get the same video', async () => {
    h.handlers.againResult = (): AgainResult => ({ ok: true, created: true, queuePosition: 2, request: aRequest({ userId: owner, retryOf: done.id }), droppedSeed: 42 });
    const answer = await answerOf(click(owner));
    expect(answer.content).toContain('A new take: seed 42 is not reused (`/veo` with `seed:42` makes the same video).');
    expect(answer.content).toContain('Queued (#2)');
  });
});
