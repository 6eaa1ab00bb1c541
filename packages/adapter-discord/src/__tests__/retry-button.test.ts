import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aRequest } from '@veo-bot/core/testing';
import type { RetryResult } from '@veo-bot/core';
import { DiscordNotifier } from '../discord-notifier.js';
import { enabledButtons, type FakeMessage } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';

describe('Retry button', () => {
  let h: BotHarness;
  let failure: FakeMessage;
  const owner = '5001';
  const failed = aRequest({ userId: owner, interaction: null });

  beforeEach(async () => {
    h = await startBot();
    const request = { ...failed, guildId: h.guild.id, channelId: h.channel.id };
    const notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: h.fake.apiUrl, logger: h.logger });
    await notifier.failed(request, { reason: 'Vertex AI is overloaded', resumed: false, retryable: true, route: 'channel' });
    failure = h.fake.messagesIn(h.channel.id)[0] as FakeMessage;
    let made = false;
    h.handlers.retryResult = (input): RetryResult => {
      if (input.userId !== owner) return { ok: false, reason: 'not-owner', message: 'Only the person who made this request can retry it.' };
      const created = !made;
      made = true;
      return { ok: true, created, queuePosition: 1, request: aRequest({ userId: owner, retryOf: failed.id }) };
    };
  });
  afterEach(async () => {
    await h.stop();
  });

  const click = (userId: string) => h.fake.injectButtonClick({ messageId: failure.id, userId, customId: `veo:retry:${failed.id}` });
  const answerOf = (interaction: ReturnType<typeof click>) =>
    h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && m.content.length > 0 ? m : undefined;
    });

  it('owner: ephemeral confirmation, retry called with the clicker and a fresh interaction, button disabled', async () => {
    expect(enabledButtons(failure, 'veo:retry:')).toEqual([`veo:retry:${failed.id}`]);
    const interaction = click(owner);
    const answer = await answerOf(interaction);
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Retry started');
    expect(h.handlers.retries).toEqual([
      { requestId: failed.id, userId: owner, channelId: h.channel.id, interaction: { applicationId: h.fake.applicationId, interactionId: interaction.id, token: interaction.token }, channelNsfw: false, memberRoleIds: [] },
    ]);
    await h.fake.waitFor(() => failure.editCount > 0);
    expect(enabledButtons(failure, 'veo:retry:')).toEqual([]);
  });

  it('another user: refused ephemerally, button stays', async () => {
    const answer = await answerOf(click('6002'));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Only the person who made this request');
    expect(failure.editCount).toBe(0);
    expect(enabledButtons(failure, 'veo:retry:')).toHaveLength(1);
  });

  it('over budget: the clicker gets the cap and its reset, and the button stays for later', async () => {
    const retryAt = new Date(Date.UTC(2030, 1, 1));
    const message = "This server's monthly video budget of $100.00 has $0.00 left; this video would cost about $3.20. It resets on 2030-02-01 (1st of the month, UTC).";
    h.handlers.retryResult = () => ({ ok: false, reason: 'over-budget', cap: 'guild-monthly', limitUsd: 100, remainingUsd: 0, estimateUsd: 3.2, retryAt, message });
    const answer = await answerOf(click(owner));
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain(message);
    expect(answer.content).toContain(`<t:${Math.floor(retryAt.getTime() / 1000)}:R>`);
    expect(failure.editCount).toBe(0);
    expect(enabledButtons(failure, 'veo:retry:')).toHaveLength(1);
  });

  it('double click: retry asked twice, one retry started, the second click says so', async () => {
    const first = click(owner);
    const second = click(owner);
    const answers = [await answerOf(first), await answerOf(second)].map((m) => m.content);
    expect(h.handlers.retries).toHaveLength(2);
    expect(answers.filter((a) => a.includes('Retry started'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('already retried'))).toHaveLength(1);
    await h.fake.waitFor(() => failure.editCount > 0 && enabledButtons(failure, 'veo:retry:').length === 0);
    const visible = h.fake.messagesIn(h.channel.id).filter((m) => (m.flags & 64) === 0);
    expect(visible).toHaveLength(1);
  });
});
