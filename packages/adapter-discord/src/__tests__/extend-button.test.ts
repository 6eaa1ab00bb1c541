import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VEO_MODELS, type AgainResult, type ModelPolicy } from '@veo-bot/core';
import { aDeliverableVideo, aRequest, testUuid } from '@veo-bot/core/testing';
import { DiscordNotifier } from '../discord-notifier.js';
import { STALE_COMPONENT } from '../interaction-replies.js';
import { enabledButtons, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { policy, startBot, type BotHarness } from './support/bot-harness.js';

describe('Extend button on a delivered video', () => {
  let h: BotHarness;
  const owner = '5001';
  const done = aRequest({ userId: owner, interaction: null, status: 'completed', durationSeconds: 8, videoUrls: ['gs://bucket/veo/x/sample_0.mp4'] });

  beforeEach(async () => {
    h = await startBot();
    h.handlers.extendCheckResult = (input) => (input.userId === owner ? { ok: true } : { ok: false, reason: 'not-owner', message: `Only <@${owner}> can extend this video. Use \`/veo\` to make your own.` });
    h.handlers.extendResult = (input): AgainResult => ({ ok: true, created: true, queuePosition: 1, request: aRequest({ userId: input.userId, extendsId: input.requestId }), eta: { kind: 'unknown' } });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function deliver(request: typeof done, withPolicy: ModelPolicy = policy): Promise<FakeMessage> {
    const notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: h.fake.apiUrl, logger: h.logger, policy: withPolicy });
    await notifier.completed({ ...request, guildId: h.guild.id, channelId: h.channel.id }, { video: aDeliverableVideo(1024), resumed: false, route: 'channel' });
    return h.fake.messagesIn(h.channel.id).at(-1) as FakeMessage;
  }
  const click = (m: FakeMessage, userId: string, customId = `veo:extend:${done.id}`) => h.fake.injectButtonClick({ messageId: m.id, userId, customId });
  const answerOf = (i: FakeInteraction) => h.fake.waitFor(() => {
    const m = h.fake.originalOf(i);
    return m && m.content.length > 0 ? m : undefined;
  });

  it('shown next to Again when core finds nothing against extending; hidden for a video over 30 s or a model that cannot extend', async () => {
    expect(enabledButtons(await deliver(done), 'veo:')).toEqual([`veo:again:${done.id}`, `veo:extend:${done.id}`]);
    // Other ids: the channel post's nonce is the request's, and Discord would answer a repeat with the first message.
    const long = { ...done, id: testUuid(), sourceSeconds: 29, durationSeconds: 7 };
    expect(enabledButtons(await deliver(long), 'veo:')).toEqual([`veo:again:${long.id}`]);
    const exactly30 = { ...done, id: testUuid(), sourceSeconds: 23, durationSeconds: 7 };
    expect(enabledButtons(await deliver(exactly30), 'veo:extend:')).toEqual([`veo:extend:${exactly30.id}`]);
    const plain = { ...VEO_MODELS.find((m) => m.id === done.model)!, extension: undefined };
    const other = { ...done, id: testUuid() };
    expect(enabledButtons(await deliver(other, { models: [plain], defaultModel: plain.id }), 'veo:')).toEqual([`veo:again:${other.id}`]);
  });

  it('owner: a modal asking how it goes on; its submit calls core\'s Extend with the prompt and answers like Again', async () => {
    const delivered = await deliver(done);
    const shown = click(delivered, owner);
    const modal = await h.fake.waitFor(() => h.fake.modalOf(shown));
    expect(modal.customId).toBe(`veo:extendp:${done.id}`);
    expect(h.handlers.extendChecks).toEqual([{ requestId: done.id, userId: owner }]);
    expect(h.handlers.extensions).toEqual([]);
    const submit = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'the fox leaps over a frozen stream', negative_prompt: 'blur' } });
    const answer = await answerOf(submit);
    expect(answer.flags & 64).toBe(64);
    expect(answer.content).toContain('Extending your video. ⏳ Queued (#1)');
    expect(h.handlers.extensions).toEqual([{
      requestId: done.id, userId: owner, channelId: h.channel.id, prompt: 'the fox leaps over a frozen stream', negativePrompt: 'blur',
      interaction: { applicationId: h.fake.applicationId, interactionId: submit.id, token: submit.token }, channelNsfw: false, memberRoleIds: [],
    }]);
    // The delivered message keeps both buttons (a video may be extended again).
    expect(enabledButtons(delivered, 'veo:extend:')).toEqual([`veo:extend:${done.id}`]);
  });

  it('the submit is refused by core (it checks again): core\'s words, ephemeral', async () => {
    h.handlers.extendResult = () => ({ ok: false, reason: 'not-retryable', message: 'The prompt must not be empty.' });
    const shown = click(await deliver(done), owner);
    await h.fake.waitFor(() => h.fake.modalOf(shown));
    const answer = await answerOf(h.fake.injectModalSubmit({ from: shown, values: { prompt: '   ' } }));
    expect(answer.content).toBe('The prompt must not be empty.');
    expect(answer.flags & 64).toBe(64);
  });

  it('someone else: core\'s refusal, ephemeral, no modal and nothing extended', async () => {
    const interaction = click(await deliver(done), '6002');
    const answer = await answerOf(interaction);
    expect(answer.content).toBe(`Only <@${owner}> can extend this video. Use \`/veo\` to make your own.`);
    expect(answer.flags & 64).toBe(64);
    expect(h.fake.modalOf(interaction)).toBeNull();
    expect(h.handlers.extensions).toEqual([]);
  });

  it('forged ids: a malformed button is stale, a forged Extend form changes nothing', async () => {
    const delivered = await deliver(done);
    expect((await answerOf(click(delivered, owner, 'veo:extend:not-a-uuid'))).content).toBe(STALE_COMPONENT);
    const shown = click(delivered, owner);
    await h.fake.waitFor(() => h.fake.modalOf(shown));
    const forged = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'x' }, customId: 'veo:extendp:1234' });
    expect((await answerOf(forged)).content).toContain('This form has expired');
    expect(h.handlers.extensions).toEqual([]);
  });

  it('Again on a video with Extend disables Again only', async () => {
    h.handlers.againResult = (): AgainResult => ({ ok: true, created: true, queuePosition: 1, request: aRequest({ userId: owner, retryOf: done.id }) });
    const delivered = await deliver(done);
    await answerOf(click(delivered, owner, `veo:again:${done.id}`));
    await h.fake.waitFor(() => delivered.editCount > 0);
    expect(enabledButtons(delivered, 'veo:')).toEqual([`veo:extend:${done.id}`]);
  });
});
